import { asc, eq, sql } from 'drizzle-orm';
import { ApiError, type Operator, type Role, type Session } from '../../shared/contract';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { operators } from '../store/schema';
import { hashPin, verifyPin } from './pin';
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

export function createOperatorService(orm: Orm, clock: Clock, sessions: Sessions) {
  const count = () => orm.select({ n: sql<number>`count(*)` }).from(operators).get()!.n;

  async function insert(name: string, role: Role, pin: string, by: string | null): Promise<Operator> {
    const row: Row = {
      id: clock.id(),
      name,
      role,
      pinHash: await hashPin(pin),
      active: true,
      stallId: null,
      createdAt: isoLocal(clock.now()),
      createdBy: by,
    };
    orm.insert(operators).values(row).run();
    return toOperator(row);
  }

  return {
    setupStatus: () => ({ needsAdmin: count() === 0 }),

    /** First start only; the count is re-checked after hashing so two racing calls cannot both win. */
    async setupAdmin(input: { name: string; pin: string }): Promise<Session> {
      if (count() > 0) throw new ApiError('alreadySetUp', 'an operator already exists');
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
      };
      const created = orm.transaction((tx) => {
        if (tx.select({ n: sql<number>`count(*)` }).from(operators).get()!.n > 0) return false;
        tx.insert(operators).values(row).run();
        return true;
      });
      if (!created) throw new ApiError('alreadySetUp', 'an operator already exists');
      const operator = toOperator(row);
      return { sessionId: sessions.open(operator), operator };
    },

    listOperators: () =>
      orm
        .select({ id: operators.id, name: operators.name, role: operators.role })
        .from(operators)
        .where(eq(operators.active, true))
        .orderBy(asc(operators.name))
        .all() as { id: string; name: string; role: Role }[],

    async signIn(input: { operatorId: string; pin: string }): Promise<Session> {
      const row = orm.select().from(operators).where(eq(operators.id, input.operatorId)).get();
      // Same answer for unknown operator and wrong PIN: the picker is public.
      if (!row || !row.active || !(await verifyPin(input.pin, row.pinHash))) throw new ApiError('badPin', 'wrong operator or PIN');
      const operator = toOperator(row);
      return { sessionId: sessions.open(operator), operator };
    },

    /** A second confirmation by PIN (disposal: the operator again, and the witness); no session opened. */
    async confirmPin(operatorId: string, pin: string): Promise<Operator> {
      const row = orm.select().from(operators).where(eq(operators.id, operatorId)).get();
      if (!row || !row.active || !(await verifyPin(pin, row.pinHash))) throw new ApiError('badPin', 'wrong operator or PIN');
      return toOperator(row);
    },

    signOut(sessionId: string | undefined) {
      sessions.close(sessionId);
      return { ok: true as const };
    },

    createOperator: (input: { name: string; role: Role; pin: string }, by: Operator) => insert(input.name, input.role, input.pin, by.id),

    /** Headless start (`--admin-pin`): create the first admin unless one exists. */
    async ensureAdmin(name: string, pin: string) {
      if (count() === 0) await insert(name, 'admin', pin, null);
    },
  };
}
export type OperatorService = ReturnType<typeof createOperatorService>;
