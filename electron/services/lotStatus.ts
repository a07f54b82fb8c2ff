import type { LotStatus, Outcome, Zone } from '../../shared/contract';

/** Where a verdict puts the lot: admitted goods go to trading, held goods wait in 待检区. */
export const AFTER_VERDICT: Record<Outcome, { status: LotStatus; zone: Zone }> = {
  admit: { status: 'admitted', zone: 'trading' },
  hold: { status: 'awaitingTest', zone: 'awaitingTest' },
  reject: { status: 'rejected', zone: 'none' },
};

const ALERT_STATUSES: ReadonlySet<LotStatus> = new Set(['held', 'rejected', 'recalled', 'destroyed']);

/**
 * These statuses raise the red alert wherever the code is scanned. A lot waiting for its routine
 * test is not an alarm (it is where it should be); an exhausted lot is just sold out.
 */
export const isAlertStatus = (s: LotStatus) => ALERT_STATUSES.has(s);
