import type Database from 'better-sqlite3';
import { addDays } from '../../core/clock';
import { marketBounds } from '../../../shared/domain/marketDay';
import type { DayStats, SamplingRisk } from '../../../shared/domain/sampling';
import type { EffectiveSampling } from './samplingSettings';

interface Tally {
  /** Last rowids of entry_checks, test_selections and entry_overrides the counts are up to. */
  e: number;
  s: number;
  o: number;
  admitted: number;
  noReport: number;
  sampled: number;
}

/** addDays with the last answer kept: every entry asks for the same day's bounds. */
function dayShift(): (day: string, n: number) => string {
  let last = { day: '', n: 0, shifted: '' };
  return (day, n) => (last.day === day && last.n === n ? last.shifted : (last = { day, n, shifted: addDays(day, n) }).shifted);
}

/**
 * What the sampler needs from the store, as prepared statements (they run inside the caller's
 * transaction when there is one).
 *
 * Days are market days, cut at the sampling `dayStart` as the 日报 and 日结 cut them.
 * The day's pool ("report lots") is every lot entered that day whose entry verdict is admit: lots
 * with a test report and lots of categories exempt from 批批检测 that came without one. Split
 * children are not entries, and a lot already selected as `noReport` (later admitted by an
 * override) is not in the pool.
 *
 * The rules (failure window, category levels) come with each call: the caller reads them once per
 * decision, so a saved change applies from the next decision on.
 */
