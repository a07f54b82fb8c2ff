import type { DayReport } from '../../../shared/contract';
import type { PositiveOutcome } from '../../../shared/domain/workPlanRules';
import { marketHours } from '../../../shared/domain/marketDay';
import { NO_REPORT, rangeStates, SAMPLED } from './dayLots';
import { inHourOrder } from './intake';
import type { Rows, Step } from './worker';

export const testingSteps: Step[] = [
  {
    // Lots that keep a testing rule from being met, oldest first, at most 50 of each kind (one pass).
    name: 'untested',
    kind: 'all',
    sql: `select id, kind from (
            select id, kind, row_number() over (partition by kind order by id) as n from (
              select id, case when ${NO_REPORT} then 'noReport' else 'sampled' end as kind from r_lots where not tested and ((${NO_REPORT}) or (${SAMPLED}))))
          where n <= 50 order by kind, id`,
  },
  {
    // Selections of pool lots by the hour they were made; one made after the range (the next morning) counts in its last hour.
    name: 'sampledHours',
    kind: 'all',
    sql: `select selected_hour as hour, count(*) as n from r_lots where ${SAMPLED} group by selected_hour`,
  },
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
];

export type Positive = DayReport['testing']['positives'][number] & { outcome: PositiveOutcome };

export function testingSection(rows: Rows, dayStart: string, targetRate: number): DayReport['testing'] {
  const verdicts = new Map(rows.testsRun!.map((r) => [r.verdict as string, r.n as number]));
  const states = rangeStates(rows);
  const hours = marketHours(dayStart);
  const inPool = inHourOrder(rows, dayStart, 'pool');
  const sampled = new Map(rows.sampledHours!.map((r) => [r.hour as number, r.n as number]));
  let soFar = { reportLots: 0, sampled: 0 };
  // Cumulative through the market day: the sampling chart's two lines.
  const samplingByHour = hours.map((hour, i) => {
    const selected = (sampled.get(hour) ?? 0) + (i === 23 ? (sampled.get(-1) ?? 0) : 0);
    soFar = { reportLots: soFar.reportLots + inPool[i]!, sampled: soFar.sampled + selected };
    return { hour, ...soFar };
  });
  return {
    noReport: { lots: states.noReport, tested: states.noReportTested },
    withReport: { lots: states.pool, sampled: states.sampled, tested: states.poolTested, targetRate },
    tests: [...verdicts.values()].reduce((a, b) => a + b, 0),
    invalidRuns: verdicts.get('invalid') ?? 0,
    positives: rows.positives as unknown as Positive[],
    samplingByHour,
  };
}
