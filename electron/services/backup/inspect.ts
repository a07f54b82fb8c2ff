import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { refused } from '../../../shared/contract';
import { checkFileInWorker } from './health';

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

/**
 * The key tables' high-water marks (max rowid: rows ever written, as these tables are never
 * deleted from; O(log n), where count(*) walks an index and stalled the counter ~0.3 s at a
 * year's data) and the migration level, read on a live or copied database.
 */
export function readFacts(db: Database.Database): Omit<Inspection, 'stationName' | 'stationId' | 'lastEntryAt'> {
  const counts = Object.fromEntries(KEY_TABLES.map((t) => [t, (db.prepare(`select coalesce(max(rowid), 0) as n from ${t}`).get() as { n: number }).n])) as Counts;
  const migrationAt = (db.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at ?? 0;
  return { counts, migrationAt };
}

const detailOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

/** Opens read-only; a file SQLite cannot open is not a station database. */
function openReadOnly(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw refused('badRequest', `cannot open ${path}: ${detailOf(e)}`, 'backupNotStation');
  }
}

const damaged = (detail: string) => refused('badRequest', `damaged: ${detail}`, 'backupDamaged', { detail: detail.slice(0, 200) });

/** Is it a station database at all: SQLite's header and the tables every station has (cheap). */
function checkShape(path: string): void {
  const db = openReadOnly(path);
  try {
    let tables: string[];
    try {
      tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name);
    } catch (e) {
      // Not a database at all (SQLITE_NOTADB), or its first page is broken.
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw refused('badRequest', `not a database: ${detailOf(e)}`, 'backupNotStation');
      throw damaged(detailOf(e));
    }
    if (!REQUIRED.every((t) => tables.includes(t))) throw refused('badRequest', 'not a station database', 'backupNotStation');
  } finally {
    db.close();
  }
}

/**
 * Says what a backup holds; refuses a missing file, a file that is not a station database, or one
 * whose pages fail SQLite's check (`integrity`: integrity_check, else the faster quick_check),
 * which runs on a worker thread so the counter is not held up meanwhile.
 */
export async function inspectBackupFile(path: string, check: 'integrity' | 'quick' = 'integrity'): Promise<Inspection> {
  if (!existsSync(path)) throw refused('notFound', 'no such backup file', 'backupFileMissing', { path });
  checkShape(path);
  const result = await checkFileInWorker(path, check === 'integrity' ? 'integrity_check' : 'quick_check');
  const findings = 'findings' in result ? result.findings : [result.error.message];
  if (findings.length !== 1 || findings[0] !== 'ok') throw damaged(findings.join('; '));
  const db = openReadOnly(path);
  try {
    const row = db.prepare('select station_id as stationId, name from station limit 1').get() as { stationId: string | null; name: string | null } | undefined;
    const last = db.prepare('select max(created_at) as at from entry_checks').get() as { at: string | null };
    return { ...readFacts(db), stationId: row?.stationId ?? null, stationName: row?.name ?? null, lastEntryAt: last.at };
  } catch (e) {
    throw damaged(detailOf(e));
  } finally {
    db.close();
  }
}
