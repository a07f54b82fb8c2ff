import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, TEST_ITEM_KINDS, type TestItemCoverage, type TestItemInfo } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { useApiAction } from '../../components/useApiAction';
import { emptyItemDraft, itemProblemsOf, parseItemDraft, toItemDraft, type TestItemDraft, type TestItemField, type TestItemProblems } from './testItemForm';
import { localText, testingErrorText } from './testingText';

/** Draft keys whose field has another name, or that decide other fields (the kind: the numbers). */
const FIELDS_OF: Partial<Record<keyof TestItemDraft, TestItemField[]>> = {
  threshold: ['positiveAtOrAbove'],
  varietyKeys: ['labVarietyKeys'],
  kind: ['unit', 'min', 'max', 'positiveAtOrAbove'],
};

interface TestItemFormProps {
  /** The item to edit; none for a new one. */
  item?: TestItemInfo;
  categories: TestItemCoverage[];
  onSaved(item: TestItemInfo): void;
  onCancel(): void;
}

/**
 * Admin: one test item. Checked with the contract's own schema before anything is sent; the
 * station's problems (a taken name, an unknown category) land at the same fields.
 */
export function TestItemForm({ item, categories, onSaved, onCancel }: TestItemFormProps) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [draft, setDraft] = useState<TestItemDraft>(() => (item ? toItemDraft(item) : emptyItemDraft()));
  const [problems, setProblems] = useState<TestItemProblems>({});
  const { busy, problem: message, run, fail: refuse } = useApiAction((error) => testingErrorText(t, error), { cue: true });

  // An edited field loses its mark; the others keep theirs until the next save.
  const set = (patch: Partial<TestItemDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblems((p) => {
      const touched = new Set(Object.keys(patch).flatMap((k) => FIELDS_OF[k as keyof TestItemDraft] ?? [k]));
      return Object.fromEntries(Object.entries(p).filter(([field]) => !touched.has(field)));
    });
  };

  function fail(found: TestItemProblems, text?: string) {
    setProblems(found);
    refuse(text ?? t('testing.items.form.notSaved'));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const parsed = parseItemDraft(draft);
    if (!parsed.ok) return fail(parsed.problems);
    setProblems({});
    await run(
      async () => onSaved(await client.call('saveTestItem', parsed.value)),
      (error) => {
        const found = error instanceof ApiError ? itemProblemsOf(error.issues ?? []) : {};
        setProblems(found);
        // Marked fields carry their own words; the message says only that nothing was saved.
        if (Object.keys(found).length > 0) return t('testing.items.form.notSaved');
      },
    );
  }

  const field = (key: TestItemField, input: ReactNode, wide = false) => (
    <label className={`item-field ${wide ? 'item-field-wide' : ''} ${problems[key] ? 'item-field-bad' : ''}`}>
      <span>{t(`testing.items.form.${key}`)}</span>
      {input}
      {problems[key] && (
        <span className="field-error" data-testid={`item-error-${key}`}>
          {t(`testing.items.problem.${problems[key]}`)}
        </span>
      )}
    </label>
  );
  const text = (key: TestItemField, draftKey: keyof TestItemDraft, maxLength: number, inputMode: 'text' | 'decimal' = 'text') => (
    <input
      type="text"
      inputMode={inputMode}
      maxLength={maxLength}
      autoComplete="off"
      value={draft[draftKey] as string}
      aria-invalid={problems[key] ? true : undefined}
      onChange={(e) => set({ [draftKey]: e.target.value })}
      data-testid={`item-${key}`}
    />
  );
  const toggleCategory = (id: string) => set({ categoryIds: draft.categoryIds.includes(id) ? draft.categoryIds.filter((c) => c !== id) : [...draft.categoryIds, id] });

  return (
    <form className="test-item-form card" onSubmit={(e) => void submit(e)} noValidate data-testid="test-item-form">
      <h2>{t(item ? 'testing.items.form.titleEdit' : 'testing.items.form.titleNew')}</h2>
      <div className="item-grid">
        {field('nameZh', text('nameZh', 'nameZh', 40))}
        {field('nameEn', text('nameEn', 'nameEn', 80))}
        {field('methodZh', text('methodZh', 'methodZh', 60))}
        {field('methodEn', text('methodEn', 'methodEn', 120))}
        {field('standard', text('standard', 'standard', 40))}
      </div>
      <div className="item-kind">
        <span className="item-label">{t('testing.items.form.kind')}</span>
        <Choice value={draft.kind} options={TEST_ITEM_KINDS} label={(k) => t(`testing.items.form.kindOption.${k}`)} testId="item-kind" onChange={(kind) => set({ kind })} />
      </div>
      {draft.kind === 'quantitative' && (
        <div className="item-grid item-numbers">
          {field('unit', text('unit', 'unit', 12))}
          {field('min', text('min', 'min', 12, 'decimal'))}
          {field('max', text('max', 'max', 12, 'decimal'))}
          {field('positiveAtOrAbove', text('positiveAtOrAbove', 'threshold', 12, 'decimal'))}
        </div>
      )}
      <fieldset className={`item-categories ${problems.categoryIds ? 'item-field-bad' : ''}`}>
        <legend>{t('testing.items.form.categoryIds')}</legend>
        <div className="segmented">
          {categories.map((c) => {
            const on = draft.categoryIds.includes(c.categoryId);
            return (
              <button
                key={c.categoryId}
                type="button"
                className={`segment ${on ? 'segment-on' : ''}`}
                aria-pressed={on}
                onClick={() => toggleCategory(c.categoryId)}
                data-testid={`item-category-${c.categoryId}`}
              >
                {localText({ zh: c.nameZh, en: c.nameEn }, i18n.language)}
                {c.mustTest && <span className="item-must-test"> · {t('testing.items.form.mustTest')}</span>}
              </button>
            );
          })}
        </div>
        {problems.categoryIds && (
          <span className="field-error" data-testid="item-error-categoryIds">
            {t(`testing.items.problem.${problems.categoryIds}`)}
          </span>
        )}
      </fieldset>
      <label className="item-check">
        <input type="checkbox" checked={draft.labAllPositives} onChange={(e) => set({ labAllPositives: e.target.checked })} data-testid="item-labAllPositives" />
        <span>{t('testing.items.form.labAllPositives')}</span>
      </label>
      {field('labVarietyKeys', text('labVarietyKeys', 'varietyKeys', 400), true)}
      {message && (
        <p className="form-message" role="alert" data-testid="test-item-message">
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" disabled={busy} onClick={onCancel} data-testid="test-item-cancel">
          {t('testing.items.form.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="test-item-save">
          {busy ? t('testing.items.form.saving') : t('testing.items.form.save')}
        </button>
      </div>
    </form>
  );
}
