import { useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { ROLES, type Operator, type Role, type Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { PinInput } from '../../components/PinInput';
import { pinProblem } from '../../components/pinShape';
import { useApiAction } from '../../components/useApiAction';

interface OperatorFormProps {
  /** Edit this operator, or add a new one. */
  operator?: Operator;
  stalls: Subject[];
  onSaved(operator: Operator): void;
  onCancel(): void;
}

/** Name, role and, for a vendor, the stall they sell for; a new operator also gets a PIN. */
export function OperatorForm({ operator, stalls, onSaved, onCancel }: OperatorFormProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState(operator?.name ?? '');
  const [role, setRole] = useState<Role>(operator?.role ?? 'vendor');
  const [stallId, setStallId] = useState(operator?.stallId ?? '');
  const [pin, setPin] = useState('');
  const save = useApiAction((error) => errorText(t, error));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return save.fail(t('setup.nameRequired'));
    const problem = operator ? null : pinProblem(pin, role);
    if (problem) return save.fail(t(problem));
    const draft = { name: name.trim(), role, stallId: role === 'vendor' && stallId ? stallId : null };
    await save.run(async () => onSaved(operator ? await client.call('updateOperator', { id: operator.id, ...draft }) : await client.call('createOperator', { ...draft, pin })));
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="operator-form">
      <h2>{operator ? `${t('common.edit')}：${operator.name}` : t('operators.add')}</h2>
      <label>
        {t('operators.name')}
        <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="operator-name" />
      </label>
      <div className="segmented" role="group" aria-label={t('operators.role')}>
        {ROLES.map((r) => (
          <button key={r} type="button" className={`segment ${role === r ? 'segment-on' : ''}`} aria-pressed={role === r} onClick={() => setRole(r)} data-testid={`role-${r}`}>
            {t(`role.${r}`)}
          </button>
        ))}
      </div>
      {role === 'vendor' && (
        <label>
          {t('masterData.operators.stall')}
          <select value={stallId} onChange={(e) => setStallId(e.target.value)} data-testid="operator-stall">
            <option value="">{t('masterData.operators.noStall')}</option>
            {stalls.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <span className="muted">{stalls.length ? t('masterData.operators.stallHint') : t('masterData.operators.noStalls')}</span>
        </label>
      )}
      {!operator && (
        <label>
          {t(pinProblem('', role) === 'setup.pinShape' ? 'operators.pin' : 'masterData.operators.longPin')}
          <PinInput value={pin} onChange={setPin} testId="operator-pin" />
        </label>
      )}
      <FormFooter message={save.problem} messageTestId="operator-form-message" onCancel={onCancel} submitTestId="operator-save" />
    </form>
  );
}
