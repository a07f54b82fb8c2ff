/**
 * Market days (docs/report.md): a day starts at the sampling settings' `dayStart` (HH:MM local),
 * so an overnight market's day runs past midnight. Stored times are local ISO strings with their
 * offset (`2026-03-10T06:15:00.000+08:00`): a bound written as the wall-clock prefix
 * `2026-03-10T06:00` compares with them as text, which is how the report's queries cut days.
 */
import { addDays } from './entryRules';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function startMinutes(dayStart: string): number {
  const m = HHMM.exec(dayStart);
  if (!m) throw new RangeError(`not an HH:MM time: ${dayStart}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export interface MarketBounds {
  /** First instant of the range, as a wall-clock prefix: a stored time is in the range when `fromAt <= at`. */
  fromAt: string;
  /** First instant after the range: a stored time is in the range when `at < toAt`. */
  toAt: string;
}

/** The market days `from`…`to` (both included) as wall-clock bounds. */
export function marketBounds(from: string, to: string, dayStart: string): MarketBounds {
  startMinutes(dayStart);
  if (addDays(from, 0) > addDays(to, 0)) throw new RangeError(`range ends before it starts: ${from}…${to}`);
  return { fromAt: `${from}T${dayStart}`, toAt: `${addDays(to, 1)}T${dayStart}` };
}

/** The market day a stored local time belongs to: before `dayStart` it is still the previous day. */
export function marketDayOf(at: string, dayStart: string): string {
  const day = at.slice(0, 10);
  return at.slice(11, 16) < dayStart ? addDays(day, -1) : addDays(day, 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The market day a moment belongs to, read on the local wall clock (a screen's or the station's now). */
export function marketDayAt(now: Date, dayStart: string): string {
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return marketDayOf(`${day}T${pad(now.getHours())}:${pad(now.getMinutes())}`, dayStart);
}

/** The clock hours of a market day in the order they pass, from the hour `dayStart` falls in. */
export function marketHours(dayStart: string): number[] {
  const first = Math.floor(startMinutes(dayStart) / 60);
  return Array.from({ length: 24 }, (_, i) => (first + i) % 24);
}

/** The `days` market days ending with `to`, oldest first. */
export function daysEndingWith(to: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(to, i - days + 1));
}
