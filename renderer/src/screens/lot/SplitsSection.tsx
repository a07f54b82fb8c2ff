import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { StatusChip } from '../../components/StatusChip';
import { amountText, groupedCode } from '../../format/codeText';
import { timeText } from './time';
import { CodeText } from '../../components/CodeText';

type Split = LotDossier['splits'][number];

function SplitLine({ split, onMove }: { split: Split; onMove(lotId: string): void }) {
  const { t } = useTranslation();
  return (
    <li data-testid="lot-page-split" data-lot={split.lotId}>
      <button type="button" className="link-button code-cell" onClick={() => onMove(split.lotId)}>
        <CodeText code={groupedCode(codeLabel(split.code))} />
      </button>{' '}
      <StatusChip status={split.status} />{' '}
      {t('ledger.lot.split', { quantity: amountText(split.quantity, split.unit), unit: t(`unit.${split.unit}`), buyer: split.buyer.name ?? t('ledger.lot.anonymousBuyer') })}
      {split.priceFen !== null && ` · ${t('ledger.lot.price', { yuan: (split.priceFen / 100).toFixed(2) })}`}
      {split.stall && ` · ${split.stall}`}
      <div className="muted">
        {timeText(split.at)} · {split.by}
        {split.buyer.uscc && ` · ${split.buyer.uscc}`}
        {split.buyer.phone && ` · ${split.buyer.phone}`}
      </div>
    </li>
  );
}

/** Where the lot came from, the portions split from it (each opens its own page), and their labels. */
export function SplitsSection({ dossier, onMove }: { dossier: LotDossier; onMove(lotId: string): void }) {
  const { t } = useTranslation();
  const parentId = dossier.view.lot.parentLotId;
  return (
    <>
      {dossier.splitFrom && parentId && (
        <section className="lot-page-section" data-testid="lot-page-split-from">
          <h3>{t('ledger.lot.splitFrom')}</h3>
          <button type="button" className="link-button code-cell" onClick={() => onMove(parentId)} data-testid="lot-page-parent">
            {dossier.view.parentCode}
          </button>
          <ul>
            <SplitLine split={dossier.splitFrom} onMove={onMove} />
          </ul>
        </section>
      )}
      <section className="lot-page-section" data-testid="lot-page-splits" data-count={dossier.splits.length}>
        <h3>{t('ledger.lot.splits')}</h3>
        {dossier.splits.length === 0 && <p className="muted">{t('ledger.lot.noSplits')}</p>}
        <ul>
          {dossier.splits.map((s) => (
            <SplitLine key={s.lotId} split={s} onMove={onMove} />
          ))}
        </ul>
      </section>
      <section className="lot-page-section" data-testid="lot-page-print-jobs" data-count={dossier.printJobs.length}>
        <h3>{t('ledger.lot.printJobs')}</h3>
        {dossier.printJobs.length === 0 && <p className="muted">{t('ledger.lot.noPrintJobs')}</p>}
        <ul>
          {dossier.printJobs.map((j) => (
            <li key={j.id} data-testid="lot-page-print-job" data-status={j.status}>
              {timeText(j.createdAt)} · {t(`printing.purpose.${j.purpose}`)} · <span className="code-cell">{codeLabel(j.code)}</span> · {t(`printing.jobStatus.${j.status}`)}
              {j.reprintOf && ` · ${t('ledger.lot.reprintOf')}${j.reason ? `：${j.reason}` : ''}`}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
