import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, UPLOAD_TARGETS, type UploadSettings } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { fieldOfPath, okValueText, parseMapping, parseOkValue, type SettingsField } from './syncView';

type Target = UploadSettings['target'];

/** What the form edits as text: numbers, the flag value and the mapping are parsed on save. */
interface Draft {
  target: Target;
  endpoint: string;
  token: string;
  tokenHeader: string;
  tokenPrefix: string;
  batchSize: string;
  recordsField: string;
  okField: string;
  okValue: string;
  messageField: string;
  mapping: string;
}

const toDraft = (s: UploadSettings): Draft => ({
  target: s.target,
  endpoint: s.endpoint,
  token: s.token,
  tokenHeader: s.tokenHeader,
  tokenPrefix: s.tokenPrefix,
  batchSize: String(s.batchSize),
  recordsField: s.provincial.recordsField,
  okField: s.provincial.okField,
  okValue: okValueText(s.provincial.okValue),
  messageField: s.provincial.messageField,
  mapping: JSON.stringify(s.provincial.mapping, null, 2),
});

type FieldErrors = Partial<Record<SettingsField, string>>;

/**
 * Admin: where the station uploads to. Collapsed by default (a manager's question is the
 * status, not the endpoint). The mapping is checked as JSON before anything is sent; the
 * station's own validation answers with field issues, shown at each field and in the message.
 */
