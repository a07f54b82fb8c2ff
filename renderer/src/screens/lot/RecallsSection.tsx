import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { useScreenLinks } from '../nav/screenLink';
import { timeText } from './time';

/**
 * The recalls covering the lot, each opening on 召回, and for a manager 发起召回 on this lot (the
 * start form with the lot's code filled in). Leaving for 召回 closes the drawer.
 */
export function RecallsSection({ dossier, onClose }: { dossier: LotDossier; onClose(): void }) {
  const { t } = useTranslation();
  const { can } = useStation();
  const links = useScreenLinks();
  const reachable = links.has('recall');
  const go = (link: Parameters<typeof links.open>[0]) => {
    onClose();
    links.open(link);
  };
  return (
    <section className="lot-page-section" data-testid="lot-page-recalls" data-count={dossier.recalls.length}>
      <h3>{t('recall.lotPage.title')}</h3>
      {dossier.recalls.length === 0 && <p className="muted">{t('recall.lotPage.none')}</p>}
      <ul>
        {dossier.recalls.map((r) => (
          <li key={r.id} data-testid="lot-page-recall" data-recall={r.id} data-status={r.status} data-progress={r.progress}>
            {reachable ? (
              <button type="button" className="link-button" onClick={() => go({ screen: 'recall', recallId: r.id })} data-testid="lot-page-recall-open">
                {t('recall.lotPage.line', { number: r.number, status: t(`recall.status.${r.status}`), reason: r.reason })}
              </button>
            ) : (
              t('recall.lotPage.line', { number: r.number, status: t(`recall.status.${r.status}`), reason: r.reason })
            )}
            <div className="muted">{t('recall.lotPage.progress', { progress: t(`recall.progress.${r.progress}`), at: timeText(r.at), by: r.by })}</div>
          </li>
        ))}
      </ul>
      {reachable && can('startRecall') && (
        <button type="button" className="danger" onClick={() => go({ screen: 'recall', startLot: codeLabel(dossier.view.lot.codeKey) })} data-testid="lot-page-start-recall">
          {t('recall.lotPage.start')}
        </button>
      )}
    </section>
  );
}
