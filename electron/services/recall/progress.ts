import { refused, type LotStatus, type Operator, type ParsedInput, type Recall, type RecallLot, type RecallProgress, type Unit } from '../../../shared/contract';
import { canClose, lotQuantities, markOutcome } from '../../../shared/domain/recall';
import { recallCloseRecord, recallProgressRecord, type ClosedLotRef } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import { appendAudit } from '../audit/append';
import type { ServiceDeps } from '../deps';
import { enqueueUpload } from '../upload/outbox';
import type { createRecallDetail } from './detail';
import type { RecallSummaries } from './summary';

/**
 * Where each lot's goods stand (a manager's marks) and the close. A mark is one transaction: the
 * row, its audit entry on the lot, its upload record. A recall closes once no lot is open; the
 * close is one transaction too: the recall row, its audit entry, its upload record (every lot with
 * its final progress and what is left of it).
 */
export function createRecallProgress(deps: ServiceDeps, summaries: RecallSummaries, detail: ReturnType<typeof createRecallDetail>) {
  const { sqlite, clock } = deps;
  const lotRow = sqlite.prepare<[string, string], { progress: RecallProgress; code_key: string; gtin: string | null; batch: string | null; quantity: number; unit: RecallLot['unit'] }>(`
    select rl.progress, l.code_key, l.gtin, l.batch, l.quantity, l.unit from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ? and rl.lot_id = ?`);
  const setProgress = sqlite.prepare(`
    update recall_lots set progress = @progress, progress_at = @at, progress_by = @by, progress_note = @note
     where recall_id = @recallId and lot_id = @lotId and progress = @from`);
  // Counted on recall_lots_progress, in the transaction: a mark or a disposal may have moved it meanwhile.
  const openCount = sqlite.prepare<[string], { n: number }>("select count(*) as n from recall_lots where recall_id = ? and progress = 'open'");
  const closeRow = sqlite.prepare("update recalls set status = 'closed', closed_at = @at, closed_by = @by where id = @id and status = 'open'");
  // Every lot of the recall in tree order (recall_lots_ord), with what it sold on (stored at the start).
  const closedLots = sqlite.prepare<
    [string],
    { id: string; code_key: string; gtin: string | null; batch: string | null; quantity: number; unit: Unit; status: LotStatus; prior_status: LotStatus; progress: RecallProgress; sold: number }
  >(`
    select l.id, l.code_key, l.gtin, l.batch, l.quantity, l.unit, l.status, rl.prior_status, rl.progress, rl.sold
      from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ? order by rl.ord`);

  /** The close record's lots: none is open (checked before), each with what is left of it. */
  function closedRefs(recallId: string): ClosedLotRef[] {
    return closedLots.all(recallId).map((r) => {
      const { onHand } = lotQuantities({ quantity: r.quantity, unit: r.unit, status: r.status, priorStatus: r.prior_status, childrenQuantity: r.sold });
      return {
        id: r.id,
        code: r.code_key,
        gtin: r.gtin,
        batch: r.batch,
        quantity: r.quantity,
        unit: r.unit,
        onHand,
        status: r.status === 'destroyed' ? 'destroyed' : 'recalled',
        progress: r.progress as ClosedLotRef['progress'],
      };
    });
  }

  /** The recall, refused unless open (marks and the close act on open recalls only). */
  function openRecall(id: string) {
    const row = summaries.row(id);
    if (row.status !== 'open') throw refused('conflict', 'recall not open', 'recallNotOpen', { status: row.status });
    return row;
  }

  return {
    mark(input: ParsedInput<'markRecallLot'>, by: Operator): { lot: RecallLot; changed: boolean } {
      const recall = openRecall(input.recallId);
      const current = lotRow.get(input.recallId, input.lotId);
      if (!current) throw refused('notFound', 'lot not in recall', 'lotNotInRecall');
      const outcome = markOutcome(current.progress, input.progress);
      if (outcome === 'final') throw refused('conflict', 'progress is final', 'recallProgressFinal', { progress: current.progress });
      if (outcome === 'same') return { lot: detail.lot(input.recallId, input.lotId, by), changed: false };
      const at = isoLocal(clock.now());
      const note = input.note ?? null;
      sqlite.transaction(() => {
        // Checked again in the transaction: a disposal may have destroyed the lot meanwhile.
        if (setProgress.run({ progress: input.progress, at, by: by.id, note, recallId: input.recallId, lotId: input.lotId, from: current.progress }).changes === 0) {
          throw refused('conflict', 'progress changed meanwhile', 'recallProgressFinal');
        }
        summaries.moveCount(input.recallId, current.progress, input.progress);
        appendAudit(deps.orm, {
          at,
          by,
          action: 'recall.progress',
          subject: { kind: 'lot', id: input.lotId },
          before: { recallId: input.recallId, progress: current.progress },
          after: { recallId: input.recallId, progress: input.progress, note },
        });
        enqueueUpload(
          deps.orm,
          recallProgressRecord(
            {
              progressId: clock.id(),
              recallId: input.recallId,
              number: recall.number,
              lot: { id: input.lotId, code: current.code_key, gtin: current.gtin, batch: current.batch, quantity: current.quantity, unit: current.unit },
              progress: input.progress,
              note,
              by: { id: by.id, name: by.name },
            },
            at,
          ),
        );
      })();
      return { lot: detail.lot(input.recallId, input.lotId, by), changed: true };
    },

    close(id: string, by: Operator): Recall {
      const recall = openRecall(id);
      const at = isoLocal(clock.now());
      sqlite.transaction(() => {
        const open = openCount.get(id)!.n;
        if (!canClose({ open })) throw refused('conflict', 'lots still open', 'recallHasOpenLots', { count: open });
        if (closeRow.run({ id, at, by: by.id }).changes === 0) throw refused('conflict', 'recall not open', 'recallNotOpen');
        appendAudit(deps.orm, { at, by, action: 'recall.close', subject: { kind: 'recall', id }, before: { status: 'open' }, after: { status: 'closed' } });
        // Issue 17 item 6: the recall's progress is uploaded, its close too (docs/upload.md).
        enqueueUpload(deps.orm, recallCloseRecord({ closeId: clock.id(), recallId: id, number: recall.number, lots: closedRefs(id), by: { id: by.id, name: by.name } }, at));
      })();
      return summaries.summary(id);
    },
  };
}
