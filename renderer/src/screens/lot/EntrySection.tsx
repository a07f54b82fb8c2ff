import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LotDossier } from '../../../../shared/contract';
import { useStation } from '../../api';
import { VERDICT_COLOURS } from '../../feedback';
import { errorText, reasonText } from '../../i18n';
import { timeText } from './time';

/** The entry verdict as it stands, why, who recorded it, and every override with who and why. */
export function EntrySection({ dossier }: { dossier: LotDossier }) {
  const { t } = useTranslation();
  const { entry } = dossier.view;
  const colours = VERDICT_COLOURS[entry.outcome];
  const reasons = entry.reasons.filter((r) => r.code !== 'ok');
  return (
    <section className="lot-page-section" data-testid="lot-page-entry" data-outcome={entry.outcome}>
      <h3>{t('ledger.lot.entry')}</h3>
      <p>
        <span className="outcome-chip" style={{ background: colours.background, color: colours.text }}>
          {t(`outcome.${entry.outcome}`)}
        </span>{' '}
        {reasons.map((r) => reasonText(t, r)).join(t('common.listSeparator'))}
      </p>
      <p className="muted">{t('ledger.lot.entryBy', { at: timeText(entry.createdAt), by: dossier.entryBy })}</p>
      {dossier.overrides.length > 0 && (
        <>
          <h4>{t('ledger.lot.overrides')}</h4>
          <ul data-testid="lot-page-overrides">
            {dossier.overrides.map((o) => (
              <li key={o.at} data-testid="lot-page-override">
                {t('ledger.lot.override', { at: timeText(o.at), by: o.by, from: t(`outcome.${o.from}`), to: t(`outcome.${o.to}`), reason: o.reason })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The papers the lot came with; a photo is fetched only when asked for (they are large). */
export function CertificatesSection({ dossier }: { dossier: LotDossier }) {
  const { t } = useTranslation();
  const { certificates } = dossier.view;
  return (
    <section className="lot-page-section" data-testid="lot-page-certificates">
      <h3>{t('ledger.lot.certificates')}</h3>
      {certificates.length === 0 && <p className="muted">{t('ledger.lot.noCertificates')}</p>}
      <ul>
        {certificates.map((c) => (
          <li key={c.id} data-testid="lot-page-certificate" data-type={c.type} data-number={c.number}>
            {t('ledger.lot.certificate', { type: t(`certType.${c.type}`), number: c.number, issuer: c.issuer, date: c.issueDate })}
            {c.hasPhoto && <CertificatePhoto lotId={dossier.view.lot.id} certificateId={c.id} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A certificate's photo behind a button (the lot page, a recall's origins). */
export function CertificatePhoto({ lotId, certificateId, testId = 'lot-page-photo' }: { lotId: string; certificateId: string; testId?: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [photo, setPhoto] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const toggle = () => {
    if (photo) return setPhoto(null);
    client.call('getCertificatePhoto', { lotId, certificateId }).then(
      (r) => setPhoto(r.photo),
      (error) => setProblem(errorText(t, error)),
    );
  };
  return (
    <div className="lot-page-photo">
      <button type="button" className="secondary" onClick={toggle} data-testid={`${testId}-toggle`}>
        {photo ? t('ledger.lot.hidePhoto') : t('ledger.lot.photo')}
      </button>
      {problem && <p className="form-message">{problem}</p>}
      {photo && <img src={photo} alt={t('ledger.lot.photo')} data-testid={testId} />}
    </div>
  );
}
