import { eq } from 'drizzle-orm';
import { refused, type LotView, type Operator, type ParsedInput } from '../../shared/contract';
import { ASSIGNABLE_STATUSES } from '../../shared/domain/stalls';
import { stallAssignmentRecord } from '../../shared/domain/upload/records';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { lots, stallAssignments } from '../store/schema';
import type { LotViews } from './lotViews';
import type { SubjectService } from './subjects';
import { appendAudit } from './audit/append';
import { enqueueUpload } from './upload/outbox';

/**
 * 去向摊位: after the verdict the receiving desk sends a gate lot to the stall that will sell it.
 * The lot row keeps the current stall (split children copy it); each assignment is kept with who
 * and when, and leaves the station as an upload record, all in one transaction.
 */
export function createStallService(orm: Orm, clock: Clock, views: LotViews, subjects: SubjectService) {
  return {
    assignLotStall(input: ParsedInput<'assignLotStall'>, by: Operator): LotView {
      const lot = views.lotById(input.lotId);
      if (!lot) throw refused('notFound', 'no such lot', 'unknownLot');
      if (lot.parentLotId) throw refused('conflict', 'a split child keeps its parent’s stall', 'stallFollowsParent');
      if (!ASSIGNABLE_STATUSES.includes(lot.status)) throw refused('conflict', 'lot cannot go to a stall', 'stallNotAssignable', { status: lot.status });
      const stall = subjects.get(input.stallId);
      if (stall.kind !== 'stall') throw refused('badRequest', 'not a stall', 'notAStall', undefined, [{ path: 'stallId', code: 'notAStall' }]);

      if (lot.stallId !== stall.id) {
        const prior = lot.stallId ? subjects.get(lot.stallId) : null;
        const at = isoLocal(clock.now());
        const id = clock.id();
        const party = (s: typeof stall) => ({ id: s.id, name: s.name, uscc: s.uscc });
        orm.transaction((tx) => {
          tx.update(lots).set({ stallId: stall.id }).where(eq(lots.id, lot.id)).run();
          appendAudit(orm, { at, by, action: 'lot.stall', subject: { kind: 'lot', id: lot.id }, before: { stallId: prior?.id ?? null }, after: { stallId: stall.id, stallName: stall.name } });
          tx.insert(stallAssignments)
            .values({ id, lotId: lot.id, stallId: stall.id, priorStallId: prior?.id ?? null, createdAt: at, createdBy: by.id })
            .run();
          enqueueUpload(
            orm,
            stallAssignmentRecord(
              {
                assignmentId: id,
                lot: { id: lot.id, code: lot.codeKey, gtin: lot.gtin, batch: lot.batch, quantity: lot.quantity, unit: lot.unit },
                stall: party(stall),
                priorStall: prior && party(prior),
                by: { id: by.id, name: by.name },
              },
              at,
            ),
          );
        });
      }
      return views.findByKey(lot.codeKey)!;
    },
  };
}
export type StallService = ReturnType<typeof createStallService>;
