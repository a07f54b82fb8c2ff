import type { Handlers } from '../../core/dispatch';
import type { testingMethods } from '../../../shared/contract';
import type { EntryHook } from '../receiving';
import type { ServiceDeps } from '../deps';
import { createHolds } from './holds';
import { createRapidTests } from './rapidTests';
import { createSamplingKey } from './samplingKey';
import { createSamplingSettings } from './samplingSettings';
import { createSelections } from './selection';
import { createTestItems } from './testItems';
import { DEFAULT_SAMPLING_CONFIG, type SamplingConfig } from '../../../shared/domain/sampling';

/** Testing (批批检测 / 抽检), rapid-test records and holds (docs/testing.md). */
export function createTestingService(
  deps: ServiceDeps,
  sampling: Partial<SamplingConfig> = {},
): { onEntry: EntryHook; seed(): void; sampling(): SamplingConfig; handlers: Pick<Handlers, keyof typeof testingMethods> } {
  const key = createSamplingKey(deps.secrets, deps.sqlite);
  // DEFAULT_SAMPLING_CONFIG ⊕ the start options ⊕ the manager's saved rules (read per decision).
  const rules = createSamplingSettings(deps, { ...DEFAULT_SAMPLING_CONFIG, ...sampling });
  const items = createTestItems(deps);
  const selections = createSelections(deps, key, rules.current, items);
  const holds = createHolds(deps);
  const tests = createRapidTests(deps, selections, holds, items);

  return {
    onEntry: selections.onEntry,
    /** The default test items, on first start (after the catalog's categories). */
    seed: items.seed,
    /** The sampling rules in force now (the day report reads the day start and the target). */
    sampling: () => rules.current().config,
    handlers: {
      listTestItems: (i, o) => items.list(i.includeInactive, o),
      testItemCoverage: () => items.coverage(),
      saveTestItem: (i, o) => items.save(i, o),
      setTestItemActive: (i, o) => items.setActive(i, o),
      listTestQueue: (i) => selections.listQueue(i),
      getSamplingSettings: () => rules.view(),
      saveSamplingSettings: (i, o) => rules.save(i, o),
      samplingStatus: (i) => selections.status(i.day ?? selections.today()),
      applySamplingFloor: (_i, o) => selections.applyFloor(o),
      selectForTest: (i, o) => selections.selectForTest(i, o),
      recordTest: (i, o) => tests.recordTest(i, o),
      listTests: (i) => tests.listTests(i.raw),
      listHolds: (i) => holds.list(i.active),
      placeHold: (i, o) => holds.placeHold(i, o),
      releaseHold: (i, o) => holds.releaseHold(i, o),
    },
  };
}
