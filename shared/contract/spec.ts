import type { z } from 'zod';
import type { Access } from './roles';

/** One API method: who may call it, what it takes and what it answers. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, A extends Access = Access> {
  access: A;
  input: I;
  output: O;
}

/** Keeps each spec's own types, its access included: the typed handler map reads them (electron/core/dispatch.ts). */
export const method = <I extends z.ZodType, O extends z.ZodType, const A extends Access>(spec: MethodSpec<I, O, A>) => spec;
