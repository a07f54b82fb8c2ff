import type { TrendDay } from '../../../shared/contract';
import { daysEndingWith } from '../../../shared/domain/marketDay';
import { IN_POOL } from './dayLots';
import type { Rows, Step } from './worker';

/** Per market day: a local time before `dayStart` belongs to the day before (@shift moves it back). */
export const trendSteps: Step[] = [
  {
    name: 'trend',
    kind: 'all',
    sql: `select date(at, @shift) as day, count(*) as lots, sum(case when unit = 'kg' then quantity else 0 end) as kg,
                 sum(outcome = 'admit') as admitted, sum(outcome = 'hold') as awaitingTest, sum(outcome = 'reject') as rejected,
                 sum(${IN_POOL}) as pool, sum(${IN_POOL} and tested) as poolTested
            from r_lots group by day`,
  },
];

/** `@shift` for trendSteps: minutes back to the market day's midnight. */
export const shiftOf = (dayStart: string) => `-${Number(dayStart.slice(0, 2)) * 60 + Number(dayStart.slice(3, 5))} minutes`;

export function trendDays(rows: Rows, to: string, days: number): TrendDay[] {
  const byDay = new Map(rows.trend!.map((r) => [r.day as string, r]));
  return daysEndingWith(to, days).map((day) => {
    const r = byDay.get(day);
    const n = (k: string) => (r?.[k] as number | undefined) ?? 0;
    return {
      day,
      lots: n('lots'),
      kg: Math.round(n('kg') * 1000) / 1000,
      admitted: n('admitted'),
      awaitingTest: n('awaitingTest'),
      rejected: n('rejected'),
      // The share of report lots tested, as the sampling rule reads it; none in: no rate.
      sampledRate: n('pool') > 0 ? n('poolTested') / n('pool') : null,
    };
  });
}
