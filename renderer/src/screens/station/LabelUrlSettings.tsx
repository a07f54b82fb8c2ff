import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { DEFAULT_LABEL_URL_TEMPLATE, labelUrlShortForm, labelUrlTemplateProblem } from '../../../../shared/domain/labelUrl';

/**
 * Admin: the page a buyer's phone opens from a label's QR — the provincial platform's public query
 * page or the market's own — as a URL template with {code} and {sig}. Labels printed before a change
 * keep verifying at 验码: the signature is of the code, not of the page.
 */
export function LabelUrlSettings() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [stored, setStored] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const save = useApiAction((error) => errorText(t, error));
  const [saved, setSaved] = useState('');

  useEffect(() => {
    client.call('getSettings', {}).then(
      (s) => {
        setStored(s.labelUrl.template);
        setTyped(s.labelUrl.template);
      },
      (error) => save.fail(errorText(t, error)),
    );
  }, [client, t, save.fail]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const template = typed.trim();
    const problem = labelUrlTemplateProblem(template);
    if (problem) return save.fail(t(`issue.labelUrl.${problem}`));
    await save.run(async () => {
      // Settings are saved whole: start from what the station holds now, not from when the page opened.
      const current = await client.call('getSettings', {});
      const next = await client.call('saveSettings', { ...current, labelUrl: { template } });
      setStored(next.labelUrl.template);
      setTyped(next.labelUrl.template);
      setSaved(t('labelUrlSettings.saved'));
    });
  }

  const shortForm = labelUrlTemplateProblem(typed.trim()) ? '' : labelUrlShortForm(typed.trim());
  return (
    <form className="card form" onSubmit={submit} data-testid="label-url-settings">
      <h3>{t('labelUrlSettings.title')}</h3>
      <p className="muted">{t('labelUrlSettings.hint', { example: DEFAULT_LABEL_URL_TEMPLATE })}</p>
      <label>
        {t('labelUrlSettings.template')}
        <input
          value={typed}
          spellCheck={false}
          maxLength={200}
          disabled={stored === null}
          aria-invalid={save.problem !== '' || undefined}
          onChange={(e) => {
            setTyped(e.target.value);
            setSaved('');
          }}
          data-testid="label-url-template"
        />
      </label>
      {shortForm && (
        <p className="muted" data-testid="label-url-short">
          {t('labelUrlSettings.printed', { shortForm })}
        </p>
      )}
      {saved && (
        <p role="status" data-testid="label-url-saved">
          {saved}
        </p>
      )}
      <FormFooter
        message={save.problem}
        messageTestId="label-url-message"
        onCancel={() => {
          if (stored !== null) setTyped(stored);
          save.clear();
          setSaved('');
        }}
        submitTestId="label-url-save"
        disabled={stored === null}
      />
    </form>
  );
}