export function createRiskQueries(sqlite: Database.Database) {
  const windowStart = dayShift();
  // The day's pool and its tested share, counted from the indexes: the day's admitted entries
  // (entry_checks_day, by their local ISO time: entries are root lots only) less those selected as
  // noReport, and the day's other selections (one per lot, made on or after entry; CROSS JOIN walks
  // the few selections, not every entry). `@e`/`@s` restrict each count to rows after a rowid, so
  // the same statement gives a whole day or what was added since the last count (the unary `+`
  // keeps the planner on the rowid range then); the max rowids come from the same snapshot.
  const tally = sqlite.prepare<{ day: string; from: string; to: string; e: number; s: number }, Tally>(`
    select (select coalesce(max(rowid), 0) from entry_checks) as e,
           (select coalesce(max(rowid), 0) from test_selections) as s,
           (select coalesce(max(rowid), 0) from entry_overrides) as o,
           (select count(*) from entry_checks e where e.rowid > @e and +e.created_at >= @from and +e.created_at < @to and e.outcome = 'admit') as admitted,
           (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.rowid > @s and +s.day >= @day and s.reason = 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit') as noReport,
           (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.rowid > @s and +s.day >= @day and s.reason <> 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit') as sampled`);
  const wholeDay = sqlite.prepare<{ day: string; from: string; to: string }, Tally>(`
    select (select coalesce(max(rowid), 0) from entry_checks) as e,
           (select coalesce(max(rowid), 0) from test_selections) as s,
           (select coalesce(max(rowid), 0) from entry_overrides) as o,
           (select count(*) from entry_checks e where e.created_at >= @from and e.created_at < @to and e.outcome = 'admit') as admitted,
           (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.day >= @day and s.reason = 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit') as noReport,
           (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.day >= @day and s.reason <> 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit') as sampled`);
  /**
   * The day's tally is kept between entries: near closing every entry needs it, and counting a
   * whole market day (thousands of entries) on each one made the last half hour the slowest of the
   * day. Only committed rows are kept: counted inside a transaction (an entry's), the tally is the
   * kept one plus the rows added since, and is kept only once that transaction has ended (a
   * microtask: better-sqlite3 transactions never yield), so a rolled-back row, whose rowid the
   * next insert reuses, is never counted. Rows are only added, except that an override changes an
   * entry's outcome: a new override row means counting the day again.
   */
  let kept: (Tally & { day: string; dayStart: string }) | null = null;
  let refreshing = false;
  let bounds = { day: '', dayStart: '', from: '', to: '' };
  const rangeOf = (day: string, dayStart: string) => {
    if (bounds.day !== day || bounds.dayStart !== dayStart) {
      const { fromAt, toAt } = marketBounds(day, day, dayStart);
      bounds = { day, dayStart, from: fromAt, to: toAt };
    }
    return { day, from: bounds.from, to: bounds.to };
  };
  const count = (day: string, dayStart: string): Tally => {
    const range = rangeOf(day, dayStart);
    if (!kept || kept.day !== day || kept.dayStart !== dayStart) return wholeDay.get(range)!;
    const since = tally.get({ ...range, e: kept.e, s: kept.s })!;
    if (since.o !== kept.o) return wholeDay.get(range)!;
    return { ...since, admitted: kept.admitted + since.admitted, noReport: kept.noReport + since.noReport, sampled: kept.sampled + since.sampled };
  };
  const keep = (day: string, dayStart: string) => {
    if (!sqlite.open || sqlite.inTransaction) return;
    kept = { day, dayStart, ...count(day, dayStart) };
  };

  const failures = sqlite.prepare<{ supplier: string; since: string }, { n: number }>(`
    select count(distinct coalesce(l.root_lot_id, l.id)) as n
      from rapid_tests t cross join lots l on l.id = t.lot_id
     where t.verdict = 'positive' and t.created_at >= @since and l.supplier_id = @supplier`);
  // Lot ids are ULIDs made on this station: a smaller id is an earlier lot. Counted up to the
  // "new supplier" limit only: a supplier with a million lots costs no more than one with five.
  const seen = sqlite.prepare<[string, string, number], { n: number }>('select count(*) as n from (select 1 from lots where supplier_id = ? and parent_lot_id is null and id < ? limit ?)');
  // Lots are never deleted, so a supplier once past the limit stays past it: asked no more.
  const established = { limit: -1, suppliers: new Set<string>() };
  const lotsSeen = (supplier: string, lotId: string, limit: number): number => {
    if (established.limit !== limit) Object.assign(established, { limit, suppliers: new Set<string>() });
    if (established.suppliers.has(supplier)) return limit;
    const n = seen.get(supplier, lotId, limit)!.n;
    if (n >= limit) established.suppliers.add(supplier);
    return n;
  };
  // A supplier's failures walk every positive test of the window (hundreds at a large market) on
  // each entry, yet change only when a test is recorded. Rapid tests are only ever inserted, and
  // never in the transactions that ask (entries, the floor), so the newest test's rowid says
  // whether a kept count still holds.
  const newestTest = sqlite.prepare<[], number>('select coalesce(max(rowid), 0) from rapid_tests').pluck();
  let failuresKept = { upTo: -1, since: '', bySupplier: new Map<string, number>() };
  const supplierFailures = (supplier: string, since: string): number => {
    const upTo = newestTest.get()!;
    if (upTo !== failuresKept.upTo || since !== failuresKept.since) failuresKept = { upTo, since, bySupplier: new Map() };
    let n = failuresKept.bySupplier.get(supplier);
    if (n === undefined) failuresKept.bySupplier.set(supplier, (n = failures.get({ supplier, since })!.n));
    return n;
  };

  return {
    /**
     * The market day's tally (`day` cut at `dayStart`). `entering`: the lot whose entry this transaction has just written (and not
     * yet selected) is left out, as the pool before it; only the entry hook knows that, and it
     * saves counting the lot's own share again.
     */
    dayStats(day: string, dayStart: string, entering?: { admitted: boolean }): DayStats {
      let t: Tally;
      if (sqlite.inTransaction) {
        t = count(day, dayStart);
        if (!refreshing) {
          refreshing = true;
          queueMicrotask(() => {
            refreshing = false;
            keep(day, dayStart);
          });
        }
      } else {
        keep(day, dayStart);
        t = kept!;
      }
      const own = entering?.admitted ? 1 : 0;
      return { reportLots: t.admitted - own - t.noReport, sampledReportLots: t.sampled };
    },
    risk(lot: { lotId: string; categoryId: string; supplierId: string }, day: string, rules: EffectiveSampling): SamplingRisk {
      return {
        categoryRisk: rules.categoryRisk(lot.categoryId),
        supplierFailures: supplierFailures(lot.supplierId, windowStart(day, -rules.config.failureWindowDays)),
        supplierLotsSeen: lotsSeen(lot.supplierId, lot.lotId, rules.config.newSupplierLots),
      };
    },
  };
}
export type RiskQueries = ReturnType<typeof createRiskQueries>;
