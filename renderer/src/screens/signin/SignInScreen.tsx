import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { PinPad } from './PinPad';

type OperatorChoice = Output<'listOperators'>[number];

export function SignInScreen() {
  const { t } = useTranslation();
  const { client, signedIn, sessionEnd } = useStation();
  const [operators, setOperators] = useState<OperatorChoice[] | null>(null);
  const [chosen, setChosen] = useState<OperatorChoice | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('listOperators', {}).then(setOperators, (error) => setMessage(errorText(t, error)));
  }, [client, t]);

  async function submit() {
    if (!chosen || pin.length < 4 || busy) return;
    setBusy(true);
    try {
      signedIn(await client.call('signIn', { operatorId: chosen.id, pin }));
    } catch (error) {
      playCue('error');
      setMessage(errorText(t, error));
      setPin('');
      setBusy(false);
    }
  }

  function choose(operator: OperatorChoice | null) {
    setChosen(operator);
    setPin('');
    setMessage('');
  }

  return (
    <main className="screen centered">
      <div className="card signin">
        {sessionEnd && (
          <p className="signin-ended" role="status" data-testid="signin-ended">
            {t(`signin.ended.${sessionEnd.reason}`, { minutes: sessionEnd.minutes, defaultValue: t('signin.ended.other') })}
          </p>
        )}
        {chosen ? (
          <>
            <h1>{t('signin.enterPin', { name: chosen.name })}</h1>
            <PinPad value={pin} onChange={setPin} onSubmit={submit} onCancel={() => choose(null)} disabled={busy} />
          </>
        ) : (
          <>
            <h1>{t('signin.title')}</h1>
            <div className="operator-grid">
              {operators?.map((o) => (
                <button key={o.id} type="button" className="operator-button" onClick={() => choose(o)} data-testid="operator-button">
                  <span className="operator-name">{o.name}</span>
                  <span className="operator-role">{t(`role.${o.role}`)}</span>
                </button>
              ))}
              {operators?.length === 0 && <p>{t('signin.noOperators')}</p>}
            </div>
          </>
        )}
        {message && (
          <p className="form-message" role="alert" data-testid="signin-message">
            {message}
          </p>
        )}
      </div>
    </main>
  );
}
