import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { ApiError, refused, type Operator, type Subject, type ParsedInput } from '../../shared/contract';
import { checkUscc } from '../../shared/domain/uscc';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { subjects } from '../store/schema';
import { subjectRecord } from '../../shared/domain/upload/records';
import { enqueueUpload } from './upload/outbox';

type Row = typeof subjects.$inferSelect;
export const toSubject = (r: Row): Subject => ({
  id: r.id,
  kind: r.kind as Subject['kind'],
  name: r.name,
  uscc: r.uscc,
  contact: r.contact,
  blocked: r.blocked,
  blockedReason: r.blockedReason,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

/** Market, stalls and suppliers: the parties every record points to. */
export function createSubjectService(orm: Orm, clock: Clock) {
  // Read on every scan (supplier check and the verdict view): prepared once.
  const byId = orm
    .select()
    .from(subjects)
    .where(eq(subjects.id, sql.placeholder('id')))
    .prepare();
  const get = (id: string) => {
    const r = byId.get({ id });
    if (!r) throw new ApiError('notFound', 'no such subject', { id });
    return r;
  };

  /** Every save is a master-data version for upload, written in the save's transaction. */
  const enqueueVersion = (id: string, at: string, by: Operator) => {
    const r = toSubject(get(id));
    enqueueUpload(orm, subjectRecord(clock.id(), { subjectId: r.id, kind: r.kind, name: r.name, uscc: r.uscc, contact: r.contact, blocked: r.blocked, blockedReason: r.blockedReason, by: { id: by.id, name: by.name } }, at));
  };

  return {
    get: (id: string) => toSubject(get(id)),
    list(kind?: Subject['kind']): Subject[] {
      const where: SQL | undefined = kind ? eq(subjects.kind, kind) : undefined;
      return orm.select().from(subjects).where(where).orderBy(asc(subjects.name)).all().map(toSubject);
    },

    save(input: ParsedInput<'saveSubject'>, by: Operator): Subject {
      const uscc = input.uscc ? input.uscc : null;
      if (uscc) {
        const check = checkUscc(uscc);
        if (!check.ok) throw new ApiError('badRequest', 'invalid USCC', { field: 'uscc', reason: `uscc.${check.code}` }, [{ path: 'uscc', code: `uscc.${check.code}` }]);
        const clash = orm.select().from(subjects).where(and(eq(subjects.kind, input.kind), eq(subjects.uscc, uscc))).get();
        // The holder is named (and its id given) so a quick-add can offer to pick it instead.
        if (clash && clash.id !== input.id) throw refused('conflict', 'USCC already registered', 'usccTaken', { name: clash.name, id: clash.id });
      }
      const at = isoLocal(clock.now());
      const fields = { kind: input.kind, name: input.name, uscc, contact: input.contact ?? null, updatedAt: at, updatedBy: by.id };
      if (input.id) {
        get(input.id);
        const id = input.id;
        orm.transaction((tx) => {
          tx.update(subjects).set(fields).where(eq(subjects.id, id)).run();
          enqueueVersion(id, at, by);
        });
        return toSubject(get(input.id));
      }
      const id = clock.id();
      orm.transaction((tx) => {
        tx.insert(subjects)
          .values({ id, ...fields, blocked: false, blockedReason: null, createdAt: at, createdBy: by.id })
          .run();
        enqueueVersion(id, at, by);
      });
      return toSubject(get(id));
    },

    setBlocked(input: ParsedInput<'setSubjectBlocked'>, by: Operator): Subject {
      if (input.blocked && !input.reason) throw new ApiError('badRequest', 'a reason is required to block', undefined, [{ path: 'reason', code: 'required' }]);
      // 停止供货 is for suppliers; lifting an old block on anything else stays possible.
      if (input.blocked && get(input.id).kind !== 'supplier') throw refused('badRequest', 'only suppliers are blocked', 'onlySuppliersBlocked');
      get(input.id);
      const at = isoLocal(clock.now());
      orm.transaction((tx) => {
        tx.update(subjects)
          .set({ blocked: input.blocked, blockedReason: input.blocked ? input.reason! : null, updatedAt: at, updatedBy: by.id })
          .where(eq(subjects.id, input.id))
          .run();
        enqueueVersion(input.id, at, by);
      });
      return toSubject(get(input.id));
    },
  };
}
export type SubjectService = ReturnType<typeof createSubjectService>;
