import type { DayReport } from '../../../shared/contract';
import { addDays } from '../../../shared/domain/entryRules';
import { addTo, noAmount } from './amount';
import type { Rows, Step } from './worker';

/**
 * 一进口一出口 per market day (@shift moves a time before `dayStart` to the day before, as the trend
 * does). In: the range's gate lots whose verdict now is not 拒收 (a refused lot never entered).
 * Out: departures made in the range, by their own time. Exceptions: 出口异常 recorded in the range.
 */
export const gateFlowSteps: Step[] = [
  {
    name: 'gateIn',
    kind: 'all',
    sql: `select date(at, @shift) as day, unit, count(*) as lots, sum(quantity) as quantity
            from r_lots where outcome <> 'reject' group by day, unit`,
  },
  {
    name: 'gateOut',
    kind: 'all',
    sql: `select date(substr(d.created_at, 1, 16), @shift) as day, l.unit, count(*) as lots, sum(l.quantity) as quantity
            from departures d indexed by departures_created cross join lots l on l.id = d.lot_id
           where d.created_at >= @fromAt and d.created_at < @toAt group by day, l.unit`,
  },
  {
    name: 'gateExceptions',
    kind: 'all',
    sql: `select date(substr(created_at, 1, 16), @shift) as day, count(*) as n
            from exit_exceptions where created_at >= @fromAt and created_at < @toAt group by day`,
  },
];

export function gateFlowSection(rows: Rows, from: string, to: string): DayReport['gateFlow'] {
  const days: DayReport['gateFlow']['days'] = [];
  const byDay = new Map<string, DayReport['gateFlow']['days'][number]>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const entry = { day, in: noAmount(), out: noAmount(), exceptions: 0 };
    days.push(entry);
    byDay.set(day, entry);
  }
  for (const r of rows.gateIn!) {
    const d = byDay.get(r.day as string);
    if (d) addTo(d.in, r.unit as string, r.lots as number, r.quantity as number);
  }
  for (const r of rows.gateOut!) {
    const d = byDay.get(r.day as string);
    if (d) addTo(d.out, r.unit as string, r.lots as number, r.quantity as number);
  }
  for (const r of rows.gateExceptions!) {
    const d = byDay.get(r.day as string);
    if (d) d.exceptions = r.n as number;
  }
  return { days };
}
