import { z } from 'zod';
import { Id, LotView, Operator, Pin, Text } from './entities';
import { method } from './spec';
import { Role } from './roles';

const Empty = z.object({}).strict();
const RECEIVING = ['receiver', 'manager'] as const;

/** Who an operator is: a vendor names the stall they sell for (null: none yet); other roles have none. */
export const OperatorDraft = z.object({ name: Text(40), role: Role, stallId: Id.nullable().optional() });
export type OperatorDraft = z.input<typeof OperatorDraft>;

/** An operator as managers and admins see them: `pinLocked` after too many wrong PINs. */
export const OperatorAccount = Operator.extend({ pinLocked: z.boolean() });
export type OperatorAccount = z.infer<typeof OperatorAccount>;

/**
 * Master data the station's own staff keep: operators (edit, disable, re-PIN) and where a gate lot
 * goes (去向摊位). Varieties and subjects are in methods.ts (listVarieties, saveVariety, saveSubject).
 */
export const masterDataMethods = {
  /**
   * Every operator, disabled ones too, with their stall and whether wrong PINs locked them: the
   * admin's list, which managers see to unlock (the sign-in picker is listOperators).
   */
  listOperatorAccounts: method({ access: ['manager'], input: Empty, output: z.array(OperatorAccount) }),
  /** Opens an operator locked after too many wrong PINs; who did it is recorded (pin_unlocks). */
  unlockOperator: method({ access: ['manager'], input: z.object({ id: Id }), output: OperatorAccount }),
  /** Name, role and stall; the operator's open sessions take the change at once. */
  updateOperator: method({ access: ['admin'], input: OperatorDraft.extend({ id: Id }), output: Operator }),
  /** Disabling ends the operator's open sessions at once; never the last active admin, never oneself. */
  setOperatorActive: method({ access: ['admin'], input: z.object({ id: Id, active: z.boolean() }), output: Operator }),
  /** A new PIN; the old one stops working and the operator's other sessions end. */
  resetOperatorPin: method({ access: ['admin'], input: z.object({ id: Id, pin: Pin }), output: Operator }),
  /** 去向摊位: the stall that will sell a lot admitted (or waiting for its test) at the gate. */
  assignLotStall: method({ access: RECEIVING, input: z.object({ lotId: Id, stallId: Id }), output: LotView }),
} as const;
