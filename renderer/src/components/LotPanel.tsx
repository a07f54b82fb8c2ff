import { useTranslation } from 'react-i18next';
import type { LotView } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { ProductDates } from './ProductDates';
import { LOT_STATUS_COLOURS } from '../feedback';
import { amountText, groupedCode } from '../format/codeText';
import { StatusChip } from './StatusChip';
import { zoneText } from './zoneText';
import './lotPanel.css';
import { CodeText } from './CodeText';

interface LotPanelProps {
  view: LotView;
  testId: string;
  /** On the counter a lot that is not admitted is refused in its state's colour: it may not be sold on. */
  forSale?: boolean;
  /** Why this seller may not sell the lot although it is admitted (another stall's lot). */
  refusal?: string;
}

/** A lot at a glance: product, supplier, code and, biggest, what is left of it. */
export function LotPanel({ view, testId, forSale = false, refusal }: LotPanelProps) {
  const { t } = useTranslation();
  const { lot } = view;
  const sellable = lot.status === 'admitted';
  const refused = forSale && (!sellable || !!refusal);
  const unit = t(`unit.${lot.unit}`);
  return (
    <section
      className={`lot-panel ${refused ? 'lot-panel-refused' : ''}`}
      style={refused ? { background: LOT_STATUS_COLOURS[lot.status].background, color: LOT_STATUS_COLOURS[lot.status].text } : undefined}
      data-testid={testId}
      data-status={lot.status}
      data-sellable={sellable}
      data-code={codeLabel(lot.codeKey)}
      aria-live="polite"
    >
      {refused && (
        <div className="lot-refused" role="alert" data-testid="lot-refused">
          {sellable && refusal ? refusal : t('counter.notSellable', { status: t(`status.${lot.status}`) })}
        </div>
      )}
      <div className="lot-body">
        <div className="lot-head">
          <span className="lot-product">{view.variety.name}</span>
          <StatusChip status={lot.status} testId={`${testId}-status`} />
        </div>
        <div className="lot-remaining">
          <span className="lot-remaining-label">{t('counter.remaining')}</span>
          <span className="lot-remaining-value" data-testid={`${testId}-remaining`}>
            {amountText(view.remaining, lot.unit)}
          </span>
          <span className="lot-remaining-unit">
            {unit} / {amountText(lot.quantity, lot.unit)}
          </span>
        </div>
      </div>
      <dl className="lot-facts">
        <dt>{t('counter.supplier')}</dt>
        <dd>{view.supplier.name}</dd>
        <dt>{t('masterData.operators.stall')}</dt>
        <dd data-testid={`${testId}-stall`}>{view.stall?.name ?? t('common.none')}</dd>
        <dt>{t('exit.zone')}</dt>
        <dd data-testid={`${testId}-zone`} data-zone={lot.zone}>
          {zoneText(t, lot)}
        </dd>
        <dt>{t('counter.code')}</dt>
        <dd className="code-cell">
          <CodeText code={groupedCode(codeLabel(lot.codeKey))} />
        </dd>
        {view.parentCode && (
          <>
            <dt>{t('counter.parentCode')}</dt>
            <dd className="code-cell">
              <CodeText code={groupedCode(view.parentCode)} />
            </dd>
          </>
        )}
        <ProductDates lot={lot} />
      </dl>
    </section>
  );
}
