import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { PinPad } from '../../components/PinPad';
import { useApiAction } from '../../components/useApiAction';

type OperatorChoice = Output<'listOperators'>[number];

export function SignInScreen() {
  const { t } = useTranslation();
  const { client, signedIn, sessionEnd } = useStation();
  const [operators, setOperators] = useState<OperatorChoice[] | null>(null);
  const [chosen, setChosen] = useState<OperatorChoice | null>(null);
  const [pin, setPin] = useState('');
  const { busy, problem: message, run, fail, clear } = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    client.call('listOperators', {}).then(setOperators, (error) => fail(errorText(t, error)));
  }, [client, t, fail]);

  async function submit() {
    if (!chosen || pin.length < 4) return;
    await run(
      async () => signedIn(await client.call('signIn', { operatorId: chosen.id, pin })),
      () => {
        // A wrong PIN beeps and is cleared for the next try (the list failing to load does not beep).
        playCue('error');
        setPin('');
      },
    );
  }

  function choose(operator: OperatorChoice | null) {
    setChosen(operator);
    setPin('');
    clear();
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
