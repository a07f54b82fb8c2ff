import { useTranslation } from 'react-i18next';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import type { Lot } from './disposalFlow';
import { CodeText } from '../../components/CodeText';

/** The lot being destroyed, on every step from the details on, with the portions sold from it (not destroyed). */
export function DisposalLot({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const { view, descendants } = lot;
  return (
    <section className="card disposal-lot" data-testid="disposal-lot" data-status={view.lot.status}>
      <div className="disposal-lot-code code-cell" data-testid="disposal-lot-code">
        <CodeText code={codeLabel(view.lot.codeKey)} />
      </div>
      <div>
        {t('disposal.variety')}：{view.variety.name} · {t('disposal.supplier')}：{view.supplier.name} · {t('disposal.quantityOfLot')}：{view.lot.quantity} {t(`unit.${view.lot.unit}`)} ·{' '}
        {t('disposal.status')}：{t(`status.${view.lot.status}`)}
      </div>
      {descendants === null ? (
        <p className="muted">{t('disposal.treeLoading')}</p>
      ) : (
        <details open={descendants.length > 0 && descendants.length <= 12}>
          <summary data-testid="disposal-tree" data-count={descendants.length}>
            {descendants.length ? t('disposal.tree', { count: descendants.length }) : t('disposal.treeNone')}
          </summary>
          <ul className="disposal-tree">
            {descendants.map((c) => (
              <li key={c} className="code-cell" data-testid="disposal-tree-code">
                {c}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
