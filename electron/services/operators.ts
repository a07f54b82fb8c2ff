import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { ApiError, refused, type Operator, type OperatorAccount, type Role, type Session, type ParsedInput } from '../../shared/contract';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { operators, subjects } from '../store/schema';
import { LONG_PIN_DIGITS, pinTooShortFor } from '../../shared/domain/pinRules';
import { changedFields } from '../../shared/domain/auditChain';
import { appendAudit } from './audit/append';
import { hashPin } from './pin';
import type { PinGuard, PinKind } from './pinGuard';
import type { Sessions } from './sessions';

type Row = typeof operators.$inferSelect;
const toOperator = (r: Row): Operator => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  active: r.active,
  stallId: r.stallId,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});
const toAccount = (r: Row): OperatorAccount => ({ ...toOperator(r), pinLocked: r.pinLockedAt !== null });

/** A manager's or admin's PIN is set with at least six digits (pinRules.ts). */
function refuseShortPin(role: Role, pin: string) {
  if (pinTooShortFor(role, pin)) {
    throw refused('badRequest', 'managers and admins need a longer PIN', 'pinTooShortForRole', { digits: LONG_PIN_DIGITS }, [{ path: 'pin', code: 'pinTooShortForRole' }]);
  }
}

/** Name, role and stall as the admin enters them. */
interface Draft {
  name: string;
  role: Role;
  stallId?: string | null;
}

