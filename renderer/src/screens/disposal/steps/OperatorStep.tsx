import { useTranslation } from 'react-i18next';
import { PinPad } from '../../../components/PinPad';

interface OperatorStepProps {
  name: string;
  pin: string;
  busy: boolean;
  onPin(pin: string): void;
  onSubmit(): void;
  onBack(): void;
}

/** The signed-in operator confirms again with their PIN, checked at once. */
export function OperatorStep({ name, pin, busy, onPin, onSubmit, onBack }: OperatorStepProps) {
  const { t } = useTranslation();
  return (
    <section className="card disposal-step" data-testid="disposal-operator">
      <h2>{t('disposal.operatorPin', { name })}</h2>
      <PinPad value={pin} onChange={onPin} onSubmit={onSubmit} onCancel={onBack} disabled={busy} submitLabel={t('disposal.pinConfirm')} />
    </section>
  );
}
