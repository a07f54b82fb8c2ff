/**
 * 出口查验 and zone moves: what may leave the market and where a lot may be moved inside it.
 * Pure rules over a lot's state; the services read the state and write (electron/services/exit).
 */
import type { ExitExceptionKind, LotStatus, Zone } from '../contract';

/** Stopped lots: they raise the alarm at the gate and never leave as a sale. */
const STOPPED: ReadonlySet<LotStatus> = new Set(['held', 'rejected', 'recalled', 'destroyed']);

/**
 * The same code read again by the same operator within this long is the scanner reading twice
 * (or a nervous second press): it answers the departure already made instead of the alarm.
 */
export const DOUBLE_READ_MS = 10_000;

/** A departure moves the lot out of the market's zones (docs/public-trace.md: 出口查验). */
export const ZONE_AFTER_DEPARTURE: Zone = 'none';

export interface ExitFacts {
  status: LotStatus;
  /** Split from another lot: the portion a buyer took at the counter. */
  isPortion: boolean;
  /** A departure of this lot is already recorded. */
  departed: boolean;
}

/**
 * Sold: a portion split off at the counter (its code is the buyer's), or a lot sold out whole
 * (已售罄: nothing of it is left on a stall).
 */
export const isSold = (f: Pick<ExitFacts, 'status' | 'isPortion'>) => f.status === 'exhausted' || (f.isPortion && f.status === 'admitted');

/** Why the lot may not leave, or null when it may. A stopped lot is refused first, even after it left. */
export function exitRefusal(f: ExitFacts): 'exitLotStopped' | 'exitAlreadyLeft' | 'exitNotSold' | null {
  if (STOPPED.has(f.status)) return 'exitLotStopped';
  if (f.departed) return 'exitAlreadyLeft';
  return isSold(f) ? null : 'exitNotSold';
}

/** What an exception records about goods that left anyway; null: the lot may leave as a departure. */
export function exitExceptionKind(f: Pick<ExitFacts, 'status' | 'isPortion'> | null): ExitExceptionKind | null {
  if (!f) return 'noCode';
  if (STOPPED.has(f.status)) return 'stopped';
  return isSold(f) ? null : 'unsold';
}

/** Statuses that may sit in 贮存区: on sale, waiting for a test, or stopped but still in the market's hands. */
const STORABLE: ReadonlySet<LotStatus> = new Set(['admitted', 'awaitingTest', 'held', 'recalled']);

/** Why the lot may not move to `to`, or null. Only an admitted lot goes (back) on sale in 交易区. */
export function zoneMoveRefusal(f: Pick<ExitFacts, 'status' | 'departed'>, to: 'trading' | 'storage'): 'zoneLeft' | 'zoneStopped' | 'zoneNotMovable' | null {
  if (f.departed) return 'zoneLeft';
  if (to === 'trading') {
    if (f.status === 'admitted') return null;
    return f.status === 'held' || f.status === 'recalled' ? 'zoneStopped' : 'zoneNotMovable';
  }
  return STORABLE.has(f.status) ? null : 'zoneNotMovable';
}
