import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DayReport } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { MIGRATIONS } from '../support/core';
import { percentile, round, timeMsAsync, type Benchmark, type BenchResult } from './lib';
import { clockAt, openStation, scanInput, type Station } from './receivingFixture';
import { createSeeder, STATION_ID } from './receivingSeed';

const TARGET_REPORT_P50_MS = 500;
const TARGET_SCAN_P99_MS = 20;

async function must<T>(station: Station, method: string, input: unknown): Promise<T> {
  const r = await station.core.dispatch(method, input, { sessionId: station.session });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * 日报 of one market day of 50,000 lots (with its tests, holds, disposals, splits and upload
 * records in the seed's proportions) in a station of 1M lots; then scan→verdict alone, and again
 * while reports run back to back on their worker: the counter must not feel them.
 */
export const reportBench: Benchmark = {
  name: 'report',
  async run(ctx) {
    const total = ctx.quick ? 40_000 : 1_000_000;
    const dayLots = ctx.quick ? 5_000 : 50_000;
    const reports = ctx.quick ? 5 : 15;
    const scans = ctx.quick ? 300 : 1_500;
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const first = await openStation(dir, { migrationsDir: MIGRATIONS, now: clockAt('06:00') });
      await must(first, 'setStationId', { stationId: STATION_ID, name: '基准市场' });
      first.core.close();

      const today = localDay(new Date());
      const seeder = createSeeder(dir);
      const t0 = performance.now();
      ctx.log(`seeding ${(total - dayLots).toLocaleString('en')} lots over a year, then ${dayLots.toLocaleString('en')} today…`);
      seeder.history(today, seeder.perDay(total - dayLots));
      seeder.day(today, dayLots, '06:00', '17:30');
      const { rows } = seeder.counts();
      seeder.close();
      ctx.log(
        `seeded in ${round((performance.now() - t0) / 1000, 1)} s: lots ${rows.lots}, rapid_tests ${rows.rapid_tests}, disposals ${rows.disposals}, splits ${rows.splits}, outbox ${rows.outbox}`,
      );

      // Near closing, the manager's usual time for the day's report (and the sampler's busiest).
      const station = await openStation(dir, { migrationsDir: MIGRATIONS, now: clockAt('17:45'), supplierId: seeder.suppliers[0] });
      try {
        const report = () => must<DayReport>(station, 'getDayReport', { from: today, to: today });
        let i = 0;
        // Each scan arrives as its own event (IPC or HTTP at the counter): the worker's answers get their turn between scans.
        const nextEvent = () => new Promise<void>((resolve) => setImmediate(resolve));
        const scan = async () => {
          await nextEvent();
          const t0 = performance.now();
          const r = await must<{ view: { entry: { outcome: string } } }>(station, 'checkEntry', scanInput(station, i++, 'RPT'));
          const ms = performance.now() - t0;
          if (r.view.entry.outcome !== 'admit') throw new Error(`verdict ${r.view.entry.outcome}`);
          return ms;
        };
        const first = await report();
        if (first.intake.total.lots < dayLots) throw new Error(`the report counted ${first.intake.total.lots} lots, not the day's ${dayLots}`);
        ctx.log(
          `report: ${first.intake.total.lots} lots, ${first.testing.tests} tests, ${first.disposals.count} disposals, ${first.counter.byStall.reduce((a, s) => a + s.childCodes, 0)} child codes`,
        );
        for (let k = 0; k < 50; k++) await scan();

        const reportMs: number[] = [];
        for (let k = 0; k < reports; k++) reportMs.push(await timeMsAsync(report));

        const alone: number[] = [];
        for (let k = 0; k < scans; k++) alone.push(await scan());

        // Reports back to back on their worker while the counter scans.
        let running = true;
        let during = 0;
        const loop = (async () => {
          while (running) {
            await report();
            during++;
          }
        })();
        const busy: number[] = [];
        try {
          // At least `scans` scans, and on until `reports` reports ran beside them.
          while (busy.length < scans || during < reports) busy.push(await scan());
        } finally {
          running = false;
          await loop;
        }
        ctx.log(
          `report p50 ${round(percentile(reportMs, 50))} ms (p99 ${round(percentile(reportMs, 99))}); scan p50/p99 alone ${round(percentile(alone, 50))}/${round(percentile(alone, 99))} ms, during ${during} reports ${round(percentile(busy, 50))}/${round(percentile(busy, 99))} ms`,
        );
        const results: BenchResult[] = [
          {
            name: `日报 of a ${dayLots.toLocaleString('en')}-lot day at ${total.toLocaleString('en')} lots`,
            p50Ms: round(percentile(reportMs, 50)),
            p99Ms: round(percentile(reportMs, 99)),
            target: `p50 ≤ ${TARGET_REPORT_P50_MS} ms`,
            pass: percentile(reportMs, 50) <= TARGET_REPORT_P50_MS,
            detail: { reports },
          },
          {
            name: 'scan→verdict while day reports run back to back',
            p50Ms: round(percentile(busy, 50)),
            p99Ms: round(percentile(busy, 99)),
            target: `p99 ≤ ${TARGET_SCAN_P99_MS} ms`,
            pass: percentile(busy, 99) <= TARGET_SCAN_P99_MS,
            detail: { scans: busy.length, reportsDuring: during, aloneP50Ms: round(percentile(alone, 50)), aloneP99Ms: round(percentile(alone, 99)) },
          },
        ];
        return results;
      } finally {
        station.core.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
