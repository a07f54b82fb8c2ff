import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/contract';

/** One step of a report: a statement run for its rows, or run for its effect (a temp table). */
export interface Step {
  name: string;
  sql: string;
  kind: 'all' | 'run';
}

export type Params = Record<string, string | number | null>;
export type Rows = Record<string, Record<string, unknown>[]>;

// Plain CommonJS text (as backup/health.ts): it runs the same from the sources, under vitest and
// bundled. Its own read-only connection, one read transaction for every step: the figures all come
// from one snapshot, and the counter's writes (WAL) neither block it nor are blocked by it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
let answer;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  db.exec('begin');
  const rows = {};
  for (const step of workerData.steps) {
    const stmt = db.prepare(step.sql);
    if (step.kind === 'run') stmt.run(workerData.params);
    else rows[step.name] = stmt.all(workerData.params);
  }
  db.exec('commit');
  answer = { rows };
} catch (e) {
  answer = { error: { code: e && e.code, message: String(e && e.message) } };
} finally {
  if (db) db.close();
}
parentPort.postMessage(answer);
`;

type Answer = { rows: Rows } | { error: { code?: string; message: string } };

/**
 * Runs `steps` on a worker thread over a read-only connection to `path`. A report never runs on
 * the thread that answers scans: a day of 50,000 lots takes a few hundred ms of SQLite. Bounded:
 * after `timeoutMs` the worker is stopped and the call fails with a clear error, as does any error
 * inside it (an `internal` ApiError, with `reason` for the screen and the SQLite message for the log).
 */
export function runInWorker(path: string, steps: readonly Step[], params: Params, timeoutMs: number): Promise<Rows> {
  return new Promise((resolve, reject) => {
    const fail = (reason: 'reportTimeout' | 'reportFailed', message: string) => reject(new ApiError('internal', message, { reason }));
    let worker: Worker;
    try {
      const module = createRequire(__filename).resolve('better-sqlite3');
      worker = new Worker(WORKER, { eval: true, workerData: { module, path, steps, params } });
    } catch (e) {
      return fail('reportFailed', `the report worker did not start: ${String(e)}`);
    }
    // A station closing while a report runs need not wait for it.
    worker.unref();
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => settle(() => (void worker.terminate(), fail('reportTimeout', `the report took longer than ${timeoutMs} ms and was stopped`))), timeoutMs);
    timer.unref();
    worker.once('message', (m: Answer) => settle(() => ('rows' in m ? resolve(m.rows) : fail('reportFailed', `the report failed: ${m.error.code ?? ''} ${m.error.message}`.trim()))));
    worker.once('error', (e) => settle(() => fail('reportFailed', `the report worker failed: ${e.message}`)));
    worker.once('exit', (code) => settle(() => fail('reportFailed', `the report worker stopped (exit ${code}) before answering`)));
  });
}
