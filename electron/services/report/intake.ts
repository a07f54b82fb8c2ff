import type { DayReport } from '../../../shared/contract';
import { marketHours } from '../../../shared/domain/marketDay';
import { addTo, breakdown, noAmount } from './amount';
import type { Names } from './names';
import type { Rows, Step } from './worker';

interface Group {
  category_id: string;
  variety_id: string;
  supplier_id: string;
  origin: string | null;
  stall_id: string | null;
  op: string;
  unit: string;
  lots: number;
  quantity: number;
}

export const intakeSteps: Step[] = [
  {
    // Grouped once on every key at once: the six breakdowns are sums over these few rows.
    name: 'intake',
    kind: 'all',
    sql: `select category_id, variety_id, supplier_id, origin, stall_id, op, unit, count(*) as lots, sum(quantity) as quantity
            from r_lots group by category_id, variety_id, supplier_id, origin, stall_id, op, unit`,
  },
  { name: 'intakeHours', kind: 'all', sql: `select cast(substr(at, 12, 2) as integer) as hour, count(*) as lots from r_lots group by hour` },
  {
    // 入场查验: a gate lot (a root lot) of the range without its entry check; id range, then exact times.
    name: 'unchecked',
    kind: 'all',
    sql: `select l.id from lots l
           where l.id >= @idFrom and l.id < @idTo and l.parent_lot_id is null and l.created_at >= @fromAt and l.created_at < @toAt
             and not exists (select 1 from entry_checks e where e.lot_id = l.id)
           order by l.id`,
  },
];

/** Clock hours in the market day's order (from the hour of `dayStart`), each with its count. */
export function byHour<K extends string>(rows: readonly Record<string, unknown>[], dayStart: string, key: K): ({ hour: number } & Record<K, number>)[] {
  const counts = new Map(rows.map((r) => [r.hour as number, r[key] as number]));
  return marketHours(dayStart).map((hour) => ({ hour, [key]: counts.get(hour) ?? 0 }) as { hour: number } & Record<K, number>);
}

export function intakeSection(rows: Rows, names: Names, dayStart: string): DayReport['intake'] {
  const groups = rows.intake as unknown as Group[];
  const add = (g: Group, into: ReturnType<typeof noAmount>) => void addTo(into, g.unit, g.lots, g.quantity);
  const total = noAmount();
  for (const g of groups) add(g, total);
  return {
    total,
    byCategory: breakdown(
      groups,
      (g) => g.category_id,
      (id) => names('category', id),
      add,
    ),
    byVariety: breakdown(
      groups,
      (g) => g.variety_id,
      (id) => names('variety', id),
      add,
    ),
    bySupplier: breakdown(
      groups,
      (g) => g.supplier_id,
      (id) => names('subject', id),
      add,
    ),
    byOrigin: breakdown(
      groups,
      (g) => g.origin,
      (id) => id ?? '',
      add,
    ),
    byStall: breakdown(
      groups,
      (g) => g.stall_id,
      (id) => names('subject', id),
      add,
    ),
    byOperator: breakdown(
      groups,
      (g) => g.op,
      (id) => names('operator', id),
      add,
    ),
    byHour: byHour(rows.intakeHours!, dayStart, 'lots'),
  };
}
