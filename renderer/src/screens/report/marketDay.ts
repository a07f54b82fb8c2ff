/** YYYY-MM-DD of a local date. */
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The market day `now` belongs to: before `dayStart` (HH:MM) it is still the day before (an overnight market). */
export function marketDay(now: Date, dayStart: string): string {
  const m = /^(\d{2}):(\d{2})$/.exec(dayStart);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  return isoDay(new Date(now.getTime() - minutes * 60_000));
}

/** The day `n` days after `day` (n may be negative). */
export function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
