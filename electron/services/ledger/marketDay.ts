import type { DayRange } from '../../../shared/contract';
import { addDays, localDay } from '../../core/clock';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The stored-time bounds of market days `from`..`to`: each day starts at `dayStart` (HH:MM local)
 * and runs to the next day's start, past midnight for an overnight market. Stored times are ISO
 * with the local offset (clock.ts), so a local `YYYY-MM-DDTHH:MM` prefix compares as text.
 */
export function marketDayBounds(range: DayRange, dayStart: string): { start: string; end: string } {
  return { start: `${range.from}T${dayStart}`, end: `${addDays(range.to, 1)}T${dayStart}` };
}

/** The market day `now` belongs to: before the day start it is still the previous day's trade. */
export function marketDayOf(now: Date, dayStart: string): string {
  const today = localDay(now);
  return `${pad(now.getHours())}:${pad(now.getMinutes())}` < dayStart ? addDays(today, -1) : today;
}
