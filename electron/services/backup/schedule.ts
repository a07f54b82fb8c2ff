import type { BackupSettings } from '../../../shared/contract';

const HOUR = 3_600_000;
/** After a failed scheduled backup (USB disk pulled out), the next try waits this long. */
export const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

/** The local time `hh:mm` on the day of `d`. */
function atTimeOfDay(d: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m, 0, 0);
}

/**
 * When the next scheduled backup is due. Daily: the latest daily time already passed, if no
 * backup succeeded since (a station switched off at that hour catches up when it starts), else
 * the next one. Every N hours: N hours after the last success (now, if there never was one).
 * After a failure, not before the retry pause. Null: no folder or no schedule.
 */
export function nextDue(s: BackupSettings, lastSuccess: Date | null, lastFailure: Date | null, now: Date): Date | null {
  if (!s.folder) return null;
  const due: Date[] = [];
  const last = lastSuccess?.getTime() ?? -Infinity;
  if (s.dailyAt) {
    let passed = atTimeOfDay(now, s.dailyAt);
    if (passed > now) passed = new Date(passed.getFullYear(), passed.getMonth(), passed.getDate() - 1, passed.getHours(), passed.getMinutes());
    due.push(last < passed.getTime() ? passed : new Date(passed.getFullYear(), passed.getMonth(), passed.getDate() + 1, passed.getHours(), passed.getMinutes()));
  }
  if (s.everyHours) due.push(new Date(Number.isFinite(last) ? last + s.everyHours * HOUR : now.getTime()));
  if (due.length === 0) return null;
  let t = Math.min(...due.map((d) => d.getTime()));
  if (lastFailure && lastFailure.getTime() + RETRY_AFTER_FAILURE_MS > t) t = lastFailure.getTime() + RETRY_AFTER_FAILURE_MS;
  return new Date(t);
}

/** The timer the schedule runs on; tests pass one they fire by hand. */
export interface BackupTimer {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Wakes at most hourly to plan again, so a changed wall clock (or a sleeping PC) cannot push a backup far out. */
export const MAX_SLEEP_MS = HOUR;

export const realTimer: BackupTimer = {
  set(fire, ms) {
    const t = setTimeout(fire, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};
