import type { DayReport } from '../../../shared/contract';
import type { PositiveOutcome } from '../../../shared/domain/workPlanRules';
import { marketHours } from '../../../shared/domain/marketDay';
import { IN_POOL, NO_REPORT, SAMPLED } from './dayLots';
import type { Rows, Step } from './worker';

export const testingSteps: Step[] = [
  {
    name: 'pools',
    kind: 'all',
    sql: `select coalesce(sum(${NO_REPORT}), 0) as noReportLots,
                 coalesce(sum(${NO_REPORT} and tested), 0) as noReportTested,
                 coalesce(sum(${IN_POOL}), 0) as poolLots,
                 coalesce(sum(${SAMPLED}), 0) as sampled,
                 coalesce(sum(${IN_POOL} and tested), 0) as poolTested
            from r_lots`,
  },
  { name: 'untestedNoReport', kind: 'all', sql: `select id from r_lots where ${NO_REPORT} and not tested order by id` },
  { name: 'selectedUntested', kind: 'all', sql: `select id from r_lots where ${SAMPLED} and not tested order by id` },
  {
    // Tests run in the range, by verdict, through rapid_tests_positive (verdict, created_at).
    name: 'testsRun',
    kind: 'all',
    sql: `select verdict, count(*) as n from rapid_tests
           where verdict in ('negative', 'positive', 'invalid') and created_at >= @fromAt and created_at < @toAt group by verdict`,
  },
  {
    // One row per lot positive in the range (its first positive test), and where it stands now.
    name: 'positives',
    kind: 'all',
    sql: `select p.lotId, l.code_key as code, p.itemId, p.testedAt,
                 case when l.status = 'destroyed' or h.status = 'disposed' or exists (select 1 from disposal_lots dl where dl.lot_id = p.lotId) then 'destroyed'
                      when l.status = 'held' or h.status = 'active' then 'held'
                      when h.status = 'released' then 'released'
                      else 'selling' end as outcome
            from (select t.lot_id as lotId, min(t.created_at) as testedAt, t.item_id as itemId, t.id as testId
                    from rapid_tests t where t.verdict = 'positive' and t.created_at >= @fromAt and t.created_at < @toAt group by t.lot_id) p
            join lots l on l.id = p.lotId
            left join holds h on h.test_id = p.testId
           order by p.testedAt, p.lotId`,
  },
  { name: 'poolHours', kind: 'all', sql: `select cast(substr(at, 12, 2) as integer) as hour, count(*) as n from r_lots where ${IN_POOL} group by hour` },
  {
    // Selected when the selection was made; one made after the range (the next morning) counts in its last hour.
    name: 'sampledHours',
    kind: 'all',
    sql: `select case when selected_at >= @toAt then -1 else cast(substr(selected_at, 12, 2) as integer) end as hour, count(*) as n
            from r_lots where ${SAMPLED} group by hour`,
  },
];

export type Positive = DayReport['testing']['positives'][number] & { outcome: PositiveOutcome };

export function testingSection(rows: Rows, dayStart: string, targetRate: number): DayReport['testing'] {
  const pools = rows.pools![0]!;
  const verdicts = new Map(rows.testsRun!.map((r) => [r.verdict as string, r.n as number]));
  const hours = marketHours(dayStart);
  const counts = (name: string) => {
    const byHour = new Map<number, number>();
    for (const r of rows[name]!) {
      const hour = (r.hour as number) === -1 ? hours[23]! : (r.hour as number);
      byHour.set(hour, (byHour.get(hour) ?? 0) + (r.n as number));
    }
    return byHour;
  };
  const pool = counts('poolHours');
  const sampled = counts('sampledHours');
  let soFar = { reportLots: 0, sampled: 0 };
  // Cumulative through the market day: the sampling chart's two lines.
  const samplingByHour = hours.map((hour) => {
    soFar = { reportLots: soFar.reportLots + (pool.get(hour) ?? 0), sampled: soFar.sampled + (sampled.get(hour) ?? 0) };
    return { hour, ...soFar };
  });
  return {
    noReport: { lots: pools.noReportLots as number, tested: pools.noReportTested as number },
    withReport: { lots: pools.poolLots as number, sampled: pools.sampled as number, tested: pools.poolTested as number, targetRate },
    tests: [...verdicts.values()].reduce((a, b) => a + b, 0),
    invalidRuns: verdicts.get('invalid') ?? 0,
    positives: rows.positives as unknown as Positive[],
    samplingByHour,
  };
}
