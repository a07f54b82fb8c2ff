import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { KEY_TABLES, readFacts, type Counts } from './inspect';
import type { Progress } from './snapshot';

/** What the copy must hold: the key tables' marks it was taken at, as a range (see writeSnapshot). */
export interface CopyFacts {
  migrationAt: number;
  before: Counts;
  after: Counts;
}

// Plain CommonJS text, so it runs the same from the sources, under vitest and bundled.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const { source, dest, pagesPerStep, tables } = workerData;
(async () => {
  let db;
  let answer;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
    // One read transaction for the whole copy: a fixed snapshot, which the counter's writes on
    // the other connection (WAL) neither block nor restart.
    db.exec('begin');
    const counts = {};
    for (const t of tables) counts[t] = db.prepare('select coalesce(max(rowid), 0) as n from ' + t).get().n;
    const migrationAt = db.prepare('select max(created_at) as at from __drizzle_migrations').get().at || 0;
    parentPort.postMessage({ started: true });
    await db.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        parentPort.postMessage({ progress: { pagesDone: totalPages - remainingPages, pagesTotal: totalPages } });
        return pagesPerStep;
      },
    });
    db.exec('commit');
    const copy = new Database(dest, { fileMustExist: true });
    copy.pragma('journal_mode = DELETE');
    copy.close();
    answer = { facts: { migrationAt, before: counts, after: counts } };
  } catch (e) {
    answer = { error: { code: e && e.code, message: String(e && e.message) } };
  } finally {
    if (db) db.close();
  }
  parentPort.postMessage(answer);
})();
`;

/** The copy could not even start on a worker (the driver did not load there): copy on this thread instead. */
export class NoWorker extends Error {}

type Message = { started: true } | { progress: Progress } | { facts: CopyFacts } | { error: { code?: string; message: string } };

/**
 * The backup API run on a worker thread with its own read-only connection holding one read
 * transaction: the copy is exactly the database at its start (before = after), and the commit of
 * the copy — an fsync of the whole file, ~1 s at 1.4 GB — stalls no scan. `onStop` receives the way
 * to end it early (the station closing).
 */
export function copyInWorker(source: string, dest: string, pagesPerStep: number, onProgress: (p: Progress) => void, onStop: (stop: () => Promise<unknown>) => void): Promise<CopyFacts> {
  return new Promise((resolve, reject) => {
    let started = false;
    let worker: Worker;
    try {
      const module = createRequire(__filename).resolve('better-sqlite3');
      worker = new Worker(WORKER, { eval: true, workerData: { module, source, dest, pagesPerStep, tables: KEY_TABLES } });
    } catch (e) {
      return reject(new NoWorker(String(e)));
    }
    onStop(() => worker.terminate());
    worker.on('message', (m: Message) => {
      if ('started' in m) started = true;
      else if ('progress' in m) onProgress(m.progress);
      else if ('facts' in m) resolve(m.facts);
      else reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    });
    worker.once('error', (e) => reject(started ? e : new NoWorker(String(e))));
    worker.once('exit', () => reject(new Error('the backup was stopped')));
  });
}

/**
 * The same on the station's own connection (when no worker can run): SQLite carries the counter's
 * writes during the copy into it, so the copy is the database at the end; the marks before and
 * after bound what it may hold. The final commit runs on this thread.
 */
export async function copyHere(db: Database.Database, dest: string, pagesPerStep: number, onProgress: (p: Progress) => void): Promise<CopyFacts> {
  const before = readFacts(db);
  await db.backup(dest, {
    progress: ({ totalPages, remainingPages }) => {
      onProgress({ pagesDone: totalPages - remainingPages, pagesTotal: totalPages });
      return pagesPerStep;
    },
  });
  const after = readFacts(db);
  const copy = new Database(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return { migrationAt: before.migrationAt, before: before.counts, after: after.counts };
}
