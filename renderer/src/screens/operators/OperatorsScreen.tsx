import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Output, type Role } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';

type OperatorChoice = Output<'listOperators'>[number];
const PIN_SHAPE = /^\d{4,8}$/;

/** Administrator only: who may work at this station, in which role, with which PIN. */
export function OperatorsScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [operators, setOperators] = useState<OperatorChoice[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('receiver');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    client.call('listOperators', {}).then(setOperators, (error) => setMessage(errorText(t, error)));
  }, [client, t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setMessage(t('setup.nameRequired'));
    if (!PIN_SHAPE.test(pin)) return setMessage(t('setup.pinShape'));
    try {
      const created = await client.call('createOperator', { name: name.trim(), role, pin });
      setOperators((list) => [...list, created]);
      setMessage(t('operators.created', { name: created.name }));
      setName('');
      setPin('');
    } catch (error) {
      setMessage(errorText(t, error));
    }
  }

  return (
    <main className="screen operators" data-testid="operators-screen">
      <h1>{t('operators.title')}</h1>
      <form className="card form" onSubmit={submit} data-testid="operator-form">
        <h2>{t('operators.add')}</h2>
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
        <label>
          {t('operators.pin')}
          <input type="password" inputMode="numeric" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value)} data-testid="operator-pin" />
        </label>
        {message && (
          <p className="form-message" role="status" data-testid="operator-message">
            {message}
          </p>
        )}
        <button type="submit" className="primary" data-testid="operator-save">
          {t('common.save')}
        </button>
      </form>
      <ul className="operator-list">
        {operators.map((o) => (
          <li key={o.id}>
            <strong>{o.name}</strong> <span className="muted">{t(`role.${o.role}`)}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
