import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { PinInput } from '../../components/PinInput';
import { pinProblem } from '../../components/pinShape';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';

/** First start only: the station has no operator yet, so the first one is the administrator. */
export function SetupScreen() {
  const { t } = useTranslation();
  const { client, signedIn } = useStation();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const { busy, problem, fail, run } = useApiAction((error) => errorText(t, error));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return fail(t('setup.nameRequired'));
    const problem = pinProblem(pin, 'admin');
    if (problem) return fail(t(problem));
    if (pin !== pinAgain) return fail(t('setup.pinMismatch'));
    await run(async () => signedIn(await client.call('setupAdmin', { name: name.trim(), pin })));
  }

  return (
    <main className="screen centered">
      <form className="card form" onSubmit={submit} data-testid="setup-form">
        <h1>{t('setup.title')}</h1>
        <label>
          {t('setup.name')}
          <input autoFocus value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="setup-name" />
        </label>
        <label>
          {t('setup.pin')}
          <PinInput value={pin} onChange={setPin} testId="setup-pin" />
        </label>
        <label>
          {t('setup.pinAgain')}
          <PinInput value={pinAgain} onChange={setPinAgain} testId="setup-pin-again" />
        </label>
        {problem && (
          <p className="form-message" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="setup-submit">
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
