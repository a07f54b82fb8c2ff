import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../../shared/contract';

/**
 * One step of a report: a statement run for its rows (`all`), or for its effect (`run`: a temp
 * table). Steps aggregate in SQL: turning a day's 50,000 rows into JS objects costs more than
 * SQLite's scans and sorts of them (measured: ~20× a scan), so only grouped answers come out.
 */
export interface Step {
  name: string;
  sql: string;
  kind: 'all' | 'run';
}

export type Params = Record<string, string | number | null>;
export type Rows = Record<string, Record<string, unknown>[]>;

// Plain CommonJS text (as backup/health.ts): it runs the same from the sources, under vitest and
// bundled. One read-only connection for the worker's life (its page cache stays warm from one
// report to the next); one read transaction per request, so a report's figures all come from one
// snapshot, and the counter's writes (WAL) neither block it nor are blocked by it. The temp tables
// a request makes are dropped when it ends.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
function open() {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  // Temp tables in memory, and room for a day's pages: each section reads them again.
  db.pragma('temp_store = memory');
  db.pragma('cache_size = -65536');
}
parentPort.on('message', ({ id, steps, params }) => {
  let answer;
  try {
    if (!db) open();
    db.exec('begin');
    const rows = {};
    for (const step of steps) {
      const stmt = db.prepare(step.sql);
      if (step.kind === 'run') stmt.run(params);
      else rows[step.name] = stmt.all(params);
    }
    answer = { id, rows };
  } catch (e) {
    answer = { id, error: { code: e && e.code, message: String(e && e.message) } };
  } finally {
    if (db && db.inTransaction) db.exec('rollback');
    if (db) for (const t of db.prepare("select name from sqlite_temp_master where type = 'table'").pluck().all()) db.exec('drop table temp."' + t + '"');
  }
  parentPort.postMessage(answer);
});
`;

type Answer = { id: number; rows: Rows } | { id: number; error: { code?: string; message: string } };
type Reason = 'reportTimeout' | 'reportFailed';

const failure = (reason: Reason, message: string) => new ApiError('internal', message, { reason });

/**
 * The report's worker thread over a read-only connection to `path`: a report never runs on the
 * thread that answers scans (a day of 50,000 lots is a few hundred ms of SQLite). Started on the
 * first request, kept for the next. Bounded: a request still running after `timeoutMs` stops the
 * worker (the next request starts another) and fails with a clear error, as does any error inside
 * it — an `internal` ApiError with `reason` for the screen and the SQLite message for the log.
 */
export function createReportWorker(path: string, timeoutMs: number) {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(rows: Rows): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  const settle = (id: number, f: (p: { resolve(rows: Rows): void; reject(e: Error): void }) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    f(p);
  };
  /** Ends the worker; whatever it was still doing fails with `error`. */
  const stop = (error: ApiError) => {
    const w = worker;
    worker = null;
    if (w) void w.terminate();
    for (const id of [...pending.keys()]) settle(id, (p) => p.reject(error));
  };

  function start(): Worker {
    const module = createRequire(__filename).resolve('better-sqlite3');
    const w = new Worker(WORKER, { eval: true, workerData: { module, path } });
    // A station closing while a report runs need not wait for it.
    w.unref();
    w.on('message', (m: Answer) => settle(m.id, (p) => ('rows' in m ? p.resolve(m.rows) : p.reject(failure('reportFailed', `the report failed: ${m.error.code ?? ''} ${m.error.message}`.trim())))));
    w.once('error', (e) => worker === w && stop(failure('reportFailed', `the report worker failed: ${e.message}`)));
    w.once('exit', (code) => worker === w && stop(failure('reportFailed', `the report worker stopped (exit ${code}) before answering`)));
    return w;
  }

  return {
    /** Runs `steps` in order in one snapshot, with `params` bound to each. */
    run(steps: readonly Step[], params: Params): Promise<Rows> {
      return new Promise((resolve, reject) => {
        try {
          worker ??= start();
        } catch (e) {
          return reject(failure('reportFailed', `the report worker did not start: ${String(e)}`));
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          settle(id, (p) => p.reject(failure('reportTimeout', `the report took longer than ${timeoutMs} ms and was stopped`)));
          // The worker is busy with it and cannot be interrupted otherwise: reports queued behind it fail too.
          stop(failure('reportFailed', 'the report worker was stopped: a report before this one took too long'));
        }, timeoutMs);
        timer.unref();
        pending.set(id, { resolve, reject, timer });
        worker.postMessage({ id, steps, params });
      });
    },
    /** Stops the worker (the station closes); reports still running fail. */
    close: () => stop(failure('reportFailed', 'the station closed before the report was done')),
  };
}
export type ReportWorker = ReturnType<typeof createReportWorker>;
