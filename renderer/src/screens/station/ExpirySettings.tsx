import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { parseWarnDays } from './warnDays';

/** Admin: how many days ahead a product's printed date earns a 临期 warning at entry. */
export function ExpirySettings() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [stored, setStored] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const save = useApiAction((error) => errorText(t, error));
  const message = save.problem;
  const [saved, setSaved] = useState('');

  useEffect(() => {
    client.call('getSettings', {}).then(
      (s) => {
        setStored(s.expiry.warnDays);
        setTyped(String(s.expiry.warnDays));
      },
      (error) => save.fail(errorText(t, error)),
    );
  }, [client, t, save.fail]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const warnDays = parseWarnDays(typed);
    if (warnDays === null) return save.fail(t('expirySettings.problem'));
    await save.run(async () => {
      // Settings are saved whole: start from what the station holds now, not from when the page opened.
      const current = await client.call('getSettings', {});
      const next = await client.call('saveSettings', { ...current, expiry: { warnDays } });
      setStored(next.expiry.warnDays);
      setTyped(String(next.expiry.warnDays));
      setSaved(t('expirySettings.saved', { days: next.expiry.warnDays }));
    });
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="expiry-settings">
      <h3>{t('expirySettings.title')}</h3>
      <p className="muted">{t('expirySettings.hint')}</p>
      <label>
        {t('expirySettings.warnDays')}
        <span className="field-row">
          <input
            value={typed}
            inputMode="numeric"
            maxLength={5}
            disabled={stored === null}
            aria-invalid={message !== '' || undefined}
            onChange={(e) => {
              setTyped(e.target.value);
              setSaved('');
            }}
            data-testid="expiry-warn-days"
          />
          <span>{t('expirySettings.days')}</span>
        </span>
      </label>
      {saved && (
        <p role="status" data-testid="expiry-settings-saved">
          {saved}
        </p>
      )}
      <FormFooter
        message={message}
        messageTestId="expiry-settings-message"
        onCancel={() => {
          if (stored !== null) setTyped(String(stored));
          save.clear();
          setSaved('');
        }}
        submitTestId="expiry-settings-save"
        disabled={stored === null}
      />
    </form>
  );
}
