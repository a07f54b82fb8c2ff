import { useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { OperatorAccount, Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { OperatorForm } from './OperatorForm';
import { OperatorRow } from './OperatorRow';
import { SellingSetting } from './SellingSetting';
import { SignInSettings } from './SignInSettings';
import './operators.css';

/**
 * Who may work at this station, in which role and stall, with which PIN: the administrator's. The
 * form beside the list adds an operator, or edits the one whose 编辑 was pressed. A manager sees
 * the list to unlock operators whom wrong PINs locked out.
 */
export function OperatorsScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [operators, setOperators] = useState<OperatorAccount[]>([]);
  const [stalls, setStalls] = useState<Subject[]>([]);
  const [editing, setEditing] = useState<OperatorAccount | null>(null);
  // A fresh empty form after each new operator.
  const [added, setAdded] = useState(0);
  const [message, setMessage] = useState('');

  useEffect(() => {
    Promise.all([client.call('listOperatorAccounts', {}), client.call('listSubjects', { kind: 'stall' })]).then(
      ([list, stallList]) => {
        setOperators(list);
        setStalls(stallList);
      },
      (error) => setMessage(errorText(t, error)),
    );
  }, [client, t]);

  /** One operator changed: the list keeps its order, a new one goes last. */
  function changed(operator: OperatorAccount, note: string) {
    setOperators((list) => (list.some((o) => o.id === operator.id) ? list.map((o) => (o.id === operator.id ? operator : o)) : [...list, operator]));
    setMessage(note);
  }

  return (
    <main className="screen operators" data-testid="operators-screen">
      <div className="operators-columns">
        <section>
          <h1>{t('masterData.operators.list')}</h1>
          <ul className="operator-list">
            {operators.map((o) => (
              <OperatorRow key={o.id} operator={o} stalls={stalls} onEdit={() => setEditing(o)} onChanged={changed} />
            ))}
          </ul>
        </section>
        <div className="operators-side">
          {message && (
            <p className="operators-message" role="status" data-testid="operator-message">
              {message}
            </p>
          )}
          {can('createOperator') && (
            <OperatorForm
              key={editing ? editing.id : `new-${added}`}
              operator={editing ?? undefined}
              stalls={stalls}
              onCancel={() => {
                setEditing(null);
                setAdded((n) => n + 1);
              }}
              onSaved={(operator) => {
                changed({ ...operator, pinLocked: editing?.pinLocked ?? false }, t(editing ? 'masterData.operators.updated' : 'operators.created', { name: operator.name }));
                setEditing(null);
                setAdded((n) => n + 1);
              }}
            />
          )}
          {can('saveSettings') && <SellingSetting />}
          {can('saveSettings') && <SignInSettings />}
        </div>
      </div>
    </main>
  );
}
