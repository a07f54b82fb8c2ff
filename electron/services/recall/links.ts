import type { LotStatus, Zone } from '../../../shared/contract';
import type Database from 'better-sqlite3';
import { appendAudits, type AuditChange } from '../audit/append';
import type { ServiceDeps } from '../deps';
import { createRecallSummaries } from './summary';

/**
 * What other services change on recalled lots, inside their own transactions: a disposal settles
 * the lots' open or retrieved rows as destroyed; a hold on a recalled lot (status recalled wins over
 * held) and its release move the state a lift will restore. A recall counts while it is not lifted:
 * a closed recall keeps its lots recalled.
 */
function createRecallLinks(deps: Pick<ServiceDeps, 'orm' | 'sqlite' | 'emit'>) {
  const { sqlite } = deps;
  const summaries = createRecallSummaries(sqlite);
  const priorOf = sqlite.prepare<[string], { prior_status: LotStatus; prior_zone: Zone }>(`
    select rl.prior_status, rl.prior_zone from recall_lots rl join recalls r on r.id = rl.recall_id
     where rl.lot_id = ? and r.status <> 'lifted' order by r.created_at, r.id limit 1`);
  const handPrior = sqlite.prepare<[LotStatus, Zone, string]>(`
    update recall_lots set prior_status = ?, prior_zone = ? where lot_id = ? and recall_id in (select id from recalls where status <> 'lifted')`);
  // A recalled lot's quantities are judged by its prior state: one that changes between sold out
  // (or destroyed) and not moves the recall's quantities. Rare (holds no longer take sold-out lots;
  // one placed by an earlier version may be released): the summary is dropped here and computed
  // again on the next read.
  const gone = (x: string) => `${x} in ('exhausted', 'destroyed')`;
  const dropSummaries = sqlite.prepare<{ lotId: string; status: LotStatus }>(`
    update recalls set summary = null where status <> 'lifted' and id in (
      select recall_id from recall_lots where lot_id = @lotId and (${gone('prior_status')}) <> (${gone('@status')}))`);
  const coveringRecalls = sqlite.prepare<[string], string>("select rl.recall_id from recall_lots rl join recalls r on r.id = rl.recall_id where rl.lot_id = ? and r.status <> 'lifted'").pluck();
  const settle = sqlite.prepare<{ at: string; by: string; note: string; lotId: string }, { recall_id: string }>(`
    update recall_lots set progress = 'destroyed', progress_at = @at, progress_by = @by, progress_note = @note
     where lot_id = @lotId and progress in ('open', 'retrieved') and recall_id in (select id from recalls where status <> 'lifted')
    returning recall_id`);

  return {
    /** A recalled lot's state before its recall(s): what a hold keeps as its own prior state. */
    priorOf: (lotId: string) => priorOf.get(lotId) ?? null,

    /** The state a lift of the lot's recalls will restore (a hold placed or released meanwhile). */
    handPrior(lotId: string, status: LotStatus, zone: Zone) {
      dropSummaries.run({ lotId, status });
      handPrior.run(status, zone, lotId);
    },

    /**
     * Inside a disposal's transaction: each destroyed lot's open or retrieved recall rows become
     * destroyed, with who, when and the certificate number, each with its audit entry; the summary
     * of every recall (not lifted) covering them is computed again (a lot destroyed has nothing left,
     * whatever its progress said). The recalls touched (to announce after the commit).
     */
    settleDestroyed(lotIds: readonly string[], d: { at: string; by: { id: string; name: string }; disposalId: string; certificateNumber: string }): string[] {
      const touched = new Set<string>();
      const audits: AuditChange[] = [];
      for (const lotId of lotIds) {
        for (const recallId of coveringRecalls.all(lotId)) touched.add(recallId);
        for (const { recall_id } of settle.all({ at: d.at, by: d.by.id, note: d.certificateNumber, lotId })) {
          touched.add(recall_id);
          audits.push({
            at: d.at,
            by: d.by,
            action: 'recall.progress',
            subject: { kind: 'lot', id: lotId },
            after: { recallId: recall_id, progress: 'destroyed', disposalId: d.disposalId, certificateNumber: d.certificateNumber },
          });
        }
      }
      appendAudits(deps.orm, audits);
      for (const recallId of touched) summaries.refresh(recallId);
      return [...touched];
    },

    /** After the commit: each touched recall's summary to open screens. */
    announce(recallIds: readonly string[]) {
      for (const id of recallIds) deps.emit('recall', summaries.summary(id));
    },
  };
}
export type RecallLinks = ReturnType<typeof createRecallLinks>;

const linksOf = new WeakMap<Database.Database, RecallLinks>();
/** The links of a store, prepared once however many services (holds, tests, disposals) ask. */
export function recallLinks(deps: Pick<ServiceDeps, 'orm' | 'sqlite' | 'emit'>): RecallLinks {
  let links = linksOf.get(deps.sqlite);
  if (!links) linksOf.set(deps.sqlite, (links = createRecallLinks(deps)));
  return links;
}
