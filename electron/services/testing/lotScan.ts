import { refused, type LotView } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';
import { lotCode } from '../scanKey';

/** The lot a scan names; an unknown code is refused as the counter refuses it. */
export function lotFromScan(deps: Pick<ServiceDeps, 'views' | 'settings'>, raw: string): LotView {
  const view = deps.views.findByKey(lotCode(raw, deps.settings).key);
  if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
  return view;
}

/** A destroyed lot is gone: nothing more can be tested, selected or held on it. */
export function refuseDestroyed(view: LotView): void {
  if (view.lot.status === 'destroyed') throw refused('conflict', 'lot destroyed', 'lotDestroyed', { status: view.lot.status });
}

/** Whether the lot (or, for a split child, its root lot) came with a test report. */
export const hasTestReport = (view: LotView) => view.certificates.some((c) => c.type === 'testReport');
