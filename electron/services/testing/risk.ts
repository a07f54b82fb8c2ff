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
  const dayStats = sqlite.prepare<[string, string], { reportLots: number; sampled: number }>(`
    select count(*) as reportLots, count(s.id) as sampled
      from lots l join entry_checks e on e.lot_id = l.id
      left join test_selections s on s.lot_id = l.id
     where l.parent_lot_id is null and e.outcome = 'admit' and substr(l.created_at, 1, 10) = ?
       and l.id <> ? and (s.reason is null or s.reason <> 'noReport')`);
  const failures = sqlite.prepare<[string, string], { n: number }>(`
    select count(distinct coalesce(l.root_lot_id, l.id)) as n
      from rapid_tests t join lots l on l.id = t.lot_id
     where l.supplier_id = ? and t.verdict = 'positive' and substr(t.created_at, 1, 10) >= ?`);
  // Lot ids are ULIDs made on this station: a smaller id is an earlier lot.
  const seen = sqlite.prepare<[string, string], { n: number }>(
    'select count(*) as n from lots where supplier_id = ? and parent_lot_id is null and id < ?',
  );

  return {
    /** The day's tally before `lotId` (pass '' to count every lot). */
    dayStats(day: string, lotId = ''): DayStats {
      const r = dayStats.get(day, lotId)!;
      return { reportLots: r.reportLots, sampledReportLots: r.sampled };
    },
    risk(lot: { lotId: string; categoryId: string; supplierId: string }, day: string, rules: EffectiveSampling): SamplingRisk {
      return {
        categoryRisk: rules.categoryRisk(lot.categoryId),
        supplierFailures: failures.get(lot.supplierId, addDays(day, -rules.config.failureWindowDays))!.n,
        supplierLotsSeen: seen.get(lot.supplierId, lot.lotId)!.n,
      };
    },
  };
}
export type RiskQueries = ReturnType<typeof createRiskQueries>;
