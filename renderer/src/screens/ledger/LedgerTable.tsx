import { useTranslation } from 'react-i18next';
import type { LedgerRow } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { StatusChip } from '../../components/StatusChip';
import { VERDICT_COLOURS } from '../../feedback';
import { amountText } from '../../format/codeText';
import { timeText } from '../lot/time';
import { CodeText } from '../../components/CodeText';

/** The page of lots: a whole row is the touch target that opens the lot's page. */
export function LedgerTable({ rows, onOpen }: { rows: LedgerRow[]; onOpen(lotId: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="ledger-table-wrap">
      <table className="entry-table ledger-table" data-testid="ledger-table">
        <thead>
          <tr>
            <th>{t('ledger.column.time')}</th>
            <th>{t('ledger.column.code')}</th>
            <th>{t('ledger.column.outcome')}</th>
            <th>{t('ledger.column.status')}</th>
            <th>{t('ledger.column.supplier')}</th>
            <th>{t('ledger.column.variety')}</th>
            <th>{t('ledger.column.quantity')}</th>
            <th>{t('ledger.column.certificates')}</th>
            <th>{t('ledger.column.tests')}</th>
            <th>{t('ledger.column.stall')}</th>
            <th>{t('ledger.column.operator')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const colours = VERDICT_COLOURS[r.outcome];
            return (
              <tr
                key={r.lotId}
                className="ledger-row"
                tabIndex={0}
                onClick={() => onOpen(r.lotId)}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(r.lotId)}
                data-testid="ledger-row"
                data-lot={r.lotId}
                data-code={r.code}
                data-status={r.status}
                data-outcome={r.outcome}
              >
                {/* Month, day and time: a range spans days, a year is in the picker. */}
                <td>{timeText(r.createdAt).slice(5)}</td>
                <td className="code-cell">
                  <CodeText code={codeLabel(r.code)} />
                </td>
                <td>
                  <span className="outcome-chip" style={{ background: colours.background, color: colours.text }}>
                    {t(`outcome.${r.outcome}`)}
                  </span>
                  {r.overridden && <span className="muted"> ({t('entries.overridden')})</span>}
                </td>
                <td>
                  <StatusChip status={r.status} />
                </td>
                <td className="entry-supplier">{r.supplier.name}</td>
                <td>{r.variety.name}</td>
                <td>
                  {amountText(r.quantity, r.unit)} {t(`unit.${r.unit}`)}
                </td>
                <td className="ledger-certificates">{r.certificates.map((c) => `${t(`certType.${c.type}`)} ${c.number}`).join(t('common.listSeparator'))}</td>
                <td>{r.tests.count === 0 ? t('ledger.noTests') : t('ledger.tests', { count: r.tests.count, verdict: t(`testing.verdict.${r.tests.lastVerdict ?? 'pending'}`) })}</td>
                <td>{r.stall?.name ?? '—'}</td>
                <td>{r.operator.name}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
