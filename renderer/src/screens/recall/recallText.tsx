import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { RECALL_PROGRESS, type Recall, type RecallCounts, type RecallProgress } from '../../../../shared/contract';
import { LOT_STATUS_COLOURS } from '../../feedback';

type Colours = { background: string; text: string };

/** Open recalls in the recalled lots' colour; a closed one grey like a sold-out lot, a lifted one green like a lot back on sale. */
const STATUS_COLOURS: Record<Recall['status'], Colours> = {
  open: LOT_STATUS_COLOURS.recalled,
  closed: LOT_STATUS_COLOURS.exhausted,
  lifted: LOT_STATUS_COLOURS.admitted,
};

/** Still to find in the recall colour, retrieved amber (settled, still to destroy), gone for good dark, nothing left grey. */
const PROGRESS_COLOURS: Record<RecallProgress, Colours> = {
  open: LOT_STATUS_COLOURS.recalled,
  retrieved: LOT_STATUS_COLOURS.awaitingTest,
  destroyed: LOT_STATUS_COLOURS.destroyed,
  notRecoverable: LOT_STATUS_COLOURS.rejected,
  nothingLeft: LOT_STATUS_COLOURS.exhausted,
};

export function RecallStatusChip({ status, testId }: { status: Recall['status']; testId?: string }) {
  const { t } = useTranslation();
  const c = STATUS_COLOURS[status];
  return (
    <span className="status-chip" style={{ background: c.background, color: c.text }} data-status={status} data-testid={testId}>
      {t(`recall.status.${status}`)}
    </span>
  );
}

export function ProgressChip({ progress }: { progress: RecallProgress }) {
  const { t } = useTranslation();
  const c = PROGRESS_COLOURS[progress];
  return (
    <span className="status-chip" style={{ background: c.background, color: c.text }} data-progress={progress}>
      {t(`recall.progress.${progress}`)}
    </span>
  );
}

/** Every progress count, open first: what is still to do reads before what is done. `compact` (a list row) leaves out the zeros but open. */
export function CountsLine({ counts, testId, compact = false }: { counts: RecallCounts; testId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const shown = RECALL_PROGRESS.filter((p) => !compact || p === 'open' || counts[p] > 0);
  return (
    <span className={`recall-counts ${compact ? 'recall-counts-compact' : ''}`} data-testid={testId} data-lots={counts.lots} data-open={counts.open}>
      <span>{t('recall.counts.lots', { count: counts.lots })}</span>
      {shown.map((p) => (
        <span key={p} className={p === 'open' && counts.open > 0 ? 'recall-count-open' : undefined} data-testid={`${testId}-${p}`} data-count={counts[p]}>
          {t(`recall.counts.${p}`, { count: counts[p] })}
        </span>
      ))}
    </span>
  );
}

/** The scope as the station resolved it, with its market days when it has some. */
export function scopeText(t: TFunction, recall: Pick<Recall, 'scope'>): string {
  const { scope } = recall;
  const line = t('recall.scopeLine', { kind: t(`recall.scope.${scope.kind}`), label: scope.label });
  return scope.range ? `${line} · ${t('recall.range', scope.range)}` : line;
}

export function sourceText(t: TFunction, recall: Pick<Recall, 'source' | 'sourceRef'>): string {
  const source = t(`recall.source.${recall.source}`);
  return recall.sourceRef ? t('recall.sourceLine', { source, ref: recall.sourceRef }) : source;
}

/** The list's order: open recalls first, each group newest first as listRecalls gives them. */
export const listOrder = (recalls: readonly Recall[]): Recall[] => [...recalls].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.createdAt.localeCompare(a.createdAt));
