import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { pinProblem } from '../operators/pinShape';

/** First start only: the station has no operator yet, so the first one is the administrator. */
export function SetupScreen() {
  const { t } = useTranslation();
  const { client, signedIn } = useStation();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setMessage(t('setup.nameRequired'));
    const problem = pinProblem(pin, 'admin');
    if (problem) return setMessage(t(problem));
    if (pin !== pinAgain) return setMessage(t('setup.pinMismatch'));
    setBusy(true);
    try {
      signedIn(await client.call('setupAdmin', { name: name.trim(), pin }));
    } catch (error) {
      setMessage(errorText(t, error));
    } finally {
      setBusy(false);
    }
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
          <input type="password" inputMode="numeric" value={pin} maxLength={8} onChange={(e) => setPin(e.target.value)} data-testid="setup-pin" />
        </label>
        <label>
          {t('setup.pinAgain')}
          <input type="password" inputMode="numeric" value={pinAgain} maxLength={8} onChange={(e) => setPinAgain(e.target.value)} data-testid="setup-pin-again" />
        </label>
        {message && <p className="form-message" role="alert">{message}</p>}
        <button type="submit" className="primary" disabled={busy} data-testid="setup-submit">
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
