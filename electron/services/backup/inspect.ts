import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { refused } from '../../../shared/contract';

/** The tables only ever appended to: a copy holds at least what they held before it began. */
export const KEY_TABLES = ['lots', 'entry_checks', 'outbox'] as const;
export type Counts = Record<(typeof KEY_TABLES)[number], number>;

export interface Inspection {
  stationId: string | null;
  stationName: string | null;
  /** Newest applied migration (drizzle's created_at). */
  migrationAt: number;
  counts: Counts;
  lastEntryAt: string | null;
}

const REQUIRED = ['station', 'operators', '__drizzle_migrations', ...KEY_TABLES];

/** Row counts of the key tables and the migration level, read on a live or copied database. */
export function readFacts(db: Database.Database): Omit<Inspection, 'stationName' | 'stationId' | 'lastEntryAt'> {
  const counts = Object.fromEntries(KEY_TABLES.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n])) as Counts;
  const migrationAt = (db.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0;
  return { counts, migrationAt };
}

const detailOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/**
 * Opens a backup read-only and says what it holds; refuses a missing file, a file that is not a
 * station database, or one whose pages fail SQLite's check (`full`: integrity_check, else the
 * faster quick_check).
 */
export function inspectBackupFile(path: string, full = true): Inspection {
  if (!existsSync(path)) throw refused('notFound', 'no such backup file', 'backupFileMissing', { path });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw refused('badRequest', `cannot open ${path}: ${detailOf(e)}`, 'backupNotStation');
  }
  try {
    let tables: string[];
    try {
      tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name);
    } catch (e) {
      // Not a database at all (SQLITE_NOTADB), or its first page is broken.
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') throw refused('badRequest', `not a database: ${detailOf(e)}`, 'backupNotStation');
      throw refused('badRequest', `unreadable: ${detailOf(e)}`, 'backupDamaged', { detail: detailOf(e) });
    }
    if (!REQUIRED.every((t) => tables.includes(t))) throw refused('badRequest', 'not a station database', 'backupNotStation');
    let findings: string[];
    try {
      findings = (db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)') as Record<string, string>[]).map((r) => Object.values(r)[0]);
    } catch (e) {
      findings = [detailOf(e)];
    }
    if (findings.length !== 1 || findings[0] !== 'ok') throw refused('badRequest', `damaged: ${findings.join('; ')}`, 'backupDamaged', { detail: findings[0].slice(0, 200) });
    try {
      const row = db.prepare('select station_id as stationId, name from station limit 1').get() as { stationId: string | null; name: string | null } | undefined;
      const last = db.prepare('select max(created_at) as at from entry_checks').get() as { at: string | null };
      return { ...readFacts(db), stationId: row?.stationId ?? null, stationName: row?.name ?? null, lastEntryAt: last.at };
    } catch (e) {
      throw refused('badRequest', `unreadable: ${detailOf(e)}`, 'backupDamaged', { detail: detailOf(e) });
    }
  } finally {
    db.close();
  }
}
