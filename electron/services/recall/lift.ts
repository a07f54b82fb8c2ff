import { refused, type LotStatus, type Operator, type ParsedInput, type Recall, type Unit, type Zone } from '../../../shared/contract';
import { recallLiftRecord, type LiftedLotRef } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import { appendAudits, type AuditChange } from '../audit/append';
import type { ServiceDeps } from '../deps';
import { enqueueUpload } from '../upload/outbox';
import type { RecallSummaries } from './summary';

interface LiftRow {
  lot_id: string;
  prior_status: LotStatus;
  prior_zone: Zone;
  status: LotStatus;
  code_key: string;
  gtin: string | null;
  batch: string | null;
  quantity: number;
  unit: Unit;
}

/**
 * Calls a recall off (open or closed): in one transaction each of its lots still recalled returns
 * to its state before, unless another recall (not lifted) still covers it; a lot destroyed since
 * stays destroyed. The upload record names every lot with the state it has now. The stored summary
 * stands: a lot judged by its state before the recall weighs the same once back in that state, and
 * what happens to the lots after the lift is no longer the recall's.
 */
export function createRecallLift(deps: ServiceDeps, summaries: RecallSummaries) {
  const { sqlite, clock } = deps;
  const lift = sqlite.prepare("update recalls set status = 'lifted', lifted_at = @at, lifted_by = @by, lift_reason = @reason where id = @id and status <> 'lifted'");
  const rowsOf = sqlite.prepare<[string], LiftRow>(`
    select rl.lot_id, rl.prior_status, rl.prior_zone, l.status, l.code_key, l.gtin, l.batch, l.quantity, l.unit
      from recall_lots rl cross join lots l on l.id = rl.lot_id where rl.recall_id = ? order by rl.ord`);
  // Read once the recall is marked lifted: the lots another recall still covers.
  const stillCovered = sqlite.prepare<[string], { lot_id: string }>(`
    select distinct me.lot_id from recall_lots me
      join recall_lots rl on rl.lot_id = me.lot_id and rl.recall_id <> me.recall_id
      join recalls r on r.id = rl.recall_id and r.status <> 'lifted'
     where me.recall_id = ?`);
  const restore = sqlite.prepare<[LotStatus, Zone, string]>("update lots set status = ?, zone = ? where id = ? and status = 'recalled'");

  return (input: ParsedInput<'liftRecall'>, by: Operator): { recall: Recall; restored: { lotId: string; status: LotStatus }[] } => {
    const row = summaries.row(input.id);
    if (row.status === 'lifted') throw refused('conflict', 'recall already lifted', 'recallLifted');
    const at = isoLocal(clock.now());
    const restored = sqlite.transaction(() => {
      if (lift.run({ id: input.id, at, by: by.id, reason: input.reason }).changes === 0) throw refused('conflict', 'recall already lifted', 'recallLifted');
      const covered = new Set(stillCovered.all(input.id).map((r) => r.lot_id));
      const restored: { lotId: string; status: LotStatus }[] = [];
      // Appended as one chain after the walk, as the start does: one head read for 10,000 lots.
      const audits: AuditChange[] = [];
      // In tree order (recall_lots.ord, placed when the recall started or first read: `row` above).
      const lots: LiftedLotRef[] = rowsOf.all(input.id).map((r) => {
        let status = r.status;
        if (r.status === 'recalled' && !covered.has(r.lot_id)) {
          restore.run(r.prior_status, r.prior_zone, r.lot_id);
          status = r.prior_status;
          restored.push({ lotId: r.lot_id, status });
          audits.push({
            at,
            by,
            action: 'lot.recallLift',
            subject: { kind: 'lot', id: r.lot_id },
            before: { status: 'recalled' },
            after: { status: r.prior_status, zone: r.prior_zone, recallId: input.id, reason: input.reason },
          });
        }
        return { id: r.lot_id, code: r.code_key, gtin: r.gtin, batch: r.batch, quantity: r.quantity, unit: r.unit, status: status as LiftedLotRef['status'] };
      });
      audits.push({ at, by, action: 'recall.lift', subject: { kind: 'recall', id: input.id }, before: { status: row.status }, after: { status: 'lifted', reason: input.reason } });
      appendAudits(deps.orm, audits);
      enqueueUpload(deps.orm, recallLiftRecord({ liftId: clock.id(), recallId: input.id, number: row.number, reason: input.reason, lots, by: { id: by.id, name: by.name } }, at));
      return restored;
    })();
    return { recall: summaries.summary(input.id), restored };
  };
}
