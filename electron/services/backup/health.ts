import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../store/open';

/** SQLite's answers that mean the file itself is broken, not that the program is wrong. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB']);

export const isDamageError = (e: unknown): boolean => DAMAGE_CODES.has((e as { code?: string })?.code ?? '');

export type Health = { ok: true; ms: number } | { ok: false; ms: number; problems: string[] };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The check before the database is opened, cheap at any size: the file is an SQLite database, its
 * schema reads, and it is not shorter than its header says (a copy cut short). A missing file is
 * a first start. Damage inside the pages is quick_check's (checkPages), which reads them all.
 */
export function checkStoreFile(dataDir: string): Health {
  const path = join(dataDir, DB_FILE);
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  if (!existsSync(path)) return { ok: true, ms: 0 };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // With a WAL the file may lag its page count; without one it must hold every page.
    if (!existsSync(`${path}-wal`) && statSync(path).size < pages * pageSize)
      return { ok: false, ms: ms(), problems: [`file holds ${statSync(path).size} bytes, its header says ${pages * pageSize}`] };
    return { ok: true, ms: ms() };
  } catch (e) {
    if (!isDamageError(e)) throw e;
    return { ok: false, ms: ms(), problems: [message(e)] };
  } finally {
    db?.close();
  }
}

// The worker is plain CommonJS text, so it runs the same from the sources, under vitest and bundled.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
let answer;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  answer = { findings: db.pragma(workerData.pragma + '(20)').map((r) => String(Object.values(r)[0])) };
} catch (e) {
  answer = { error: { code: e && e.code, message: String(e && e.message) } };
} finally {
  // Closed before answering: whoever awaits the answer may rename the file next.
  if (db) db.close();
}
parentPort.postMessage(answer);
`;

export type PageFindings = { findings: string[] } | { error: { code?: string; message: string } };

/**
 * SQLite's `quick_check` (every page, every b-tree's structure) or `integrity_check` (also each
 * index against its table, about 4× the time) of a file, on a worker thread with its own read-only
 * connection: at a year's data they take seconds (docs/backup.md), which must not stall the counter.
 */
export function checkFileInWorker(path: string, pragma: 'quick_check' | 'integrity_check'): Promise<PageFindings> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      const module = createRequire(__filename).resolve('better-sqlite3');
      worker = new Worker(WORKER, { eval: true, workerData: { module, path, pragma } });
    } catch {
      return resolve(checkHere(path, pragma));
    }
    // A station closing while a check runs need not wait for it.
    worker.unref();
    worker.once('message', resolve);
    // A worker that cannot load the driver (a packaging quirk): the check still runs, here.
    worker.once('error', () => resolve(checkHere(path, pragma)));
  });
}

/** The same check on this thread: slower for the counter, but never skipped. */
function checkHere(path: string, pragma: 'quick_check' | 'integrity_check'): PageFindings {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return { findings: (db.pragma(`${pragma}(20)`) as Record<string, unknown>[]).map((r) => String(Object.values(r)[0])) };
  } catch (e) {
    return { error: { code: (e as { code?: string }).code, message: message(e) } };
  } finally {
    db?.close();
  }
}

/** The whole database's quick_check, beside the counter (restartable.ts runs it after each open). */
export async function checkPages(dataDir: string): Promise<Health> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const path = join(dataDir, DB_FILE);
  if (!existsSync(path)) return { ok: true, ms: 0 };
  const m = await checkFileInWorker(path, 'quick_check');
  if ('findings' in m) return m.findings.length === 1 && m.findings[0] === 'ok' ? { ok: true, ms: ms() } : { ok: false, ms: ms(), problems: m.findings };
  if (DAMAGE_CODES.has(m.error.code ?? '')) return { ok: false, ms: ms(), problems: [m.error.message] };
  throw new Error(`quick_check failed: ${m.error.message}`);
}
