import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { CertificateLinks } from '../disposal/CertificateLinks';
import { timeText } from './time';

/** The disposal that destroyed the lot, its kept certificate reopened from the store any time. */
export function DisposalSection({ dossier, onMove }: { dossier: LotDossier; onMove(lotId: string): void }) {
  const { t } = useTranslation();
  const d = dossier.disposal;
  return (
    <section className="lot-page-section" data-testid="lot-page-disposal" data-disposal={d?.id ?? ''}>
      <h3>{t('ledger.lot.disposal')}</h3>
      {!d && <p className="muted">{t('ledger.lot.noDisposal')}</p>}
      {d && (
        <>
          <p>
            {t('ledger.lot.disposalLine', { number: d.certificateNumber, at: timeText(d.at), method: t(`disposal.methods.${d.method}`), operator: d.operator, witness: d.witness })} ·{' '}
            {t(`disposal.reasons.${d.reason}`)}
          </p>
          {d.flag === 'noRunDetected' && <p className="form-message">{t('ledger.lot.noRun')}</p>}
          {d.onLotId !== dossier.view.lot.id && (
            <button type="button" className="link-button" onClick={() => onMove(d.onLotId)}>
              {t('ledger.lot.disposalOn', { code: codeLabel(d.onCode) })}
            </button>
          )}
          <CertificateLinks disposalId={d.id} />
        </>
      )}
    </section>
  );
}

/** The lot's records on their way to the platform: waiting, sent, refused (dead letter) or exported. */
export function UploadsSection({ dossier }: { dossier: LotDossier }) {
  const { t } = useTranslation();
  return (
    <section className="lot-page-section" data-testid="lot-page-uploads" data-count={dossier.uploads.length}>
      <h3>{t('ledger.lot.uploads')}</h3>
      {dossier.uploads.length === 0 && <p className="muted">{t('ledger.lot.noUploads')}</p>}
      <ul>
        {dossier.uploads.map((u) => (
          <li key={u.id} data-testid="lot-page-upload" data-state={u.state} className={u.state === 'dead' ? 'form-message' : undefined}>
            {timeText(u.createdAt)} · {t('ledger.lot.uploadLine', { kind: u.kind, state: t(`ledger.lot.uploadState.${u.state}`) })}
            {u.attempts > 0 && u.state !== 'sent' && ` · ${t('ledger.lot.attempts', { count: u.attempts })}`}
            {u.lastError && <div className="muted">{u.lastError}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
