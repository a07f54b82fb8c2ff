import { useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Operator } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { PinInput } from '../../components/PinInput';
import { pinProblem } from '../../components/pinShape';
import { useApiAction } from '../../components/useApiAction';

/** 重设 PIN: the old PIN stops working and the operator's sessions end. */
export function PinReset({ operator, onDone, onCancel }: { operator: Operator; onDone(operator: Operator): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [pin, setPin] = useState('');
  const reset = useApiAction((error) => errorText(t, error));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = pinProblem(pin, operator.role);
    if (problem) return reset.fail(t(problem));
    await reset.run(async () => onDone(await client.call('resetOperatorPin', { id: operator.id, pin })));
  }

  return (
    <form className="block-form" onSubmit={submit} data-testid="pin-reset-form">
      <label>
        {t(pinProblem('', operator.role) === 'setup.pinShape' ? 'masterData.operators.newPin' : 'masterData.operators.newLongPin')}
        <PinInput autoFocus value={pin} onChange={setPin} testId="pin-reset-input" />
      </label>
      <FormFooter message={reset.problem} onCancel={onCancel} submitLabel={t('masterData.operators.resetPin')} submitTestId="pin-reset-save" />
    </form>
  );
}
