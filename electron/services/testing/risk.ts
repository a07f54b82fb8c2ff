import type Database from 'better-sqlite3';
import { addDays } from '../../core/clock';
import type { DayStats, SamplingRisk } from '../../../shared/domain/sampling';
import type { EffectiveSampling } from './samplingSettings';

/**
 * What the sampler needs from the store, as prepared statements (they run inside the caller's
 * transaction when there is one).
 *
 * The day's pool ("report lots") is every lot entered that day whose entry verdict is admit: lots
 * with a test report and lots of categories exempt from 批批检测 that came without one. Split
 * children are not entries, and a lot already selected as `noReport` (later admitted by an
 * override) is not in the pool.
 *
 * The rules (failure window, category levels) come with each call: the caller reads them once per
 * decision, so a saved change applies from the next decision on.
 */
export function createRiskQueries(sqlite: Database.Database) {
  // Every entry runs this and a station keeps millions of lots, so it reads indexes only: the day's
  // admitted entries (entry_checks_day, by their local ISO time: entries are root lots only) less
  // those selected as noReport, and the day's other selections (one per lot, made on or after entry;
  // CROSS JOIN walks the few selections, not every entry).
  const dayStats = sqlite.prepare<{ day: string; from: string; to: string; lot: string }, { reportLots: number; sampled: number }>(`
    select (select count(*) from entry_checks e where e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and e.lot_id <> @lot)
         - (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.day >= @day and s.reason = 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and s.lot_id <> @lot) as reportLots,
           (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
             where s.day >= @day and s.reason <> 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and s.lot_id <> @lot) as sampled`);
  const failures = sqlite.prepare<{ supplier: string; since: string }, { n: number }>(`
    select count(distinct coalesce(l.root_lot_id, l.id)) as n
      from rapid_tests t cross join lots l on l.id = t.lot_id
     where t.verdict = 'positive' and t.created_at >= @since and l.supplier_id = @supplier`);
  // Lot ids are ULIDs made on this station: a smaller id is an earlier lot. Counted up to the
  // "new supplier" limit only: a supplier with a million lots costs no more than one with five.
  const seen = sqlite.prepare<[string, string, number], { n: number }>(
    'select count(*) as n from (select 1 from lots where supplier_id = ? and parent_lot_id is null and id < ? limit ?)',
  );

  return {
    /** The day's tally before `lotId` (pass '' to count every lot). */
    dayStats(day: string, lotId = ''): DayStats {
      const r = dayStats.get({ day, from: day, to: addDays(day, 1), lot: lotId })!;
      return { reportLots: r.reportLots, sampledReportLots: r.sampled };
    },
    risk(lot: { lotId: string; categoryId: string; supplierId: string }, day: string, rules: EffectiveSampling): SamplingRisk {
      return {
        categoryRisk: rules.categoryRisk(lot.categoryId),
        supplierFailures: failures.get({ supplier: lot.supplierId, since: addDays(day, -rules.config.failureWindowDays) })!.n,
        supplierLotsSeen: seen.get(lot.supplierId, lot.lotId, rules.config.newSupplierLots)!.n,
      };
    },
  };
}
export type RiskQueries = ReturnType<typeof createRiskQueries>;
