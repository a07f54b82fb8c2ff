import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../../shared/contract';
import { ScanInputs } from '../../../components/ScanInputs';

type Hold = Output<'listHolds'>[number];

/** Waiting for the lot: scanned (wedge anywhere, camera on F4) or picked from the active holds. */
export function ScanStep({ holds, onScan }: { holds: Hold[]; onScan(raw: string): void }) {
  const { t } = useTranslation();
  return (
    <>
      <section className="verdict verdict-idle" data-testid="disposal-waiting">
        <div className="verdict-word verdict-word-small">{t('disposal.waiting')}</div>
        <p className="verdict-message">{t('disposal.waitingHint')}</p>
      </section>
      <div className="scan-bar">
        <ScanInputs onScan={(text) => onScan(text)} />
      </div>
      <section className="card">
        <h3>{t('disposal.holds')}</h3>
        {holds.length === 0 && <p className="muted">{t('disposal.noHolds')}</p>}
        <div className="disposal-choices">
          {holds.flatMap((h) => {
            // A hold outlives its lot's disposal while its portions (with buyers) stay held: offer
            // the first lot it still holds — the held lot itself, or a portion brought back.
            const lot = [...h.lots].sort((a, b) => a.depth - b.depth).find((l) => l.status === 'held');
            if (!lot) return [];
            return (
              <button key={h.id} type="button" className="segment" onClick={() => onScan(lot.code)} data-testid="disposal-hold" data-code={lot.code}>
                <span className="code-cell">{lot.code}</span> · {h.note ?? t(`disposal.reasons.${h.reason === 'testPositive' ? 'testFailed' : 'other'}`)}
              </button>
            );
          })}
        </div>
      </section>
    </>
  );
}
