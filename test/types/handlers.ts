/**
 * Type test, checked by `npm run typecheck` (tsc covers test/): each handler is typed from its
 * contract entry. Every `@ts-expect-error` below must stay an error — if a change to Handler made a
 * mistyped handler compile, tsc would report the directive as unused and fail.
 */
import type { CallerOf, Handler, Handlers } from '../../electron/core/dispatch';
import type { Operator, Output, ParsedInput } from '../../shared/contract';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;

// The input is what the schema made of the call: defaults filled in (listPrintJobs' limit).
export const inputParsed = same<Parameters<Handler<'listPrintJobs'>>[0], { unfinished: boolean; limit: number }>(true);
// A method open to callers without a session may have no operator; any other always has one.
export const publicCaller = same<CallerOf<'signIn'>, Operator | undefined>(true);
export const signedInCaller = same<CallerOf<'getLineage'>, Operator>(true);
export const roleCaller = same<CallerOf<'splitLot'>, Operator>(true);

// Well-typed handlers compile, sync or async.
export const lookup: Handler<'lookupCode'> = (i) => ({ view: i.raw ? null : null });
export const signOut: Handler<'signOut'> = async () => ({ ok: true });
export const byRole: Handler<'confirmPrint'> = (_i, o) => {
  const who: string = o.id;
  throw new Error(who);
};

// @ts-expect-error: the input's field has the wrong type
export const wrongInput: Handler<'lookupCode'> = (i: { raw: number }) => ({ view: i.raw ? null : null });
// @ts-expect-error: the handler wants a field the input does not have
export const missingField: Handler<'getLineage'> = (i: { raw: string; depth: number }) => ({ view: i, descendants: [], ancestors: [], children: [] });
// @ts-expect-error: the answer is not the method's output
export const wrongOutput: Handler<'lookupCode'> = () => ({ view: 'lot' });
// @ts-expect-error: an async answer is checked too
export const wrongAsyncOutput: Handler<'signOut'> = async () => ({ ok: false });
// @ts-expect-error: a public method's handler may not assume a signed-in operator
export const assumesOperator: Handler<'setupAdmin'> = (_i, o: Operator) => ({ sessionId: o.id, operator: o });
export const publicOperator: Handler<'listOperators'> = (_i, o) => {
  // @ts-expect-error: o may be undefined for a method open to no-session callers
  return [{ id: o.id, name: o.name, role: o.role }];
};

// The map needs every method, each with its own handler type.
// @ts-expect-error: a map without every method does not compile
export const incomplete: Handlers = { lookupCode: lookup };
export const swapped: Pick<Handlers, 'lookupCode' | 'signOut'> = {
  lookupCode: lookup,
  // @ts-expect-error: one method's handler cannot stand in for another's
  signOut: lookup,
};

// Output<M> is what the dispatcher validates the answer against.
export const outputOf = same<ReturnType<Handler<'signOut'>>, Output<'signOut'> | Promise<Output<'signOut'>>>(true);
export const parsedOf = same<Parameters<Handler<'checkEntry'>>[0], ParsedInput<'checkEntry'>>(true);
