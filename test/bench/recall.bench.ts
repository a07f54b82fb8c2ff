import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { addDays, localDay } from '../../electron/core/clock';
import { RECALL_PAGE, RECALL_PAGE_MAX, type Recall, type RecallDetail, type RecallPreview, type RecallScope } from '../../shared/contract';
import { marketBounds } from '../../shared/domain/marketDay';
import { DEFAULT_SAMPLING_CONFIG } from '../../shared/domain/sampling';
import { MIGRATIONS } from '../support/core';
import { percentile, round, timeMsAsync, type Benchmark, type BenchResult } from './lib';
import { clockAt, openStation, type Station } from './receivingFixture';
import { STATION_ID } from './receivingSeed';
import { seedRecallStation, type RecallTree } from './recallSeed';

/** Issue 17's targets. */
const TARGET_TREE_P99_MS = 50;
/** What the recall page asks for first (RECALL_PAGE), and the largest page, to walk the whole tree. */
const TREE_PAGE = RECALL_PAGE;
const WALK_PAGE = RECALL_PAGE_MAX;
const TARGET_START_MS = 1_000;
const TARGET_SUPPLIER_P99_MS = 200;

async function must<T>(station: Station, method: string, input: unknown): Promise<T> {
  const r = await station.core.dispatch(method, input, { sessionId: station.session });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * `runs` timed calls after 3 unmeasured ones (first-use preparation is not what a manager waits
 * for); fewer, at least 5, once they took `budgetMs`: a call far off its target needs no 50 samples to show it.
 */
async function sample(runs: number, budgetMs: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  let spent = 0;
  for (let i = 0; i < runs + 3 && (samples.length < 5 || spent < budgetMs); i++) {
    const ms = await timeMsAsync(call);
    spent += ms;
    if (i >= 3) samples.push(ms);
  }
  return samples;
}

const figures = (samples: number[]) => `p50 ${round(percentile(samples, 50))} ms, p99 ${round(percentile(samples, 99))} ms (${samples.length} calls)`;

/**
 * 召回 at 10M trace codes (a year of 1M gate lots, each sold on in about nine children, plus wide
 * trees of a gate lot split into ~100 portions of ~100 sales each): the affected list of a
 * 10,000-lot tree, starting recalls over such trees, and the supplier + market-day range question
 * over the 1M gate lots. Everything goes through the dispatcher, as the 追溯 screen asks.
 */
export const recallBench: Benchmark = {
  name: 'recall',
  async run(ctx) {
    const size = ctx.quick ? { codes: 200_000, treeDescendants: 1_000, trees: 3 } : { codes: 10_000_000, treeDescendants: 10_000, trees: 5 };
    const runs = ctx.quick ? 20 : 50;
    const budgetMs = ctx.quick ? 5_000 : 20_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-recall-'));
    try {
      const first = await openStation(dir, { migrationsDir: MIGRATIONS, now: clockAt('06:00') });
      // Children carry this station's own codes.
      await must(first, 'setStationId', { stationId: STATION_ID, name: '基准市场' });
      // The first start's page check reads the file in a worker: done before the seed writes without
      // a journal, and recorded, so the measured start (within a day) does not read 7 GB beside the measurements.
      await first.core.pageCheck?.();
      // Awaited: the station log closes with it, and would otherwise write into the directory after it is removed.
      await first.core.close();

      const today = localDay(new Date());
      ctx.log(`seeding ${size.codes.toLocaleString('en')} codes, with ${size.trees} trees of ${size.treeDescendants.toLocaleString('en')} descendants…`);
      const seed = seedRecallStation(dir, today, size, ctx.log);
      const codes = seed.lots.toLocaleString('en');
      const seedFigures = { seedS: round(seed.seedSeconds, 1), indexS: round(seed.indexSeconds, 1), dbMb: Math.round(seed.bytes / 2 ** 20) };
      ctx.log(`seeded ${codes} lots (${seed.gateLots.toLocaleString('en')} gate lots) in ${seedFigures.seedS} s + indexes ${seedFigures.indexS} s: ${seedFigures.dbMb} MB`);

      const station = await openStation(dir, { migrationsDir: MIGRATIONS, now: clockAt('12:00') });
      const db = new Database(join(dir, 'station.db'), { readonly: true });
      try {
        const lotScope = (tree: RecallTree): RecallScope => ({ kind: 'lot', raw: tree.raw });
        const [tree] = seed.trees;

        // 1a. What a recall of the tree would catch, before anything is written.
        const preview = await must<RecallPreview>(station, 'previewRecall', { scope: lotScope(tree!) });
        if (preview.lots !== tree!.lots) throw new Error(`previewRecall counted ${preview.lots} lots, the tree has ${tree!.lots}`);
        const previewMs = await sample(runs, budgetMs, () => must(station, 'previewRecall', { scope: lotScope(tree!) }));
        ctx.log(`previewRecall of a ${tree!.lots}-lot tree: ${figures(previewMs)}`);

        // 2. Starting a recall over each fresh tree: every lot recalled, its labels cancelled, in one call.
        const starts: number[] = [];
        const recalls: Recall[] = [];
        for (const [k, t] of seed.trees.entries()) {
          let recall: Recall | undefined;
          starts.push(
            await timeMsAsync(async () => {
              recall = await must<Recall>(station, 'startRecall', { scope: lotScope(t), reason: `基准召回 ${k + 1}`, source: 'regulatorNotice', sourceRef: `FJSJ-2026-${k + 1}` });
            }),
          );
          recalls.push(recall!);
          checkStarted(db, t, recall!);
        }
        ctx.log(`startRecall over ${tree!.lots} lots: ${starts.map((ms) => round(ms, 0)).join(', ')} ms`);

        // 1b. The affected list (tree order, where each lot is) of the first recall: what the
        // manager opens is its first page, with the summary of every lot. Outside the timing, the
        // pages walked in tree order reach every lot of the tree exactly once.
        const firstPage = { id: recalls[0]!.id, offset: 0, limit: TREE_PAGE, order: 'tree' as const };
        const first = await must<RecallDetail>(station, 'getRecall', firstPage);
        if (first.total !== tree!.lots || first.recall.counts.lots !== tree!.lots || first.lots.length !== Math.min(TREE_PAGE, tree!.lots))
          throw new Error(`getRecall's first page: ${first.lots.length} lots of ${first.total} (counted ${first.recall.counts.lots}), the tree has ${tree!.lots}`);
        const reached = new Set<string>();
        let listed = 0;
        for (let offset = 0; offset < first.total; offset += WALK_PAGE) {
          const page = await must<RecallDetail>(station, 'getRecall', { id: recalls[0]!.id, offset, limit: WALK_PAGE, order: 'tree' });
          listed += page.lots.length;
          for (const l of page.lots) reached.add(l.lotId);
        }
        if (listed !== tree!.lots || reached.size !== tree!.lots) throw new Error(`getRecall's pages listed ${listed} lots (${reached.size} distinct), the tree has ${tree!.lots}`);
        const treeMs = await sample(runs, budgetMs, () => must(station, 'getRecall', firstPage));
        ctx.log(`getRecall (first page of ${TREE_PAGE}) of a ${tree!.lots}-lot recall: ${figures(treeMs)}`);

        // 3. By supplier over market-day ranges, each answer checked against an independent count.
        const [largest, mid, small] = [0, 20, 200].map((rank) => seed.suppliersByRank[rank]!);
        const questions: [string, RecallScope][] = [
          ['largest supplier, a week', { kind: 'supplier', supplierId: largest, range: { from: addDays(today, -7), to: today } }],
          ['largest supplier, a month', { kind: 'supplier', supplierId: largest, range: { from: addDays(today, -30), to: today } }],
          ['21st supplier, a quarter', { kind: 'supplier', supplierId: mid, range: { from: addDays(today, -91), to: today } }],
          ['201st supplier, the year', { kind: 'supplier', supplierId: small, range: { from: addDays(today, -365), to: today } }],
        ];
        const measured = [];
        for (const [name, scope] of questions) {
          const expected = supplierLots(db, scope);
          const found = await must<RecallPreview>(station, 'previewRecall', { scope });
          if (found.lots !== expected) throw new Error(`${name}: previewRecall counted ${found.lots} lots, the seed holds ${expected}`);
          const samples = await sample(runs, budgetMs, () => must(station, 'previewRecall', { scope }));
          ctx.log(`previewRecall ${name} (${found.rootLots} gate lots, ${found.lots} lots): ${figures(samples)}`);
          measured.push({ name, samples, lots: found.lots });
        }
        const yearScope: RecallScope = { kind: 'supplier', supplierId: largest, range: { from: addDays(today, -365), to: today } };
        const yearLots = (await must<RecallPreview>(station, 'previewRecall', { scope: yearScope })).lots;
        const yearMs = await sample(Math.ceil(runs / 5), budgetMs, () => must(station, 'previewRecall', { scope: yearScope }));
        ctx.log(`previewRecall largest supplier, the year (${yearLots} lots): ${figures(yearMs)}`);

        const supplierAll = measured.flatMap((m) => m.samples);
        const worst = measured.reduce((a, b) => (percentile(b.samples, 99) > percentile(a.samples, 99) ? b : a));
        const results: BenchResult[] = [
          {
            name: `recall tree of a lot with ${size.treeDescendants.toLocaleString('en')} descendants at ${codes} codes (getRecall, first page of ${TREE_PAGE})`,
            p50Ms: round(percentile(treeMs, 50)),
            p99Ms: round(percentile(treeMs, 99)),
            target: `p99 ≤ ${TARGET_TREE_P99_MS} ms`,
            pass: percentile(treeMs, 99) <= TARGET_TREE_P99_MS,
            detail: { lots: tree!.lots, previewP50Ms: round(percentile(previewMs, 50)), previewP99Ms: round(percentile(previewMs, 99)), ...seedFigures },
          },
          {
            name: `startRecall over ${tree!.lots.toLocaleString('en')} lots at ${codes} codes (p99 column: the slowest)`,
            p50Ms: round(percentile(starts, 50)),
            p99Ms: round(Math.max(...starts)),
            target: `≤ ${TARGET_START_MS} ms each, one transaction`,
            pass: Math.max(...starts) <= TARGET_START_MS,
            detail: { recalls: starts.length, cancelledLabels: tree!.queuedLabels },
          },
          {
            name: `recall preview by supplier + market-day range over ${seed.gateLots.toLocaleString('en')} gate lots (${codes} codes)`,
            p50Ms: round(percentile(supplierAll, 50)),
            p99Ms: round(percentile(supplierAll, 99)),
            target: `p99 ≤ ${TARGET_SUPPLIER_P99_MS} ms for every question`,
            pass: measured.every((m) => percentile(m.samples, 99) <= TARGET_SUPPLIER_P99_MS),
            detail: { questions: measured.length, worst: worst.name, worstP99Ms: round(percentile(worst.samples, 99)), worstLots: worst.lots },
          },
          {
            name: `recall preview of the largest supplier over the whole year (${yearLots.toLocaleString('en')} lots; shown, not a target)`,
            p50Ms: round(percentile(yearMs, 50)),
            p99Ms: round(percentile(yearMs, 99)),
            target: 'informational',
            pass: true,
          },
        ];
        return results;
      } finally {
        db.close();
        await station.core.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The tree as startRecall must leave it: every lot recalled and listed once, no label left in the queue. */
function checkStarted(db: Database.Database, tree: RecallTree, recall: Recall) {
  const row = db
    .prepare(
      `with recursive down(id) as (select ? union all select l.id from lots l join down on l.parent_lot_id = down.id)
       select count(*) as lots, sum(l.status = 'recalled') as recalled,
         (select count(*) from recall_lots r where r.recall_id = ?) as listed,
         (select count(*) from print_jobs j join down d on j.lot_id = d.id where j.status in ('queued', 'waiting')) as queued
       from down d join lots l on l.id = d.id`,
    )
    .get(tree.rootId, recall.id) as { lots: number; recalled: number; listed: number; queued: number };
  if (row.lots !== tree.lots || row.recalled !== tree.lots || row.listed !== tree.lots || recall.counts.lots !== tree.lots || row.queued !== 0)
    throw new Error(`recall ${recall.number} left the tree at ${JSON.stringify({ ...row, counted: recall.counts.lots })}, expected ${tree.lots} lots recalled and listed, no label queued`);
}

/**
 * The lots a supplier scope covers, counted here apart from the service: that supplier's gate lots
 * entered within the market days (refused ones never entered), with every lot split from them.
 */
function supplierLots(db: Database.Database, scope: RecallScope): number {
  if (scope.kind !== 'supplier') throw new Error('a supplier scope');
  const { fromAt, toAt } = marketBounds(scope.range.from, scope.range.to, DEFAULT_SAMPLING_CONFIG.dayStart);
  return db
    .prepare(
      `with recursive down(id) as (
         select l.id from lots l join entry_checks e on e.lot_id = l.id
          where l.supplier_id = ? and l.parent_lot_id is null and l.created_at >= ? and l.created_at < ? and e.outcome <> 'reject'
         union all
         select l.id from lots l join down on l.parent_lot_id = down.id)
       select count(*) from down`,
    )
    .pluck()
    .get(scope.supplierId, fromAt, toAt) as number;
}
