import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { timeText } from './time';

/** Why the lot was (or was not) picked for a test, its tests, and the holds that covered it. */
export function TestingSection({ dossier, onMove }: { dossier: LotDossier; onMove(lotId: string): void }) {
  const { t, i18n } = useTranslation();
  const { selection, tests, holds } = dossier;
  const id = dossier.view.lot.id;
  return (
    <>
      <section className="lot-page-section" data-testid="lot-page-sampling" data-reason={selection?.reason ?? ''}>
        <h3>{t('ledger.lot.sampling')}</h3>
        {selection ? (
          <>
            <p>{t('ledger.lot.selected', { reason: t(`testing.reason.${selection.reason}`), at: timeText(selection.at), by: selection.by })}</p>
            {selection.note && <p className="muted">{selection.note}</p>}
            {selection.p !== null && <p className="muted">{t('ledger.lot.samplingWhy', { p: `${Math.round(selection.p * 1000) / 10}%`, score: selection.score?.toFixed(3) ?? '—' })}</p>}
          </>
        ) : (
          <p className="muted">{t('ledger.lot.notSelected')}</p>
        )}
      </section>
      <section className="lot-page-section" data-testid="lot-page-tests">
        <h3>{t('ledger.lot.tests')}</h3>
        {tests.length === 0 && <p className="muted">{t('ledger.lot.noTests')}</p>}
        <ul>
          {tests.map((x) => (
            <li key={x.id} data-testid="lot-page-test" data-verdict={x.verdict}>
              {t('ledger.lot.test', {
                at: timeText(x.at),
                item: i18n.language === 'en' ? x.itemName.en : x.itemName.zh,
                verdict: t(`testing.verdict.${x.verdict}`),
                value: x.value !== null ? ` (${x.value}${x.unit ?? ''})` : '',
                by: x.by,
              })}
              {x.needsLabConfirmation && <span className="muted"> · {t('ledger.lot.labConfirm')}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="lot-page-section" data-testid="lot-page-holds">
        <h3>{t('ledger.lot.holds')}</h3>
        {holds.length === 0 && <p className="muted">{t('ledger.lot.noHolds')}</p>}
        <ul>
          {holds.map((h) => (
            <li key={h.id} data-testid="lot-page-hold" data-status={h.status}>
              {t('ledger.lot.hold', { at: timeText(h.at), by: h.by, reason: t(`testing.holds.reason.${h.reason}`) })} · {t(`ledger.lot.holdStatus.${h.status}`)}
              {h.note && <div className="muted">{h.note}</div>}
              {h.onLotId !== id && (
                <div>
                  <button type="button" className="link-button" onClick={() => onMove(h.onLotId)}>
                    {t('ledger.lot.holdOn', { code: codeLabel(h.onCode) })}
                  </button>
                </div>
              )}
              {h.released && <div>{t('ledger.lot.released', { at: timeText(h.released.at), by: h.released.by, reason: h.released.reason ?? '' })}</div>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
