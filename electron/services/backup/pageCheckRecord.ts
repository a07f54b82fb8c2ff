import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * When the whole database last passed its page check. quick_check reads every page: seconds at a
 * few hundred MB, minutes at a year's 7 GB, all of it competing with the counter. The cheap file
 * check runs at every start; the full one once a day, and again after a restore.
 */
const FILE = 'page-check.json';
export const PAGE_CHECK_EVERY_MS = 24 * 3_600_000;

export function pageCheckDue(dataDir: string, now: Date): boolean {
  try {
    const okAt = Date.parse((JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { okAt?: unknown }).okAt as string);
    const age = now.getTime() - okAt;
    // A record from the future (the clock was set back) proves nothing.
    return !(age >= 0 && age < PAGE_CHECK_EVERY_MS);
  } catch {
    return true;
  }
}

export function recordPageCheck(dataDir: string, at: Date): void {
  writeFileSync(join(dataDir, FILE), JSON.stringify({ okAt: at.toISOString() }), { mode: 0o600 });
}

/** The database file was replaced (a restore): its pages are checked at the next open. */
export function forgetPageCheck(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}
