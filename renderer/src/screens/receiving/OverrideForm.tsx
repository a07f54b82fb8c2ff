import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OUTCOMES, type LotView, type Outcome } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';

/** Manager only: change a verdict in place, with a reason that goes on record. */
export function OverrideForm({ view, onOverridden }: { view: LotView; onOverridden(view: LotView): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [reason, setReason] = useState('');
  const { busy, problem, run } = useApiAction((error) => errorText(t, error), { cue: true });

  if (!open) {
    return (
      <button type="button" className="override-open" onClick={() => setOpen(true)} data-testid="override-open">
        {t('receiving.override')}
      </button>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!outcome || !reason.trim()) return;
    await run(async () => {
      const changed = await client.call('overrideEntry', { entryId: view.entry.id, outcome, reason: reason.trim() });
      playCue(changed.entry.outcome);
      onOverridden(changed);
    });
  }

  return (
    <form className="override-form" onSubmit={submit} data-testid="override-form">
      <h3>{t('receiving.overrideTitle')}</h3>
      <div className="segmented">
        {OUTCOMES.filter((o) => o !== view.entry.outcome).map((o) => (
          <button
            key={o}
            type="button"
            className={`segment outcome-${o} ${outcome === o ? 'segment-on' : ''}`}
            aria-pressed={outcome === o}
            onClick={() => setOutcome(o)}
            data-testid={`override-${o}`}
          >
            {t(`outcome.${o}`)}
          </button>
        ))}
      </div>
      <label>
        {t('receiving.overrideReason')}
        <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="override-reason" />
      </label>
      <FormFooter message={problem} onCancel={() => setOpen(false)} submitLabel={t('receiving.overrideSubmit')} submitTestId="override-submit" disabled={busy || !outcome || !reason.trim()} />
    </form>
  );
}
