import { useTranslation } from 'react-i18next';
import type { Recall } from '../../../../shared/contract';
import { timeText } from '../lot/time';
import { CountsLine, RecallStatusChip, scopeText, sourceText } from './recallText';

/** Every recall, open ones first; a whole row is the target that opens the recall. */
export function RecallList({ recalls, onOpen }: { recalls: readonly Recall[]; onOpen(id: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="ledger-table-wrap">
      <table className="entry-table recall-table" data-testid="recall-list">
        <thead>
          <tr>
            <th>{t('recall.column.number')}</th>
            <th>{t('recall.column.status')}</th>
            <th>{t('recall.column.scope')}</th>
            <th>{t('recall.column.reason')}</th>
            <th>{t('recall.column.source')}</th>
            <th>{t('recall.column.counts')}</th>
            <th>{t('recall.column.created')}</th>
          </tr>
        </thead>
        <tbody>
          {recalls.map((r) => (
            <tr
              key={r.id}
              className="recall-row"
              tabIndex={0}
              onClick={() => onOpen(r.id)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(r.id)}
              data-testid="recall-row"
              data-id={r.id}
              data-number={r.number}
              data-status={r.status}
            >
              <td className="code-cell recall-number-cell">{r.number}</td>
              <td>
                <RecallStatusChip status={r.status} />
              </td>
              <td className="recall-list-scope">{scopeText(t, r)}</td>
              <td className="recall-reason">{r.reason}</td>
              <td>{sourceText(t, r)}</td>
              <td>
                <CountsLine counts={r.counts} testId="recall-row-counts" compact />
              </td>
              <td>{t('recall.createdLine', { at: timeText(r.createdAt), by: r.createdByName })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
