import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { ROOT } from '../support/core';
import { percentile, round, timeMs, timeMsAsync, type Benchmark, type BenchResult } from './lib';
import { openStation, scanInput, seedLots } from './receivingFixture';

/** The same six rows a verdict writes, inserted bare: the floor any verdict is measured against. */
function bareInserter(dbPath: string, operatorId: string, supplierId: string, varietyId: string) {
  const db = new Database(dbPath);
  db.pragma('synchronous = NORMAL');
  const ulid = monotonicFactory();
  const cert = db.prepare(`insert into certificates (id, type, number, issuer, issue_date, quantity, unit, created_at, created_by) values (?, ?, ?, '基准', '2026-01-01', ?, ?, ?, ?)`);
  const lot = db.prepare(
    `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by)
     values (?, ?, 'opaque', ?, ?, ?, 20, 'kg', 'admitted', 'trading', ?, ?)`,
  );
  const link = db.prepare('insert into lot_certificates (lot_id, certificate_id) values (?, ?)');
  const entry = db.prepare(`insert into entry_checks (id, lot_id, outcome, reasons, source, created_at, created_by) values (?, ?, 'admit', '[{"code":"ok"}]', 'wedge', ?, ?)`);
  const write = db.transaction((i: number) => {
    const at = new Date().toISOString();
    const [c1, c2, l] = [ulid(), ulid(), ulid()];
    cert.run(c1, 'commitment', `BARE-C${i}`, 100, 'kg', at, operatorId);
    cert.run(c2, 'testReport', `BARE-T${i}`, null, null, at, operatorId);
    lot.run(l, `x:BARE${i}`, `BARE${i}`, supplierId, varietyId, at, operatorId);
    link.run(l, c1);
    link.run(l, c2);
    entry.run(ulid(), l, at, operatorId);
  });
  return { write, close: () => db.close() };
}

/** Start-up and peak RSS are measured in a fresh process: that is what a user waits for. */
function childRun(dir: string, scans: number): { startMs: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/coreChild.ts'), dir, String(scans)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export const receivingBench: Benchmark = {
  name: 'receiving',
  async run(ctx) {
    const lots = ctx.quick ? 20_000 : 1_000_000;
    const scans = ctx.quick ? 300 : 2_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-receiving-'));
    try {
      ctx.log(`seeding ${lots.toLocaleString()} lots…`);
      const first = await openStation(dir);
      const { supplierId, varietyId } = first;
      first.core.close();
      seedLots(dir, lots, supplierId, varietyId);

      const station = await openStation(dir);
      const operatorId = (new Database(join(dir, 'station.db'), { readonly: true }).prepare('select id from operators limit 1').get() as { id: string }).id;
      const bare = bareInserter(join(dir, 'station.db'), operatorId, supplierId, varietyId);
      const verdict: number[] = [];
      const baseline: number[] = [];
      // Warm up both paths, then interleave them so drift in the machine hits both equally.
      for (let i = 0; i < 50; i++) {
        await station.core.dispatch('checkEntry', scanInput(station, i, 'WARM'), { sessionId: station.session });
        bare.write(-1 - i);
      }
      for (let i = 0; i < scans; i++) {
        const input = scanInput(station, i, 'BENCH');
        verdict.push(
          await timeMsAsync(async () => {
            const r = await station.core.dispatch('checkEntry', input, { sessionId: station.session });
            if (!r.ok || (r.value as { view: { entry: { outcome: string } } }).view.entry.outcome !== 'admit') throw new Error(`verdict failed: ${JSON.stringify(r)}`);
          }),
        );
        baseline.push(timeMs(() => bare.write(i)));
      }
      bare.close();
      station.core.close();

      const p50 = percentile(verdict, 50);
      const ratio = p50 / percentile(baseline, 50);
      const results: BenchResult[] = [
        {
          name: `scan→verdict at ${lots.toLocaleString('en')} lots`,
          p50Ms: round(p50),
          p99Ms: round(percentile(verdict, 99)),
          ratio: round(ratio, 2),
          target: 'p50 ratio to bare insert ≤ 3',
          pass: ratio <= 3,
          detail: { bareP50Ms: round(percentile(baseline, 50)), bareP99Ms: round(percentile(baseline, 99)), scans },
        },
      ];

      const runs = ctx.quick ? 3 : 7;
      const starts: number[] = [];
      let rss = 0;
      for (let r = 0; r < runs; r++) {
        const c = childRun(dir, r === 0 ? scans : 0);
        starts.push(c.startMs);
        if (r === 0) rss = c.maxRssMb;
      }
      results.push({
        name: `core start-up at ${lots.toLocaleString('en')} lots`,
        p50Ms: round(percentile(starts, 50)),
        p99Ms: round(percentile(starts, 99)),
        target: 'p99 ≤ 300 ms',
        pass: percentile(starts, 99) <= 300,
        detail: { runs },
      });
      results.push({
        name: 'peak RSS of the Node side (start-up + scans)',
        p50Ms: 0,
        p99Ms: 0,
        target: '≤ 150 MB',
        pass: rss <= 150,
        detail: { maxRssMb: round(rss, 1), scans },
      });
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