export function createOperatorService(orm: Orm, clock: Clock, sessions: Sessions, pins: PinGuard) {
  const count = () =>
    orm
      .select({ n: sql<number>`count(*)` })
      .from(operators)
      .get()!.n;
  const get = (id: string) => {
    const row = orm.select().from(operators).where(eq(operators.id, id)).get();
    if (!row) throw new ApiError('notFound', 'no such operator', { id });
    return row;
  };

  // Two people picking the same name on the sign-in screen cannot tell which is theirs.
  function refuseNameTaken(name: string, self: string | null) {
    const clash = orm
      .select({ id: operators.id })
      .from(operators)
      .where(and(eq(operators.name, name), eq(operators.active, true), self ? ne(operators.id, self) : undefined))
      .get();
    if (clash) throw refused('conflict', 'an active operator has this name', 'operatorNameTaken', { name });
  }

  /** A vendor's stall must be a stall; other roles sell for no stall. */
  function stallFor(draft: Draft): string | null {
    const stallId = draft.stallId ?? null;
    if (stallId === null) return null;
    if (draft.role !== 'vendor') throw refused('badRequest', 'only vendors belong to a stall', 'stallOnlyForVendor', undefined, [{ path: 'stallId', code: 'stallOnlyForVendor' }]);
    const stall = orm.select({ kind: subjects.kind }).from(subjects).where(eq(subjects.id, stallId)).get();
    if (stall?.kind !== 'stall') throw refused('badRequest', 'not a stall', 'notAStall', undefined, [{ path: 'stallId', code: 'notAStall' }]);
    return stallId;
  }

  /** The station must keep someone who can manage it. */
  function refuseLastAdmin(target: Row) {
    if (target.role !== 'admin' || !target.active) return;
    const others = orm
      .select({ n: sql<number>`count(*)` })
      .from(operators)
      .where(and(eq(operators.role, 'admin'), eq(operators.active, true), ne(operators.id, target.id)))
      .get()!.n;
    if (others === 0) throw refused('conflict', 'the last active admin', 'lastAdmin', { name: target.name });
  }

  async function insert(draft: Draft, pin: string, by: Operator | null): Promise<Operator> {
    refuseShortPin(draft.role, pin);
    const stallId = stallFor(draft);
    refuseNameTaken(draft.name, null);
    const row: Row = {
      id: clock.id(),
      name: draft.name,
      role: draft.role,
      pinHash: await hashPin(pin),
      active: true,
      stallId,
      createdAt: isoLocal(clock.now()),
      createdBy: by?.id ?? null,
      pinFailures: 0,
      pinRetryAt: null,
      pinLockedAt: null,
    };
    // Checked again after the hash's await: another call may have taken the name meanwhile.
    orm.transaction((tx) => {
      refuseNameTaken(draft.name, null);
      tx.insert(operators).values(row).run();
      appendAudit(orm, { at: row.createdAt, by, action: 'operator.create', subject: { kind: 'operator', id: row.id }, after: { name: row.name, role: row.role, stallId: row.stallId } });
    });
    return toOperator(row);
  }

  return {
    setupStatus: () => ({ needsAdmin: count() === 0 }),

    /** First start only; the count is re-checked after hashing so two racing calls cannot both win. */
    async setupAdmin(input: ParsedInput<'setupAdmin'>): Promise<Session> {
      if (count() > 0) throw new ApiError('alreadySetUp', 'an operator already exists');
      refuseShortPin('admin', input.pin);
      const pinHash = await hashPin(input.pin);
      const row: Row = {
        id: clock.id(),
        name: input.name,
        role: 'admin',
        pinHash,
        active: true,
        stallId: null,
        createdAt: isoLocal(clock.now()),
        createdBy: null,
        pinFailures: 0,
        pinRetryAt: null,
        pinLockedAt: null,
      };
      const created = orm.transaction((tx) => {
        if (
          tx
            .select({ n: sql<number>`count(*)` })
            .from(operators)
            .get()!.n > 0
        )
          return false;
        tx.insert(operators).values(row).run();
        appendAudit(orm, { at: row.createdAt, by: row, action: 'operator.create', subject: { kind: 'operator', id: row.id }, after: { name: row.name, role: row.role, stallId: null } });
        return true;
      });
      if (!created) throw new ApiError('alreadySetUp', 'an operator already exists');
      const operator = toOperator(row);
      return { sessionId: sessions.open(operator), operator, idleMinutes: sessions.idleMinutes() };
    },

    listOperators: () =>
      orm.select({ id: operators.id, name: operators.name, role: operators.role }).from(operators).where(eq(operators.active, true)).orderBy(asc(operators.name)).all() as {
        id: string;
        name: string;
        role: Role;
      }[],

    /** The admin's list: active operators first, then disabled ones. */
    listAccounts: () => orm.select().from(operators).orderBy(desc(operators.active), asc(operators.name)).all().map(toAccount),

    async signIn(input: ParsedInput<'signIn'>): Promise<Session> {
      // Same answer for unknown operator and wrong PIN (the picker is public); wrong PINs count.
      const operator = toOperator(await pins.check(input.operatorId, input.pin, 'signIn'));
      return { sessionId: sessions.open(operator), operator, idleMinutes: sessions.idleMinutes() };
    },

    /** A second confirmation by PIN (disposal: the operator again, and the witness); no session opened. */
    async confirmPin(operatorId: string, pin: string, kind: Exclude<PinKind, 'signIn'>): Promise<Operator> {
      return toOperator(await pins.check(operatorId, pin, kind));
    },

    unlock: (input: { id: string }, by: Operator): OperatorAccount => toAccount(pins.unlock(input.id, by)),

    signOut(sessionId: string | undefined) {
      sessions.close(sessionId);
      return { ok: true as const };
    },

    createOperator: (input: ParsedInput<'createOperator'>, by: Operator) => insert(input, input.pin, by),

    update(input: ParsedInput<'updateOperator'>, by: Operator): Operator {
      const updated = orm.transaction((tx) => {
        const target = get(input.id);
        const stallId = stallFor(input);
        if (target.active) refuseNameTaken(input.name, target.id);
        if (input.role !== 'admin') refuseLastAdmin(target);
        tx.update(operators).set({ name: input.name, role: input.role, stallId }).where(eq(operators.id, target.id)).run();
        const change = changedFields(target, { name: input.name, role: input.role, stallId }, ['name', 'role', 'stallId']);
        appendAudit(orm, { at: isoLocal(clock.now()), by, action: 'operator.update', subject: { kind: 'operator', id: target.id }, ...change });
        return toOperator(get(target.id));
      });
      sessions.refresh(updated);
      return updated;
    },

    setActive(input: ParsedInput<'setOperatorActive'>, by: Operator): Operator {
      const changed = orm.transaction((tx) => {
        const target = get(input.id);
        if (target.active === input.active) return toOperator(target);
        if (input.active) refuseNameTaken(target.name, target.id);
        else {
          if (target.id === by.id) throw refused('conflict', 'an admin cannot disable themself', 'selfDisable');
          refuseLastAdmin(target);
        }
        tx.update(operators).set({ active: input.active }).where(eq(operators.id, target.id)).run();
        appendAudit(orm, {
          at: isoLocal(clock.now()),
          by,
          action: input.active ? 'operator.enable' : 'operator.disable',
          subject: { kind: 'operator', id: target.id },
          before: { active: target.active },
          after: { active: input.active },
        });
        return toOperator(get(target.id));
      });
      // At once: the disabled operator's next call, from any window, is refused.
      if (!changed.active) sessions.endFor(changed.id, { reason: 'operatorDisabled' });
      return changed;
    },

    /** The old PIN stops working; sessions opened with it end, except the admin's own current one. */
    async resetPin(input: ParsedInput<'resetOperatorPin'>, by: Operator, callerSession: string | undefined): Promise<Operator> {
      refuseShortPin(get(input.id).role as Role, input.pin);
      const pinHash = await hashPin(input.pin);
      // The PIN's hash is never written to the audit: only that it changed.
      orm.transaction((tx) => {
        tx.update(operators).set({ pinHash }).where(eq(operators.id, input.id)).run();
        appendAudit(orm, { at: isoLocal(clock.now()), by, action: 'operator.pin', subject: { kind: 'operator', id: input.id }, after: { pin: 'changed' } });
      });
      sessions.endFor(input.id, { reason: 'pinChanged' }, callerSession);
      return toOperator(get(input.id));
    },

    /** Headless start (`--admin-pin`): create the first admin unless one exists. */
    async ensureAdmin(name: string, pin: string) {
      if (count() === 0) await insert({ name, role: 'admin' }, pin, null);
    },
  };
}
export type OperatorService = ReturnType<typeof createOperatorService>;
