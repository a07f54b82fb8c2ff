import type { Handlers } from '../../core/dispatch';
import type { testingMethods } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { EntryHook } from '../receiving';
import type { ServiceDeps } from '../deps';

/** Testing (批批检测 / 抽检), rapid-test records and holds. PLACEHOLDER: being built. */
export function createTestingService(_deps: ServiceDeps): { onEntry: EntryHook; handlers: Pick<Handlers, keyof typeof testingMethods> } {
  const notYet = () => {
    throw new ApiError('internal', 'testing is not built yet');
  };
  return {
    onEntry: () => null,
    handlers: { listTestItems: notYet, listTestQueue: notYet, samplingStatus: notYet, applySamplingFloor: notYet, selectForTest: notYet, recordTest: notYet, listTests: notYet, listHolds: notYet, placeHold: notYet, releaseHold: notYet },
  };
}
