// The report's worker (electron/services/report/worker.ts): its own read-only connection, one
// snapshot per request, and every way a request can end — answer, SQLite error, no file, too slow,
// the station closing — ends the call.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract';
import { createReportWorker, type Params, type ReportWorker, type Step } from '../../electron/services/report/worker';
import { admitCabbageLot, apiError, startTestCore } from '../support/core';

let dir: string;
let path: string;
let writer: Database.Database;
const workers: ReportWorker[] = [];
/** A worker over `file`, closed after the test. */
function runInWorker(file: string, steps: Step[], params: Params, timeoutMs: number) {
  const w = createReportWorker(file, timeoutMs);
  workers.push(w);
  return w.run(steps, params);
}
afterEach(() => workers.splice(0).forEach((w) => w.close()));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-worker-'));
  path = join(dir, 'station.db');
  writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  writer.exec('create table t (n integer)');
  writer.prepare('insert into t values (?)').run(1);
});
afterAll(() => {
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
};

describe('runInWorker', () => {
  it('runs the steps in order in one snapshot, with the parameters, temp tables allowed', async () => {
    const rows = await runInWorker(
      path,
      [
        { name: 'made', kind: 'run', sql: 'create temp table x as select n from t where n >= @min' },
        { name: 'x', kind: 'all', sql: 'select n from x' },
        { name: 'count', kind: 'all', sql: 'select count(*) as c from t' },
      ],
      { min: 1 },
      10_000,
    );
    expect(rows).toEqual({ x: [{ n: 1 }], count: [{ c: 1 }] });
  });

  it('reads while the station holds a write transaction open (WAL), and writes nothing', async () => {
    writer.exec('begin immediate');
    writer.prepare('insert into t values (?)').run(2);
    try {
      // The uncommitted row is not seen; the read is not blocked by the open write.
      expect((await runInWorker(path, [{ name: 'n', kind: 'all', sql: 'select count(*) as c from t' }], {}, 10_000)).n).toEqual([{ c: 1 }]);
    } finally {
      writer.exec('commit');
    }
    const e = await failure(runInWorker(path, [{ name: 'w', kind: 'run', sql: 'insert into t values (3)' }], {}, 10_000));
    expect(e.params).toEqual({ reason: 'reportFailed' });
    expect(e.message).toMatch(/readonly/i);
    expect(writer.prepare('select count(*) as c from t').get()).toEqual({ c: 2 });
  });

  it('an SQL error and a missing file become reportFailed errors', async () => {
    expect((await failure(runInWorker(path, [{ name: 'bad', kind: 'all', sql: 'select nope from t' }], {}, 10_000))).message).toMatch(/no such column: nope/);
    expect((await failure(runInWorker(join(dir, 'missing.db'), [], {}, 10_000))).params).toEqual({ reason: 'reportFailed' });
  });

  it('a report slower than its time limit is stopped and answered reportTimeout', async () => {
    const endless = 'with recursive c(i) as (select 1 union all select i + 1 from c) select count(*) from c';
    const started = performance.now();
    const e = await failure(runInWorker(path, [{ name: 'slow', kind: 'all', sql: endless }], {}, 300));
    expect(e).toMatchObject({ code: 'internal', params: { reason: 'reportTimeout' } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('one worker for many reports', () => {
  const made: Step[] = [
    { name: 'made', kind: 'run', sql: 'create temp table x as select n from t' },
    { name: 'x', kind: 'all', sql: 'select count(*) as c from x' },
  ];

  it('keeps its connection: each request sees the commits before it, and its temp tables are gone after it', async () => {
    const w = createReportWorker(path, 10_000);
    workers.push(w);
    const before = (await w.run(made, {})).x![0]!.c as number;
    writer.prepare('insert into t values (?)').run(10);
    // The same temp table made again: the first request's was dropped; the new row is seen.
    expect((await w.run(made, {})).x).toEqual([{ c: before + 1 }]);
    // A failed request leaves nothing behind either.
    await failure(w.run([...made, { name: 'bad', kind: 'all', sql: 'select nope' }], {}));
    expect((await w.run(made, {})).x).toEqual([{ c: before + 1 }]);
  });

  it('after a request times out, the reports queued behind it fail and the next one starts a new worker', async () => {
    const w = createReportWorker(path, 300);
    workers.push(w);
    const endless: Step = { name: 'slow', kind: 'all', sql: 'with recursive c(i) as (select 1 union all select i + 1 from c) select count(*) from c' };
    const [slow, queued] = [w.run([endless], {}), w.run(made, {})];
    expect((await failure(slow)).params).toEqual({ reason: 'reportTimeout' });
    expect((await failure(queued)).params).toEqual({ reason: 'reportFailed' });
    expect((await w.run(made, {})).x![0]!.c).toBeGreaterThan(0);
  });

  it('closing fails the report still running, at once', async () => {
    const w = createReportWorker(path, 60_000);
    const endless: Step = { name: 'slow', kind: 'all', sql: 'with recursive c(i) as (select 1 union all select i + 1 from c) select count(*) from c' };
    const running = w.run([endless], {});
    w.close();
    expect((await failure(running)).message).toMatch(/closed/);
  });
});

describe('getDayReport on its worker', () => {
  it('a report stopped at its time limit answers a clear error, and the station goes on', async () => {
    // 1 ms: the worker cannot even open the file in time.
    const t = await startTestCore({ reportTimeoutMs: 1 });
    try {
      expect(await apiError(t.call('getDayReport', { from: '2026-03-10', to: '2026-03-10' }))).toMatchObject({ code: 'internal', params: { reason: 'reportTimeout' } });
      const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社' });
      expect((await admitCabbageLot(t, 'W1', supplier.id)).view.entry.outcome).toBe('admit');
    } finally {
      t.close();
    }
  });
});
