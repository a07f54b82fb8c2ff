import { useTranslation } from 'react-i18next';
import { PinPad } from '../../../components/PinPad';
import type { Person, Step } from '../disposalFlow';

interface WitnessStepProps {
  step: Extract<Step, { kind: 'witness' }>;
  /** Who may witness: never the operator, never a vendor. */
  witnesses: Person[];
  busy: boolean;
  onPick(witness: Person): void;
  onPin(pin: string): void;
  onSubmit(): void;
  onBack(): void;
}

/** A second person present: picked by a big button, then their PIN, checked at once. */
export function WitnessStep({ step, witnesses, busy, onPick, onPin, onSubmit, onBack }: WitnessStepProps) {
  const { t } = useTranslation();
  const { witness } = step;
  if (!witness) {
    return (
      <section className="card disposal-step" data-testid="disposal-witness">
        <h2>{t('disposal.witnessPick')}</h2>
        {witnesses.length === 0 && <p className="form-message">{t('disposal.noWitness')}</p>}
        <div className="operator-grid">
          {witnesses.map((p) => (
            <button key={p.id} type="button" className="operator-button" onClick={() => onPick(p)} data-testid="witness-button">
              <span className="operator-name">{p.name}</span>
              <span className="operator-role">{t(`role.${p.role}`)}</span>
            </button>
          ))}
        </div>
      </section>
    );
  }
  return (
    <section className="card disposal-step" data-testid="disposal-witness-pin">
      <h2>{t('disposal.witnessPin', { name: witness.name })}</h2>
      <PinPad value={step.witnessPin} onChange={onPin} onSubmit={onSubmit} onCancel={onBack} disabled={busy} submitLabel={t('disposal.pinConfirm')} />
    </section>
  );
}
