import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operator } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { refusalText } from '../../i18n/refusal';
import { pinProblem } from './pinShape';

/** 重设 PIN: the old PIN stops working and the operator's sessions end. */
export function PinReset({ operator, onDone, onCancel }: { operator: Operator; onDone(operator: Operator): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = pinProblem(pin, operator.role);
    if (problem) return setMessage(t(problem));
    try {
      onDone(await client.call('resetOperatorPin', { id: operator.id, pin }));
    } catch (error) {
      setMessage(refusalText(t, error));
    }
  }

  return (
    <form className="block-form" onSubmit={submit} data-testid="pin-reset-form">
      <label>
        {t(pinProblem('', operator.role) === 'setup.pinShape' ? 'masterData.operators.newPin' : 'masterData.operators.newLongPin')}
        <input autoFocus type="password" inputMode="numeric" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value)} data-testid="pin-reset-input" />
      </label>
      <FormFooter message={message} onCancel={onCancel} submitLabel={t('masterData.operators.resetPin')} submitTestId="pin-reset-save" />
    </form>
  );
}
