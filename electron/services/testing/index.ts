import type { z } from 'zod';
import { localDay } from '../../core/clock';
import type { Handlers } from '../../core/dispatch';
import type { Operator, testingMethods } from '../../../shared/contract';
import type { EntryHook } from '../receiving';
import type { ServiceDeps } from '../deps';
import { createHolds } from './holds';
import { createRapidTests } from './rapidTests';
import { createSamplingKey } from './samplingKey';
import { createSamplingSettings } from './samplingSettings';
import { createSelections } from './selection';
import { createTestItems } from './testItems';
import { DEFAULT_SAMPLING_CONFIG, type SamplingConfig } from '../../../shared/domain/sampling';

type In<M extends keyof typeof testingMethods> = z.output<(typeof testingMethods)[M]['input']>;

/** Testing (批批检测 / 抽检), rapid-test records and holds (docs/testing.md). */
export function createTestingService(
  deps: ServiceDeps,
  sampling: Partial<SamplingConfig> = {},
): { onEntry: EntryHook; seed(): void; handlers: Pick<Handlers, keyof typeof testingMethods> } {
  const key = createSamplingKey(deps.sqlite, deps.clock);
  // DEFAULT_SAMPLING_CONFIG ⊕ the start options ⊕ the manager's saved rules (read per decision).
  const rules = createSamplingSettings(deps, { ...DEFAULT_SAMPLING_CONFIG, ...sampling });
  const items = createTestItems(deps);
  const selections = createSelections(deps, key, rules.current, items);
  const holds = createHolds(deps);
  const tests = createRapidTests(deps, selections, holds, items);
  const op = (o: Operator | null) => o!;

  return {
    onEntry: selections.onEntry,
    /** The default test items, on first start (after the catalog's categories). */
    seed: items.seed,
    handlers: {
      listTestItems: (i: In<'listTestItems'>, o) => items.list(i.includeInactive, op(o)),
      testItemCoverage: () => items.coverage(),
      saveTestItem: (i: In<'saveTestItem'>, o) => items.save(i, op(o)),
      setTestItemActive: (i: In<'setTestItemActive'>, o) => items.setActive(i, op(o)),
      listTestQueue: (i: In<'listTestQueue'>) => selections.listQueue(i),
      getSamplingSettings: () => rules.view(),
      saveSamplingSettings: (i: In<'saveSamplingSettings'>, o) => rules.save(i, op(o)),
      samplingStatus: (i: In<'samplingStatus'>) => selections.status(i.day ?? localDay(deps.clock.now())),
      applySamplingFloor: (_i: In<'applySamplingFloor'>, o) => selections.applyFloor(op(o)),
      selectForTest: (i: In<'selectForTest'>, o) => selections.selectForTest(i, op(o)),
      recordTest: (i: In<'recordTest'>, o) => tests.recordTest(i, op(o)),
      listTests: (i: In<'listTests'>) => tests.listTests(i.raw),
      listHolds: (i: In<'listHolds'>) => holds.list(i.active),
      placeHold: (i: In<'placeHold'>, o) => holds.placeHold(i, op(o)),
      releaseHold: (i: In<'releaseHold'>, o) => holds.releaseHold(i, op(o)),
    },
  };
}
