import { useTranslation } from 'react-i18next';
import type { Disposal } from '../../../../shared/contract';
import { LotPageButton } from '../lot/LotPageContext';

/** The side column: the last disposals, a missing shredder run flagged on each. */
export function RecentDisposals({ recent }: { recent: Disposal[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="disposal-recent">
      <h3>{t('disposal.recent')}</h3>
      {recent.length === 0 && <p className="muted">{t('disposal.noRecent')}</p>}
      <ul className="disposal-recent">
        {recent.map((d) => (
          <li key={d.id} data-testid="disposal-recent-row" data-flag={d.flag ?? ''}>
            <span className="code-cell">{d.code}</span> · {d.varietyName} · {d.quantity} {t(`unit.${d.unit}`)}
            <div className="muted">
              {d.certificateNumber} · {d.createdAt.slice(0, 16).replace('T', ' ')}
            </div>
            {d.flag && <div className="disposal-flag">{t('disposal.flagged')}</div>}
            {/* The lot page keeps the certificate: it can be opened again there, any day. */}
            <LotPageButton lotId={d.lotId} testId="disposal-recent-lot" />
          </li>
        ))}
      </ul>
    </section>
  );
}
