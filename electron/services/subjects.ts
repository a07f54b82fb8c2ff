import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { ApiError, refused, type Operator, type Subject, type ParsedInput } from '../../shared/contract';
import { checkUscc } from '../../shared/domain/uscc';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { rowReader } from '../store/rows';
import { blockedUsccs, lots, operators, stallAssignments, subjects } from '../store/schema';
import { placesRecord, subjectRecord } from '../../shared/domain/upload/records';
import { changedFields } from '../../shared/domain/auditChain';
import { appendAudit } from './audit/append';
import { enqueueUpload, forgetMarketGln, stationIdOf } from './upload/outbox';

type Row = typeof subjects.$inferSelect;
type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];
export const toSubject = (r: Row): Subject => ({
  id: r.id,
  kind: r.kind as Subject['kind'],
  name: r.name,
  uscc: r.uscc,
  gln: r.gln,
  contact: r.contact,
  blocked: r.blocked,
  blockedReason: r.blockedReason,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

/** Market, stalls and suppliers: the parties every record points to. */
export function createSubjectService(orm: Orm, clock: Clock) {
  // Read on every scan (supplier check and the verdict view): prepared once.
  const byId = rowReader<typeof subjects, [string]>(orm.$client, subjects, 'id = ?');
  const get = (id: string) => {
    const r = byId.get(id);
    if (!r) throw new ApiError('notFound', 'no such subject', { id });
    return r;
  };

  const placesOf = orm.$client.prepare<[], { kind: string; id: string; name: string; gln: string | null }>(
    "select kind, id, name, gln from subjects where kind in ('market', 'stall') order by kind, created_at, id",
  );
  /**
   * After a market or stall is saved: the market's places as master data (every stall), when the
   * market has a GLN and the station an id — station URNs name no place a hub shares.
   */
  const enqueuePlaces = (at: string, by: Operator) => {
    const rows = placesOf.all();
    const market = rows.find((r) => r.kind === 'market' && r.gln);
    const stationId = stationIdOf(orm.$client);
    if (!market?.gln || !stationId) return;
    const stalls = rows.filter((r) => r.kind === 'stall').map((r) => ({ id: r.id, name: r.name }));
    enqueueUpload(
      orm,
      placesRecord({ placesId: clock.id(), marketGln: market.gln, marketName: market.name, stationId, deskName: `${market.name} ${stationId}`, stalls, by: { id: by.id, name: by.name } }, at),
    );
  };

  /** Every save is a master-data version for upload, written in the save's transaction. */
  const enqueueVersion = (id: string, at: string, by: Operator, action: string, prior: Row | null) => {
    const r = toSubject(get(id));
    const change = changedFields(prior && toSubject(prior), r, ['kind', 'name', 'uscc', 'gln', 'contact', 'blocked', 'blockedReason']);
    appendAudit(orm, { at, by, action, subject: { kind: 'subject', id }, ...change });
    enqueueUpload(
      orm,
      subjectRecord(
        clock.id(),
        { subjectId: r.id, kind: r.kind, name: r.name, uscc: r.uscc, gln: r.gln, contact: r.contact, blocked: r.blocked, blockedReason: r.blockedReason, by: { id: by.id, name: by.name } },
        at,
      ),
    );
    // A stall renamed, added or moved to another kind changes the places; so does the market's GLN.
    if (r.kind !== 'supplier' || (prior && prior.kind !== 'supplier')) enqueuePlaces(at, by);
    // Last in the save's transaction: whether it commits or not, the next record reads the GLN afresh.
    forgetMarketGln(orm.$client);
  };

  const refuse = (reason: string, message: string, params: Record<string, string> = {}) => new ApiError('conflict', message, { reason, ...params });
  const activeBlock = (uscc: string) =>
    orm
      .select()
      .from(blockedUsccs)
      .where(and(eq(blockedUsccs.uscc, uscc), isNull(blockedUsccs.liftedAt)))
      .get();

  /**
   * 停止供货 sticks to the credit code: a blocked subject keeps its code and kind, and a blocked
   * code is given to no other subject, until a manager lifts the block.
   */
  function guardBlocked(existing: Row | null, kind: Subject['kind'], uscc: string | null) {
    if (existing?.blocked && existing.kind !== kind) throw refuse('blockedKindKept', 'a blocked subject keeps its kind', { name: existing.name });
    if (existing?.blocked && existing.uscc && existing.uscc !== uscc) throw refuse('blockedUsccKept', 'a blocked subject keeps its USCC', { name: existing.name });
    const block = uscc ? activeBlock(uscc) : undefined;
    if (block && block.subjectId !== existing?.id) {
      throw refuse('usccBlocked', 'USCC is blocked', { uscc: block.uscc, name: get(block.subjectId).name, blockedReason: block.reason });
    }
  }

  /** Lots, stall assignments and vendors name a subject as what it is: its kind is fixed from then on. */
  function guardKindChange(existing: Row, kind: Subject['kind']) {
    if (existing.kind === kind) return;
    const id = existing.id;
    const used =
      orm
        .select({ id: lots.id })
        .from(lots)
        .where(or(eq(lots.supplierId, id), eq(lots.stallId, id)))
        .limit(1)
        .get() ??
      orm
        .select({ id: stallAssignments.id })
        .from(stallAssignments)
        .where(or(eq(stallAssignments.stallId, id), eq(stallAssignments.priorStallId, id)))
        .limit(1)
        .get() ??
      orm.select({ id: operators.id }).from(operators).where(eq(operators.stallId, id)).limit(1).get();
    if (used) throw refuse('kindInUse', 'subject in use keeps its kind', { name: existing.name });
  }

  /** Puts the code on the blocked list (again), held by this subject. */
  function recordBlock(tx: Tx, uscc: string, subjectId: string, reason: string, at: string, by: Operator) {
    const row = { uscc, subjectId, reason, blockedAt: at, blockedBy: by.id, liftedAt: null, liftedBy: null };
    tx.insert(blockedUsccs).values(row).onConflictDoUpdate({ target: blockedUsccs.uscc, set: row }).run();
  }

  return {
    get: (id: string) => toSubject(get(id)),
    list(kind?: Subject['kind']): Subject[] {
      const where: SQL | undefined = kind ? eq(subjects.kind, kind) : undefined;
      return orm.select().from(subjects).where(where).orderBy(asc(subjects.name)).all().map(toSubject);
    },

    save(input: ParsedInput<'saveSubject'>, by: Operator): Subject {
      const uscc = input.uscc ? input.uscc : null;
      const existing = input.id ? get(input.id) : null;
      if (uscc) {
        const check = checkUscc(uscc);
        if (!check.ok) throw new ApiError('badRequest', 'invalid USCC', { field: 'uscc', reason: `uscc.${check.code}` }, [{ path: 'uscc', code: `uscc.${check.code}` }]);
      }
      guardBlocked(existing, input.kind, uscc);
      if (existing) guardKindChange(existing, input.kind);
      if (uscc) {
        const clash = orm
          .select()
          .from(subjects)
          .where(and(eq(subjects.kind, input.kind), eq(subjects.uscc, uscc)))
          .get();
        // The holder is named (and its id given) so a quick-add can offer to pick it instead.
        if (clash && clash.id !== input.id) throw refused('conflict', 'USCC already registered', 'usccTaken', { name: clash.name, id: clash.id });
      }
      const at = isoLocal(clock.now());
      const fields = { kind: input.kind, name: input.name, uscc, gln: input.gln || null, contact: input.contact ?? null, updatedAt: at, updatedBy: by.id };
      if (existing) {
        const id = existing.id;
        orm.transaction((tx) => {
          tx.update(subjects).set(fields).where(eq(subjects.id, id)).run();
          // A blocked subject given its first credit code: the block holds that code too.
          if (existing.blocked && uscc && !existing.uscc) recordBlock(tx, uscc, id, existing.blockedReason ?? '', at, by);
          enqueueVersion(id, at, by, 'subject.update', existing);
        });
        return toSubject(get(id));
      }
      const id = clock.id();
      orm.transaction((tx) => {
        tx.insert(subjects)
          .values({ id, ...fields, blocked: false, blockedReason: null, createdAt: at, createdBy: by.id })
          .run();
        enqueueVersion(id, at, by, 'subject.create', null);
      });
      return toSubject(get(id));
    },

    setBlocked(input: ParsedInput<'setSubjectBlocked'>, by: Operator): Subject {
      if (input.blocked && !input.reason) throw new ApiError('badRequest', 'a reason is required to block', undefined, [{ path: 'reason', code: 'required' }]);
      // 停止供货 is for suppliers; lifting an old block on anything else stays possible.
      const subject = get(input.id);
      if (input.blocked && subject.kind !== 'supplier') throw refused('badRequest', 'only suppliers are blocked', 'onlySuppliersBlocked');
      const at = isoLocal(clock.now());
      orm.transaction((tx) => {
        tx.update(subjects)
          .set({ blocked: input.blocked, blockedReason: input.blocked ? input.reason! : null, updatedAt: at, updatedBy: by.id })
          .where(eq(subjects.id, input.id))
          .run();
        if (input.blocked && subject.uscc) recordBlock(tx, subject.uscc, subject.id, input.reason!, at, by);
        if (!input.blocked) {
          tx.update(blockedUsccs)
            .set({ liftedAt: at, liftedBy: by.id })
            .where(and(eq(blockedUsccs.subjectId, subject.id), isNull(blockedUsccs.liftedAt)))
            .run();
        }
        enqueueVersion(input.id, at, by, input.blocked ? 'subject.block' : 'subject.unblock', subject);
      });
      return toSubject(get(input.id));
    },
  };
}
export type SubjectService = ReturnType<typeof createSubjectService>;
