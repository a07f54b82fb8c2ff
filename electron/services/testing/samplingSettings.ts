import { ApiError, SamplingSettings, type Operator, type SamplingSettingsView } from '../../../shared/contract';
import { DEFAULT_CATEGORY_RISK, type CategoryRisk, type SamplingConfig } from '../../../shared/domain/sampling';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';

/** The key of the sampling rules' row in the key/value `settings` table (not part of `Settings`). */
export const SAMPLING_SETTINGS_KEY = 'sampling';

/** What one sampling decision runs on: the config and the category risk levels in force. */
export interface EffectiveSampling {
  config: SamplingConfig;
  categoryRisk(categoryId: string): CategoryRisk;
}

/**
 * The market's sampling rules (docs/testing.md): DEFAULT_SAMPLING_CONFIG ⊕ the start options ⊕
 * what a manager saved in `settings` under 'sampling'. Read from the store on every decision (a
 * saved change applies to the next entry; rows already written keep their p), the parse memoised on
 * the stored text. Weights are not editable here: they stay in `base`.
 */
export function createSamplingSettings(deps: ServiceDeps, base: SamplingConfig) {
  const { sqlite, clock, catalog } = deps;
  const readValue = sqlite.prepare<[string], { value: string }>('select value from settings where key = ?');
  const readRow = sqlite.prepare<[string], { value: string; updated_at: string; updated_by_name: string | null }>(`
    select s.value, s.updated_at, o.name as updated_by_name
      from settings s left join operators o on o.id = s.updated_by
     where s.key = ?`);
  const upsert = sqlite.prepare(`
    insert into settings (key, value, updated_at, updated_by) values (@key, @value, @updatedAt, @updatedBy)
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);

  let memo: { text: string; saved: SamplingSettings | null } | null = null;

  /** The saved rules, or null when none are saved or what is stored no longer validates (older program). */
  function parse(text: string | undefined): SamplingSettings | null {
    if (text === undefined) return null;
    if (memo?.text === text) return memo.saved;
    let saved: SamplingSettings | null = null;
    try {
      const parsed = SamplingSettings.safeParse(JSON.parse(text));
      saved = parsed.success ? parsed.data : null;
    } catch {
      saved = null;
    }
    memo = { text, saved };
    return saved;
  }

  function effectiveOf(saved: SamplingSettings | null): EffectiveSampling {
    const levels: Readonly<Record<string, CategoryRisk>> = { ...DEFAULT_CATEGORY_RISK, ...saved?.categoryRisk };
    const config: SamplingConfig = saved
      ? { ...base, targetRate: saved.targetRate, closingTime: saved.closingTime, floorMinutesBeforeClose: saved.floorMinutesBeforeClose, newSupplierLots: saved.newSupplierLots }
      : base;
    return { config, categoryRisk: (categoryId) => (Object.prototype.hasOwnProperty.call(levels, categoryId) ? levels[categoryId]! : 'normal') };
  }

  function view(): SamplingSettingsView {
    const row = readRow.get(SAMPLING_SETTINGS_KEY);
    const saved = parse(row?.value);
    const { config, categoryRisk } = effectiveOf(saved);
    return {
      targetRate: config.targetRate,
      closingTime: config.closingTime,
      floorMinutesBeforeClose: config.floorMinutesBeforeClose,
      newSupplierLots: config.newSupplierLots,
      categoryRisk: Object.fromEntries(catalog.listCategories().map((c) => [c.id, categoryRisk(c.id)])),
      updatedAt: saved && row ? row.updated_at : null,
      updatedByName: saved && row ? row.updated_by_name : null,
    };
  }

  return {
    /** The rules in force now: read on every call, so the next decision sees the last save. */
    current: (): EffectiveSampling => effectiveOf(parse(readValue.get(SAMPLING_SETTINGS_KEY)?.value)),
    view,

    /** Validated by the contract; here the category ids are checked against the catalog. Nothing is written on a problem. */
    save(next: SamplingSettings, by: Operator): SamplingSettingsView {
      const problems = Object.keys(next.categoryRisk)
        .filter((id) => !catalog.category(id))
        .map((id) => ({ path: `categoryRisk.${id}`, code: 'unknownCategory' }));
      if (problems.length) throw new ApiError('badRequest', 'invalid sampling settings', undefined, problems);
      const clean: SamplingSettings = { ...next, targetRate: Math.round(next.targetRate * 100) / 100 };
      upsert.run({ key: SAMPLING_SETTINGS_KEY, value: JSON.stringify(clean), updatedAt: isoLocal(clock.now()), updatedBy: by.id });
      return view();
    },
  };
}
export type SamplingSettingsService = ReturnType<typeof createSamplingSettings>;
