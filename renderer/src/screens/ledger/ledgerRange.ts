import type { DayRange } from '../../../../shared/contract';

export type QuickRange = 'today' | 'yesterday' | 'week' | 'month';
export const QUICK_RANGES: QuickRange[] = ['today', 'yesterday', 'week', 'month'];

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const daysBefore = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() - n);

/** The quick choices of the range picker, in local days as of `now` (the station cuts them at its day start). */
export function quickRange(kind: QuickRange, now: Date): DayRange {
  const today = dayOf(now);
  if (kind === 'today') return { from: today, to: today };
  if (kind === 'yesterday') return { from: dayOf(daysBefore(now, 1)), to: dayOf(daysBefore(now, 1)) };
  return { from: dayOf(daysBefore(now, kind === 'week' ? 6 : 29)), to: today };
}

/** A picked range the station would take: both days set and in order (else the picker says so). */
export const rangeOk = (r: { from: string; to: string }) => /^\d{4}-\d{2}-\d{2}$/.test(r.from) && /^\d{4}-\d{2}-\d{2}$/.test(r.to) && r.from <= r.to;
