import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StallSale, Subject } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { Notice } from '../../components/Notice';
import { StatusChip } from '../../components/StatusChip';
import { useApiAction } from '../../components/useApiAction';
import { amountText } from '../../format/codeText';
import { errorText } from '../../i18n';
import { LotPageButton } from '../lot/LotPageContext';
import { timeText } from '../lot/time';
import './ledger.css';
import { CodeText } from '../../components/CodeText';

/**
 * 本摊今日销售: the portions a vendor's stall sold this market day, newest first, each with 重打
 * (the print queue's audited reprint of the same label). A manager picks the stall.
 */
export function StallSalesScreen() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const isVendor = operator?.role === 'vendor';
  const [stalls, setStalls] = useState<Subject[]>([]);
  const [stallId, setStallId] = useState<string | undefined>(undefined);
  const [sales, setSales] = useState<StallSale[] | null>(null);
  const { busy, notice, run, fail, succeed } = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    if (!isVendor) client.call('listSubjects', { kind: 'stall' }).then(setStalls, (error) => fail(errorText(t, error)));
  }, [client, isVendor, t, fail]);

  const load = useCallback(() => {
    if (!isVendor && !stallId) return;
    client.call('listStallSales', stallId ? { stallId } : {}).then(
      (answer) => setSales(answer.sales),
      (error) => fail(errorText(t, error)),
    );
  }, [client, isVendor, stallId, t, fail]);
  useEffect(load, [load]);
  // A reprint's job changes show on the next read; a portion held or destroyed shows at once.
  useEffect(() => client.on('lotStatus', () => load()), [client, load]);

  const reprint = (sale: StallSale) =>
    run(async () => {
      await client.call('reprint', { jobId: sale.labelJob!.id, reason: t('ledger.sales.reprintDefault') });
      succeed(t('ledger.sales.reprinted'));
      load();
    });

  return (
    <main className="screen ledger" data-testid="stall-sales-screen">
      <header className="panel-header">
        <h1>{t('ledger.sales.title')}</h1>
        {sales && <span className="muted">{t('ledger.sales.count', { count: sales.length })}</span>}
      </header>
      {!isVendor && (
        <label className="ledger-filter">
          {t('ledger.sales.stall')}
          <select value={stallId ?? ''} onChange={(e) => setStallId(e.target.value || undefined)} data-testid="stall-sales-stall">
            <option value="">{t('ledger.sales.pickStall')}</option>
            {stalls.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <Notice notice={notice} testId="stall-sales-notice" />
      {sales?.length === 0 && <p className="muted">{t('ledger.sales.empty')}</p>}
      {sales && sales.length > 0 && (
        <table className="entry-table ledger-table" data-testid="stall-sales-table">
          <thead>
            <tr>
              <th>{t('ledger.sales.column.time')}</th>
              <th>{t('ledger.sales.column.code')}</th>
              <th>{t('ledger.sales.column.parent')}</th>
              <th>{t('ledger.sales.column.variety')}</th>
              <th>{t('ledger.sales.column.quantity')}</th>
              <th>{t('ledger.sales.column.buyer')}</th>
              <th>{t('ledger.sales.column.label')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sales.map((s) => (
              <tr key={s.lotId} data-testid="stall-sale" data-lot={s.lotId} data-code={s.code}>
                <td>{timeText(s.at)}</td>
                <td className="code-cell">
                  <CodeText code={codeLabel(s.code)} /> <StatusChip status={s.status} />
                </td>
                <td className="code-cell">
                  <CodeText code={codeLabel(s.parentCode)} />
                </td>
                <td>{s.varietyName}</td>
                <td>
                  {amountText(s.quantity, s.unit)} {t(`unit.${s.unit}`)}
                </td>
                <td>{s.buyerName ?? '—'}</td>
                <td>{s.labelJob ? t(`printing.jobStatus.${s.labelJob.status}`) : t('ledger.sales.noLabel')}</td>
                <td>
                  {s.labelJob && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => void reprint(s)} data-testid="stall-sale-reprint">
                      {t('ledger.sales.reprint')}
                    </button>
                  )}
                  <LotPageButton lotId={s.lotId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
