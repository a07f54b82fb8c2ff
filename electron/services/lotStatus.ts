import type { LotStatus, Outcome, Zone } from '../../shared/contract';

/** Where a verdict puts the lot: admitted goods go to trading, held goods wait in 待检区. */
export const AFTER_VERDICT: Record<Outcome, { status: LotStatus; zone: Zone }> = {
  admit: { status: 'admitted', zone: 'trading' },
  hold: { status: 'held', zone: 'awaitingTest' },
  reject: { status: 'rejected', zone: 'none' },
};

/** Every status but admitted raises the red alert wherever the code is scanned. */
export const isAlertStatus = (s: LotStatus) => s !== 'admitted';
