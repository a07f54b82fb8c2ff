import type { ExportFile, Operator, ParsedInput, RecallDetail } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';
import { createRecallDetail } from './detail';
import { createRecallLift } from './lift';
import { createRecallProgress } from './progress';
import { createScopes } from './scope';
import { createRecallStart } from './start';
import { createRecallSummaries } from './summary';

/**
 * 召回 (issue 17, docs in shared/contract/recall.ts): scope → affected lots → progress → close or
 * lift. Each write is one transaction with its audit entries and upload record; after the commit
 * open screens hear `lotStatus` (which also cancels the lots' queued labels), `alert` for a lot
 * recalled from a scan, and `recall` with the summary. `dayStart` cuts date ranges into market days.
 */
/** The exports service's writer of the affected list (XLSX, or the A4 召回通知清单). */
export type RecallExporter = (input: { detail: RecallDetail; format: 'xlsx' | 'pdf'; exportId?: string; by?: Operator }) => Promise<ExportFile>;

export function createRecallService(deps: ServiceDeps, dayStart: () => string, exportList: RecallExporter) {
  const { emit } = deps;
  const summaries = createRecallSummaries(deps.sqlite);
  const scopes = createScopes(deps, dayStart);
  const starting = createRecallStart(deps, scopes, summaries);
  const detail = createRecallDetail(deps, summaries);
  const progress = createRecallProgress(deps, summaries, detail);
  const lift = createRecallLift(deps, summaries);

  return {
    /** The scope statements, for the query-plan tests. */
    scopeStatements: scopes.statements,
    preview: (i: ParsedInput<'previewRecall'>) => starting.preview(i.scope),
    start(i: ParsedInput<'startRecall'>, by: Operator) {
      const { recall, changed, alertCode } = starting.start(i, by);
      const at = recall.createdAt;
      if (changed.length) emit('lotStatus', { changes: changed.map((lotId) => ({ lotId, status: 'recalled' as const })), at });
      if (alertCode) emit('alert', { codeKey: alertCode, status: 'recalled', at });
      emit('recall', recall);
      return recall;
    },
    list: (i: ParsedInput<'listRecalls'>) => summaries.list(i.open, i.limit),
    get: (i: ParsedInput<'getRecall'>, by: Operator) => detail.get(i.id, by, i),
    mark(i: ParsedInput<'markRecallLot'>, by: Operator) {
      const { lot, changed } = progress.mark(i, by);
      if (changed) emit('recall', summaries.summary(i.recallId));
      return lot;
    },
    close(i: ParsedInput<'closeRecall'>, by: Operator) {
      const recall = progress.close(i.id, by);
      emit('recall', recall);
      return recall;
    },
    lift(i: ParsedInput<'liftRecall'>, by: Operator) {
      const { recall, restored } = lift(i, by);
      if (restored.length) emit('lotStatus', { changes: restored, at: recall.liftedAt! });
      emit('recall', recall);
      return recall;
    },
    /** The whole list in tree order as the manager sees it (phones in full: only managers export), written by the exports service. */
    exportRecall: (i: ParsedInput<'exportRecall'>, by: Operator) => exportList({ detail: detail.full(i.id, by), format: i.format, exportId: i.exportId, by }),
  };
}
export type RecallService = ReturnType<typeof createRecallService>;
