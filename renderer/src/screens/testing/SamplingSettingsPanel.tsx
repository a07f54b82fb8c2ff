import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, CATEGORY_RISKS, type Category, type SamplingSettingsView } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { useApiAction } from '../../components/useApiAction';
import { parseSamplingDraft, samplingFieldOf, toSamplingDraft, type SamplingDraft, type SamplingField } from './samplingSettingsForm';
import { percent, testingErrorText } from './testingText';

type Level = (typeof CATEGORY_RISKS)[number];
type TextField = Exclude<SamplingField, 'categoryRisk'>;
const DRAFT_KEY: Record<TextField, keyof SamplingDraft> = {
  targetRate: 'percent',
  closingTime: 'closingTime',
  floorMinutesBeforeClose: 'floorMinutes',
  newSupplierLots: 'newSupplierLots',
};
/** The plan's minimum (不少于10%): a lower target is allowed but called out. */
const PLAN_MINIMUM_PERCENT = 10;

/**
 * Manager: the daily sampling rules (target rate, closing time, floor window, when a supplier
 * counts as new, each category's risk level). Collapsed by default; checked here before anything
 * is sent, and the station's own field issues land at the same fields. A save applies from the
 * next lot that enters: decisions already made stay.
 */
export function SamplingSettingsPanel({ onChanged }: { onChanged(): void }) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [view, setView] = useState<SamplingSettingsView | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [draft, setDraft] = useState<SamplingDraft | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [problems, setProblems] = useState<SamplingField[]>([]);
  const { busy, problem: message, run, fail: refuse, clear } = useApiAction((error) => testingErrorText(t, error), { cue: true });
  const [saved, setSaved] = useState('');

  // Loaded once per connection, not per language: switching language keeps unsaved edits.
  useEffect(() => {
    client.call('getSamplingSettings', {}).then(
      (s) => {
        setView(s);
        setDraft(toSamplingDraft(s));
      },
      (e: unknown) => setLoadError(e ?? new Error('load failed')),
    );
    client.call('listCategories', {}).then(setCategories, () => setCategories([]));
  }, [client]);

  const set = (patch: Partial<SamplingDraft>) => {
    setSaved('');
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  /** Nothing was saved: the wrong fields are marked, each with its own message. */
  function fail(fields: SamplingField[], text?: string) {
    setProblems(fields);
    refuse(text ?? t('testing.settings.notSaved'));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft || busy) return;
    setSaved('');
    const parsed = parseSamplingDraft(draft);
    if (!parsed.ok) return fail(parsed.fields);
    setProblems([]);
    await run(
      async () => {
        const stored = await client.call('saveSamplingSettings', parsed.value);
        setView(stored);
        setDraft(toSamplingDraft(stored));
        setSaved(t('testing.settings.saved'));
        onChanged();
      },
      (error) => {
        const fields = error instanceof ApiError ? [...new Set((error.issues ?? []).map((i) => samplingFieldOf(i.path)).filter((f): f is SamplingField => f !== null))] : [];
        setProblems(fields);
        // Marked fields carry their own words; the message says only that nothing was saved.
        if (fields.length > 0) return t('testing.settings.notSaved');
      },
    );
  }

  const bad = (field: SamplingField) => problems.includes(field);
  const field = (key: TextField, input: ReactNode, hint?: string) => (
    <label className={bad(key) ? 'sampling-field sampling-field-bad' : 'sampling-field'}>
      <span className="sampling-field-label">{t(`testing.settings.${key}`)}</span>
      {input}
      {hint && <span className="muted">{hint}</span>}
      {bad(key) && (
        <span className="field-error" data-testid={`sampling-error-${key}`}>
          {t(`testing.settings.problem.${key}`)}
        </span>
      )}
    </label>
  );
  const text = (key: TextField, extra: { inputMode: 'numeric' | 'text'; maxLength: number; placeholder?: string; suffix?: string }) => {
    const draftKey = DRAFT_KEY[key];
    return (
      <span className="sampling-input">
        <input
          type="text"
          inputMode={extra.inputMode}
          maxLength={extra.maxLength}
          placeholder={extra.placeholder}
          autoComplete="off"
          spellCheck={false}
          value={draft ? String(draft[draftKey]) : ''}
          aria-invalid={bad(key) ? true : undefined}
          onChange={(e) => set({ [draftKey]: e.target.value })}
          data-testid={`sampling-${key}`}
        />
        {extra.suffix && <span className="sampling-suffix">{extra.suffix}</span>}
      </span>
    );
  };

  const name = (c: Category) => (i18n.language === 'en' ? c.nameEn : c.nameZh);
  const shownPercent = draft ? Number(draft.percent.trim()) : NaN;
  const belowPlan = Number.isFinite(shownPercent) && shownPercent >= 1 && shownPercent < PLAN_MINIMUM_PERCENT;

  return (
    <details className="testing-panel sampling-settings" data-testid="sampling-settings">
      <summary className="sampling-settings-summary" data-testid="sampling-settings-toggle">
        <h3>{t('testing.settings.title')}</h3>
        {view && <span className="muted">{t('testing.settings.summary', { target: percent(view.targetRate), closing: view.closingTime })}</span>}
      </summary>
      {loadError !== null && (
        <p className="testing-message testing-problem" role="alert">
          {testingErrorText(t, loadError)}
        </p>
      )}
      {draft && (
        <form className="sampling-settings-form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted">{t('testing.settings.hint')}</p>
          {field('targetRate', text('targetRate', { inputMode: 'numeric', maxLength: 4, suffix: '%' }), belowPlan ? undefined : t('testing.settings.targetRateHint'))}
          {belowPlan && (
            <p className="sampling-warning" data-testid="sampling-below-plan">
              {t('testing.settings.belowPlan', { minimum: `${PLAN_MINIMUM_PERCENT}%` })}
            </p>
          )}
          <div className="sampling-row">
            {field('closingTime', text('closingTime', { inputMode: 'text', maxLength: 5, placeholder: '18:00' }))}
            {field('floorMinutesBeforeClose', text('floorMinutesBeforeClose', { inputMode: 'numeric', maxLength: 3, suffix: t('testing.settings.minutes') }))}
          </div>
          {field('newSupplierLots', text('newSupplierLots', { inputMode: 'numeric', maxLength: 3, suffix: t('testing.settings.lots') }), t('testing.settings.newSupplierLotsHint'))}
          <fieldset className={bad('categoryRisk') ? 'sampling-risks sampling-field-bad' : 'sampling-risks'}>
            <legend>{t('testing.settings.categoryRisk')}</legend>
            <p className="muted">{t('testing.settings.categoryRiskHint')}</p>
            {categories.map((c) => (
              <div key={c.id} className="sampling-risk-row" data-testid="sampling-risk-row" data-category={c.id} data-level={draft.categoryRisk[c.id] ?? 'normal'}>
                <span className="sampling-risk-name">{name(c)}</span>
                <Choice<Level>
                  value={draft.categoryRisk[c.id] ?? 'normal'}
                  options={CATEGORY_RISKS}
                  label={(o) => t(`testing.settings.risk.${o}`)}
                  testId={`sampling-risk-${c.id}`}
                  onChange={(level) => set({ categoryRisk: { ...draft.categoryRisk, [c.id]: level } })}
                />
              </div>
            ))}
            {bad('categoryRisk') && <span className="field-error">{t('testing.settings.problem.categoryRisk')}</span>}
          </fieldset>
          {message && (
            <p className="testing-message testing-problem" role="alert" data-testid="sampling-settings-message">
              {message}
            </p>
          )}
          {saved && (
            <p className="testing-message sampling-met" role="status" data-testid="sampling-settings-saved">
              {saved}
            </p>
          )}
          {view?.updatedAt && view.updatedByName && (
            <p className="muted" data-testid="sampling-settings-updated">
              {t('testing.settings.updated', { name: view.updatedByName, at: new Date(view.updatedAt).toLocaleString() })}
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="secondary big-button"
              disabled={busy}
              onClick={() => {
                if (!view) return;
                setDraft(toSamplingDraft(view));
                setProblems([]);
                clear();
                setSaved('');
              }}
              data-testid="sampling-settings-revert"
            >
              {t('testing.settings.revert')}
            </button>
            <button type="submit" className="primary big-button" disabled={busy} data-testid="sampling-settings-save">
              {busy ? t('testing.settings.saving') : t('testing.settings.save')}
            </button>
          </div>
        </form>
      )}
    </details>
  );
}
