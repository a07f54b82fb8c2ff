import { useTranslation } from 'react-i18next';
import { RECALL_PAGE, type RecallLot, type RecallLotOrder } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { StatusChip } from '../../components/StatusChip';
import { amountText } from '../../format/codeText';
import { useLotPage } from '../lot/LotPageContext';
import { timeText } from '../lot/time';
import { ProgressChip } from './recallText';

export type Mark = 'retrieved' | 'notRecoverable' | 'open';

/** What a manager may do to a lot of an open recall; null for a reader or a recall no longer open. */
export interface LotActions {
  busy: boolean;
  mark(lot: RecallLot, progress: Mark): void;
  /** Opens 销毁 on the lot; absent where the role has no 销毁. */
  dispose?: (lot: RecallLot) => void;
}

/** tree: each lot followed by the lots split from it; flat: what is still to find first (the station's openFirst order). */
export type LotsMode = 'tree' | 'flat';
export const orderOf = (mode: LotsMode): RecallLotOrder => (mode === 'tree' ? 'tree' : 'openFirst');

/**
 * The affected lots with where each one is: as the tree the station sends (each lot followed by
 * the lots split from it, indented by depth) or as a flat list; each code opens its lot page. The
 * station sends them a page at a time (a recall of a wide lineage lists thousands): "more" asks
 * for the next page, a switch of mode for the first page in the other order.
 */
export function RecallLots({
  lots,
  total,
  mode,
  onMode,
  onMore,
  actions,
}: {
  lots: readonly RecallLot[];
  total: number;
  mode: LotsMode;
  onMode(mode: LotsMode): void;
  onMore(): void;
  actions: LotActions | null;
}) {
  const { t } = useTranslation();
  return (
    <section className="recall-lots" data-testid="recall-lots" data-mode={mode}>
      <header className="panel-header">
        <h3>{t('recall.page.lots')}</h3>
        <div className="segmented">
          {(['tree', 'flat'] as const).map((m) => (
            <button key={m} type="button" className={`segment ${mode === m ? 'segment-on' : ''}`} aria-pressed={mode === m} onClick={() => onMode(m)} data-testid={`recall-lots-${m}`}>
              {t(`recall.page.${m}`)}
            </button>
          ))}
        </div>
      </header>
      <div className="ledger-table-wrap">
        <table className="entry-table recall-lot-table">
          <thead>
            <tr>
              <th>{t('recall.lot.code')}</th>
              <th>{t('recall.lot.variety')}</th>
              <th>{t('recall.lot.quantity')}</th>
              <th>{t('recall.lot.where')}</th>
              <th>{t('recall.lot.status')}</th>
              <th>{t('recall.lot.progress')}</th>
              {actions && <th>{t('recall.lot.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {lots.map((lot) => (
              <LotRow key={lot.lotId} lot={lot} indent={mode === 'tree' ? lot.depth : 0} showParent={mode === 'flat'} actions={actions} />
            ))}
          </tbody>
        </table>
      </div>
      {total > lots.length && (
        <footer className="ledger-pager">
          <span className="muted">{t('recall.page.shown', { shown: lots.length, total })}</span>
          <button type="button" className="secondary" onClick={onMore} data-testid="recall-lots-more">
            {t('recall.page.more', { count: Math.min(RECALL_PAGE, total - lots.length) })}
          </button>
        </footer>
      )}
    </section>
  );
}

