import { ApiError, SamplingSettings, type Operator, type SamplingSettingsView } from '../../../shared/contract';
import { DEFAULT_CATEGORY_RISK, type CategoryRisk, type SamplingConfig } from '../../../shared/domain/sampling';
import { isoLocal } from '../../core/clock';
import { createSettingsTable } from '../../store/settingsTable';
import type { ServiceDeps } from '../deps';

/** What one sampling decision runs on: the config and the category risk levels in force. */
export interface EffectiveSampling {
  config: SamplingConfig;
  categoryRisk(categoryId: string): CategoryRisk;
}

/**
 * The market's sampling rules (docs/testing.md): DEFAULT_SAMPLING_CONFIG ⊕ the start options ⊕
 * what a manager saved in `settings` under 'sampling'. Read from the store on every decision (a
 * saved change applies to the next entry; rows already written keep their p); the settings table
 * memoises the parse on the stored text. Weights are not editable here: they stay in `base`.
 */
export function createSamplingSettings(deps: ServiceDeps, base: SamplingConfig) {
  const { orm, clock, catalog } = deps;
  const table = createSettingsTable(orm);

  function effectiveOf(saved: SamplingSettings | null): EffectiveSampling {
    const levels: Readonly<Record<string, CategoryRisk>> = { ...DEFAULT_CATEGORY_RISK, ...saved?.categoryRisk };
    const config: SamplingConfig = saved
      ? { ...base, targetRate: saved.targetRate, closingTime: saved.closingTime, floorMinutesBeforeClose: saved.floorMinutesBeforeClose, newSupplierLots: saved.newSupplierLots }
      : base;
    return { config, categoryRisk: (categoryId) => (Object.prototype.hasOwnProperty.call(levels, categoryId) ? levels[categoryId]! : 'normal') };
  }

  function view(): SamplingSettingsView {
    const saved = table.entry('sampling');
    const { config, categoryRisk } = effectiveOf(saved?.value ?? null);
    return {
      targetRate: config.targetRate,
      closingTime: config.closingTime,
      floorMinutesBeforeClose: config.floorMinutesBeforeClose,
      newSupplierLots: config.newSupplierLots,
      categoryRisk: Object.fromEntries(catalog.listCategories().map((c) => [c.id, categoryRisk(c.id)])),
      updatedAt: saved?.updatedAt ?? null,
      updatedByName: saved?.updatedByName ?? null,
    };
  }

  return {
    /** The rules in force now: read on every call, so the next decision sees the last save. */
    current: (): EffectiveSampling => effectiveOf(table.get('sampling')),
    view,

    /** Validated by the contract; here the category ids are checked against the catalog. Nothing is written on a problem. */
    save(next: SamplingSettings, by: Operator): SamplingSettingsView {
      const problems = Object.keys(next.categoryRisk)
        .filter((id) => !catalog.category(id))
        .map((id) => ({ path: `categoryRisk.${id}`, code: 'unknownCategory' }));
      if (problems.length) throw new ApiError('badRequest', 'invalid sampling settings', undefined, problems);
      const clean: SamplingSettings = { ...next, targetRate: Math.round(next.targetRate * 100) / 100 };
      table.set('sampling', clean, by.id, isoLocal(clock.now()));
      return view();
    },
  };
}
export type SamplingSettingsService = ReturnType<typeof createSamplingSettings>;
