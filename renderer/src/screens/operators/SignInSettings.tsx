import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { errorText } from '../../i18n';

type Fields = { idleMinutes: string; delayAfterFailures: string; lockAfterFailures: string };
const FIELDS = ['idleMinutes', 'delayAfterFailures', 'lockAfterFailures'] as const;

const fieldsOf = (s: Settings): Fields => ({
  idleMinutes: String(s.signIn.idleMinutes),
  delayAfterFailures: String(s.pinGuard.delayAfterFailures),
  lockAfterFailures: String(s.pinGuard.lockAfterFailures),
});

/** Admin: idle sign-out minutes, and after how many wrong PINs in a row tries slow down and lock. */
export function SignInSettings() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [stored, setStored] = useState<Fields | null>(null);
  const [typed, setTyped] = useState<Fields>({ idleMinutes: '', delayAfterFailures: '', lockAfterFailures: '' });
  const [message, setMessage] = useState('');
  const [saved, setSaved] = useState('');

  useEffect(() => {
    client.call('getSettings', {}).then(
      (s) => {
        setStored(fieldsOf(s));
        setTyped(fieldsOf(s));
      },
      (error) => setMessage(errorText(t, error)),
    );
  }, [client, t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const [idleMinutes, delayAfterFailures, lockAfterFailures] = FIELDS.map((f) => (/^\d{1,3}$/.test(typed[f].trim()) ? Number(typed[f]) : NaN));
    if ([idleMinutes, delayAfterFailures, lockAfterFailures].some((n) => !Number.isInteger(n))) return setMessage(t('masterData.signInSettings.wholeNumbers'));
    setMessage('');
    try {
      // Settings are saved whole: start from what the station holds now.
      const current = await client.call('getSettings', {});
      const next = await client.call('saveSettings', { ...current, signIn: { idleMinutes }, pinGuard: { delayAfterFailures, lockAfterFailures } });
      setStored(fieldsOf(next));
      setTyped(fieldsOf(next));
      setSaved(t('masterData.signInSettings.saved'));
    } catch (error) {
      setMessage(errorText(t, error));
    }
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="signin-settings">
      <h2>{t('masterData.signInSettings.title')}</h2>
      {FIELDS.map((f) => (
        <label key={f}>
          {t(`masterData.signInSettings.${f}`)}
          <input
            value={typed[f]}
            inputMode="numeric"
            maxLength={3}
            disabled={stored === null}
            onChange={(e) => {
              setTyped({ ...typed, [f]: e.target.value });
              setSaved('');
            }}
            data-testid={`signin-settings-${f}`}
          />
        </label>
      ))}
      <p className="muted">{t('masterData.signInSettings.hint')}</p>
      {saved && (
        <p role="status" data-testid="signin-settings-saved">
          {saved}
        </p>
      )}
      <FormFooter
        message={message}
        messageTestId="signin-settings-message"
        onCancel={() => {
          if (stored) setTyped(stored);
          setMessage('');
          setSaved('');
        }}
        submitTestId="signin-settings-save"
        disabled={stored === null}
      />
    </form>
  );
}
