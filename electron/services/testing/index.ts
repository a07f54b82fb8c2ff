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
import { DEFAULT_SAMPLING_CONFIG, type SamplingConfig } from '../../../shared/domain/sampling';

type In<M extends keyof typeof testingMethods> = z.output<(typeof testingMethods)[M]['input']>;

/** Testing (批批检测 / 抽检), rapid-test records and holds (docs/testing.md). */
export function createTestingService(deps: ServiceDeps, sampling: Partial<SamplingConfig> = {}): { onEntry: EntryHook; handlers: Pick<Handlers, keyof typeof testingMethods> } {
  const key = createSamplingKey(deps.sqlite, deps.clock);
  // DEFAULT_SAMPLING_CONFIG ⊕ the start options ⊕ the manager's saved rules (read per decision).
  const rules = createSamplingSettings(deps, { ...DEFAULT_SAMPLING_CONFIG, ...sampling });
  const selections = createSelections(deps, key, rules.current);
  const holds = createHolds(deps);
  const tests = createRapidTests(deps, selections, holds);
  const op = (o: Operator | null) => o!;

  return {
    onEntry: selections.onEntry,
    handlers: {
      listTestItems: () => tests.listItems(),
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
