import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../store/open';

/** SQLite's answers that mean the file itself is broken, not that the program is wrong. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export const isDamageError = (e: unknown): boolean => DAMAGE_CODES.has((e as { code?: string })?.code ?? '');

export type Health = { ok: true; ms: number } | { ok: false; ms: number; problems: string[] };

/**
 * The start-up check, before migrations or services touch the file: `quick_check` reads every
 * page and checks each b-tree's structure (not index contents against their tables, which
 * integrity_check adds at several times the cost). A missing file is a first start.
 */
export function checkStoreHealth(dataDir: string): Health {
  const path = join(dataDir, DB_FILE);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  if (!existsSync(path)) return { ok: true, ms: 0 };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const findings = (db.pragma('quick_check(20)') as Record<string, string>[]).map((r) => String(Object.values(r)[0]));
    if (findings.length === 1 && findings[0] === 'ok') return { ok: true, ms: ms() };
    return { ok: false, ms: ms(), problems: findings };
  } catch (e) {
    if (!isDamageError(e)) throw e;
    return { ok: false, ms: ms(), problems: [e instanceof Error ? e.message : String(e)] };
  } finally {
    db?.close();
  }
}