export function UploadSettingsPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [draft, setDraft] = useState<Draft | null>(null);
  /** The settings as last loaded or saved: a mapping left broken while another target is chosen keeps this one. */
  const [current, setCurrent] = useState<UploadSettings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, problem: message, run, fail: refuse } = useApiAction((error) => errorText(t, error), { cue: true });
  const [fields, setFields] = useState<FieldErrors>({});
  const [saved, setSaved] = useState('');

  // Loaded once per connection, not per language: switching language keeps unsaved edits.
  useEffect(() => {
    client.call('getUploadSettings', {}).then(
      (s) => {
        setCurrent(s);
        setDraft(toDraft(s));
      },
      (error: unknown) => setLoadError(error ?? new Error('load failed')),
    );
  }, [client]);

  const set = (patch: Partial<Draft>) => {
    setSaved('');
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  function fail(text: string, errors: FieldErrors = {}) {
    refuse(text);
    setFields(errors);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft || !current) return;
    setSaved('');
    const batchSize = Number(draft.batchSize.trim());
    if (draft.target !== 'none' && !draft.endpoint.trim()) return fail(t('sync.settings.problem.endpoint'), { endpoint: t('sync.settings.issue.required') });
    if (!/^\d+$/.test(draft.batchSize.trim()) || batchSize < 1 || batchSize > 1000) return fail(t('sync.settings.problem.batchSize'), { batchSize: t('sync.settings.problem.batchSize') });
    // The mapping only matters to the provincial adapter: with another target, a broken edit is
    // not saved (the saved mapping stays) rather than blocking the save of a working EPCIS address.
    const parsed = parseMapping(draft.mapping);
    const mapping = parsed.ok || draft.target === 'provincial' ? parsed : ({ ok: true, mapping: current.provincial.mapping } as const);
    if (!mapping.ok) {
      const text = mapping.problem === 'mappingRule' ? t('sync.settings.problem.mappingRule', { path: mapping.path }) : t(`sync.settings.problem.${mapping.problem}`);
      return fail(text, { 'provincial.mapping': text });
    }
    const next: UploadSettings = {
      target: draft.target,
      endpoint: draft.endpoint.trim(),
      token: draft.token,
      tokenHeader: draft.tokenHeader.trim(),
      tokenPrefix: draft.tokenPrefix,
      batchSize,
      provincial: {
        recordsField: draft.recordsField.trim(),
        okField: draft.okField.trim(),
        okValue: parseOkValue(draft.okValue),
        messageField: draft.messageField.trim(),
        mapping: mapping.mapping,
      },
    };
    setFields({});
    await run(
      async () => {
        const stored = await client.call('saveUploadSettings', next);
        setCurrent(stored);
        setDraft(toDraft(stored));
        setSaved(t('sync.settings.saved'));
      },
      (error) => {
        const errors: FieldErrors = {};
        if (error instanceof ApiError) {
          for (const issue of error.issues ?? []) {
            const field = fieldOfPath(issue.path);
            // A refused mapping names what is wrong in its reason's words: shown at the field too.
            if (field && !errors[field] && issue.code === error.params?.reason) errors[field] = errorText(t, error);
            if (field && !errors[field]) errors[field] = t(`sync.settings.issue.${issue.code}`, { defaultValue: t(`issue.${issue.code}`, { defaultValue: t('sync.settings.issue.other') }) });
          }
        }
        setFields(errors);
      },
    );
  }

  const field = (key: SettingsField, label: string, input: ReactNode, hint?: string) => (
    <label className={fields[key] ? 'sync-field sync-field-bad' : 'sync-field'}>
      {label}
      {input}
      {hint && <span className="muted sync-field-hint">{hint}</span>}
      {fields[key] && (
        <span className="field-error" data-testid={`upload-error-${key.replace('provincial.', '')}`}>
          {fields[key]}
        </span>
      )}
    </label>
  );
  const text = (key: keyof Draft & SettingsField, label: string, extra: { type?: string; maxLength?: number; inputMode?: 'numeric' | 'url'; hint?: string; placeholder?: string } = {}) =>
    field(
      key,
      label,
      <input
        type={extra.type ?? 'text'}
        value={draft ? String(draft[key]) : ''}
        maxLength={extra.maxLength}
        inputMode={extra.inputMode}
        placeholder={extra.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={fields[key] ? true : undefined}
        onChange={(e) => set({ [key]: e.target.value })}
        data-testid={`upload-${key}`}
      />,
      extra.hint,
    );
  const providerText = (key: 'recordsField' | 'okField' | 'okValue' | 'messageField', label: string) =>
    field(
      `provincial.${key}`,
      label,
      <input
        type="text"
        value={draft?.[key] ?? ''}
        maxLength={64}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={fields[`provincial.${key}`] ? true : undefined}
        onChange={(e) => set({ [key]: e.target.value })}
        data-testid={`upload-${key}`}
      />,
    );

  return (
    <details className="card sync-settings" data-testid="upload-settings">
      <summary className="sync-settings-summary" data-testid="upload-settings-toggle">
        <h2>{t('sync.settings.title')}</h2>
      </summary>
      {loadError !== null && (
        <p className="form-message" role="alert">
          {errorText(t, loadError)}
        </p>
      )}
      {draft && (
        <form className="form sync-settings-form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted">{t('sync.settings.hint')}</p>
          <fieldset className="sync-fieldset">
            <legend>{t('sync.settings.target')}</legend>
            <Choice<Target> value={draft.target} options={UPLOAD_TARGETS} label={(o) => t(`sync.target.${o}`)} testId="upload-target" onChange={(target) => set({ target })} />
          </fieldset>
          {text('endpoint', t('sync.settings.endpoint'), { type: 'url', inputMode: 'url', maxLength: 500, hint: t(`sync.settings.endpointHint.${draft.target}`), placeholder: 'https://' })}
          {text('token', t('sync.settings.token'), { type: 'password', maxLength: 4000 })}
          <div className="field-row">
            {text('tokenHeader', t('sync.settings.tokenHeader'), { maxLength: 64 })}
            {text('tokenPrefix', t('sync.settings.tokenPrefix'), { maxLength: 40 })}
            {text('batchSize', t('sync.settings.batchSize'), { inputMode: 'numeric', maxLength: 4 })}
          </div>
          {draft.token && <p className="muted sync-token-preview">{t('sync.settings.tokenPreview', { header: draft.tokenHeader, prefix: draft.tokenPrefix })}</p>}
          {draft.target === 'provincial' && (
            <fieldset className="sync-fieldset" data-testid="upload-provincial">
              <legend>{t('sync.settings.provincial')}</legend>
              <div className="sync-provincial-row">
                {providerText('recordsField', t('sync.settings.recordsField'))}
                {providerText('messageField', t('sync.settings.messageField'))}
              </div>
              <div className="sync-provincial-row">
                {providerText('okField', t('sync.settings.okField'))}
                {providerText('okValue', t('sync.settings.okValue'))}
              </div>
              {field(
                'provincial.mapping',
                t('sync.settings.mapping'),
                <textarea
                  className="sync-mapping"
                  rows={14}
                  value={draft.mapping}
                  spellCheck={false}
                  aria-invalid={fields['provincial.mapping'] ? true : undefined}
                  onChange={(e) => set({ mapping: e.target.value })}
                  data-testid="upload-mapping"
                />,
                t('sync.settings.mappingHint'),
              )}
            </fieldset>
          )}
          {message && (
            <p className="form-message" role="alert" data-testid="upload-message">
              {message}
            </p>
          )}
          {saved && (
            <p role="status" className="sync-done" data-testid="upload-saved">
              {saved}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy} data-testid="upload-save">
              {busy ? t('sync.settings.saving') : t('sync.settings.save')}
            </button>
          </div>
        </form>
      )}
    </details>
  );
}
