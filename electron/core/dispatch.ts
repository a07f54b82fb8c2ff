import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError, allows, contract, type ApiErrorShape, type Contract, type MethodName, type Operator, type Output, type ParsedInput } from '../../shared/contract';
import type { StationLog } from '../logging/logger';

/** What every transport sends back: a value, or an error the renderer can translate. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export interface CallContext {
  /** Session id from sign-in; the IPC adapter keeps it per window, HTTP sends it as a header. */
  sessionId?: string;
}

/** Who calls: a method open to callers without a session may have none; any other has one (the dispatcher checked). */
export type CallerOf<M extends MethodName> = Contract[M]['access'] extends 'public' ? Operator | undefined : Operator;
/** A method's handler, typed from its contract entry: a wrong input, operator or answer does not compile. */
export type Handler<M extends MethodName> = (input: ParsedInput<M>, operator: CallerOf<M>, ctx: CallContext) => Output<M> | Promise<Output<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export interface SessionLookup {
  operatorFor(sessionId: string | undefined): Operator | null;
  /** Why a session the client still sends has ended (idle, disabled, new PIN), told once. */
  endedWhy?(sessionId: string | undefined): Record<string, string | number> | null;
}

function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), code: i.message && /^[a-zA-Z]+$/.test(i.message) ? i.message : i.code }));
}

/**
 * The single gate for both transports: unknown method, payload validation, role check, handler,
 * output validation. Nothing reaches a service without passing all of it.
 */
export function createDispatcher(handlers: Handlers, sessions: SessionLookup, log: StationLog) {
  // The one place the contract's types meet runtime checks: the input was parsed by this method's
  // schema and a non-public method's caller was checked to be signed in, so the operator is its CallerOf.
  const run = <M extends MethodName>(name: M, input: ParsedInput<M>, operator: Operator | undefined, ctx: CallContext) => handlers[name](input, operator as CallerOf<M>, ctx);
  return async function dispatch(name: string, rawInput: unknown, ctx: CallContext = {}): Promise<Envelope> {
    try {
      if (!isMethod(name)) throw new ApiError('unknownMethod', `unknown method ${name}`);
      const spec = contract[name];
      const operator = sessions.operatorFor(ctx.sessionId);
      if (spec.access !== 'public' && !operator) throw new ApiError('notSignedIn', 'sign in first', sessions.endedWhy?.(ctx.sessionId) ?? undefined);
      if (!allows(spec.access, operator?.role ?? null)) throw new ApiError('forbidden', `role ${operator?.role} may not call ${name}`);
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new ApiError('badRequest', `invalid input for ${name}`, undefined, issuesOf(parsed.error));
      return { ok: true, value: spec.output.parse(await run(name, parsed.data, operator ?? undefined, ctx)) };
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, error: e.toJSON() };
      // The method and an id the operator can quote; never the input, which may hold PINs or phones.
      const errorId = randomBytes(4).toString('hex');
      log.error({ event: 'internalError', method: name, errorId, err: e }, `internal error in ${name}`);
      return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e), params: { errorId } } };
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