function LotRow({ lot, indent, showParent, actions }: { lot: RecallLot; indent: number; showParent: boolean; actions: LotActions | null }) {
  const { t } = useTranslation();
  const lotPage = useLotPage();
  const unit = t(`unit.${lot.unit}`);
  const amount = (q: number) => `${amountText(q, lot.unit)} ${unit}`;
  const code = codeLabel(lot.code);
  return (
    <tr data-testid="recall-lot" data-lot={lot.lotId} data-code={lot.code} data-depth={lot.depth} data-progress={lot.progress} data-status={lot.status}>
      <td className="code-cell recall-lot-code" style={{ paddingLeft: `${0.5 + indent * 1.5}em` }}>
        <span className="recall-lot-code-line">
          {indent > 0 && <span aria-hidden="true">└</span>}
          {lotPage.available ? (
            <button type="button" className="link-button code-cell" onClick={() => lotPage.open(lot.lotId)} data-testid="recall-lot-open">
              {code}
            </button>
          ) : (
            code
          )}
        </span>
        {showParent && lot.parentCode && <div className="muted">{t('recall.lot.parent', { code: codeLabel(lot.parentCode) })}</div>}
      </td>
      <td>{lot.variety}</td>
      <td>{amount(lot.quantity)}</td>
      <td className="recall-where" data-testid="recall-lot-where">
        <div>
          <strong>{t('recall.lot.onHand', { quantity: amount(lot.onHand) })}</strong>
          {lot.sold > 0 && ` · ${t('recall.lot.sold', { quantity: amount(lot.sold) })}`}
          {lot.writtenOff > 0 && ` · ${t('recall.lot.writtenOff', { quantity: amount(lot.writtenOff) })}`}
        </div>
        {/* A portion sold at the counter is with its buyer: its stall is where it was sold, not where it is. */}
        {lot.stall && !lot.sale && <div>{t('recall.lot.stall', { name: lot.stall.name })}</div>}
        {lot.sale && (
          <>
            <div data-testid="recall-lot-buyer">
              {t('recall.lot.buyer', { name: lot.sale.buyer.name ?? t('recall.lot.anonymousBuyer') })}
              {lot.sale.buyer.phone && (
                <>
                  {' · '}
                  <span className="recall-phone" data-testid="recall-lot-phone">
                    {lot.sale.buyer.phone}
                  </span>
                </>
              )}
              {lot.sale.buyer.uscc && ` · ${lot.sale.buyer.uscc}`}
            </div>
            <div className="muted">
              {lot.stall ? t('recall.lot.soldAtStall', { at: timeText(lot.sale.at), by: lot.sale.by, stall: lot.stall.name }) : t('recall.lot.soldAt', { at: timeText(lot.sale.at), by: lot.sale.by })}
            </div>
          </>
        )}
      </td>
      <td>
        <StatusChip status={lot.status} />
      </td>
      <td data-testid="recall-lot-progress">
        <ProgressChip progress={lot.progress} />
        {lot.progressAt && lot.progressByName && <div className="muted">{t('recall.lot.progressBy', { at: timeText(lot.progressAt), by: lot.progressByName })}</div>}
        {lot.progressNote && <div className="muted">{lot.progressNote}</div>}
      </td>
      {actions && (
        <td>
          <div className="recall-lot-actions">
            <RowActions lot={lot} actions={actions} />
          </div>
        </td>
      )}
    </tr>
  );
}

/** Open: found or gone; marked: undo; retrieved or still open with goods: destroy through 销毁. */
function RowActions({ lot, actions }: { lot: RecallLot; actions: LotActions }) {
  const { t } = useTranslation();
  const button = (progress: Mark, label: string, testId: string) => (
    <button type="button" className="secondary small" disabled={actions.busy} onClick={() => actions.mark(lot, progress)} data-testid={testId}>
      {t(label)}
    </button>
  );
  const disposable = (lot.progress === 'open' || lot.progress === 'retrieved') && lot.status !== 'destroyed' && lot.onHand > 0;
  return (
    <>
      {lot.progress === 'open' && button('retrieved', 'recall.lot.retrieved', 'recall-lot-retrieved')}
      {lot.progress === 'open' && button('notRecoverable', 'recall.lot.notRecoverable', 'recall-lot-not-recoverable')}
      {(lot.progress === 'retrieved' || lot.progress === 'notRecoverable') && button('open', 'recall.lot.reopen', 'recall-lot-reopen')}
      {disposable && actions.dispose && (
        <button type="button" className="danger small" disabled={actions.busy} onClick={() => actions.dispose!(lot)} data-testid="recall-lot-dispose">
          {t('recall.lot.dispose')}
        </button>
      )}
    </>
  );
}
