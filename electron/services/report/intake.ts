import type { DayReport } from '../../../shared/contract';
import { marketHours } from '../../../shared/domain/marketDay';
import { addTo, breakdown, noAmount } from './amount';
import type { Names } from './names';
import type { Rows, Step } from './worker';

/** A breakdown's group: lots and their summed quantity for one value and unit. */
interface Group {
  id: string | null;
  unit: string;
  lots: number;
  quantity: number;
}

/** What each breakdown groups the day's lots by (origin and category are derived apart). */
const BREAKDOWNS = { byVariety: 'variety_id', bySupplier: 'supplier_id', byStall: 'stall_id', byOperator: 'op' } as const;

export const intakeSteps: Step[] = [
  ...Object.entries(BREAKDOWNS).map(([name, key]): Step => ({
    name,
    kind: 'all',
    sql: `select ${key} as id, unit, count(*) as lots, sum(quantity) as quantity from r_lots group by ${key}, unit`,
  })),
  {
    // 产地: the lot's origin-exit certificate's issuer, else its quarantine certificate's (lots with neither are the rest).
    name: 'byOrigin',
    kind: 'all',
    sql: `select origin as id, lot_unit as unit, count(*) as lots, sum(lot_quantity) as quantity from (
            select lot, lot_unit, lot_quantity, coalesce(max(case when type = 'originExit' then issuer end), max(case when type = 'quarantine' then issuer end)) as origin
              from r_certs where type in ('originExit', 'quarantine') group by lot)
          group by origin, lot_unit`,
  },
  { name: 'varietyCategory', kind: 'all', sql: `select id, category_id as categoryId from varieties` },
  {
    // 入场查验: a gate lot (a root lot) of the range without its entry check. Only looked for when
    // the range holds more gate lots (counted in lots_gate_day alone) than the report's lots made
    // in it: the usual day, every lot checked, costs no walk. Then by id range and exact times
    // (the unary + keeps the planner off lots_parent, which would walk every root lot ever).
    name: 'unchecked',
    kind: 'all',
    sql: `with missing as (
            select 1 where (select count(*) from lots indexed by lots_gate_day where created_at >= @fromAt and created_at < @toAt and parent_lot_id is null)
                         > (select count(*) from r_lots where gate))
          select l.id from missing cross join lots l
           where l.id >= @idFrom and l.id < @idTo and not exists (select 1 from entry_checks e where e.lot_id = l.id)
             and +l.parent_lot_id is null and l.created_at >= @fromAt and l.created_at < @toAt
           order by l.id`,
  },
];

/** Clock hours in the market day's order (from the hour of `dayStart`), each with `key`'s count from the hours step. */
export function inHourOrder(rows: Rows, dayStart: string, key: 'lots' | 'pool'): number[] {
  const counts = new Map(rows.hours!.map((h) => [h.hour as number, h[key] as number]));
  return marketHours(dayStart).map((hour) => counts.get(hour) ?? 0);
}

export function intakeSection(rows: Rows, names: Names, dayStart: string): DayReport['intake'] {
  const add = (g: Group, into: ReturnType<typeof noAmount>) => void addTo(into, g.unit, g.lots, g.quantity);
  const groups = (b: keyof typeof BREAKDOWNS) => rows[b] as unknown as Group[];
  const varieties = groups('byVariety');
  const total = noAmount();
  for (const g of varieties) add(g, total);
  const categoryOf = new Map(rows.varietyCategory!.map((v) => [v.id as string, v.categoryId as string]));
  const of = (gs: Group[], name: (id: string | null) => string) => breakdown(gs, (g) => g.id, name, add);
  // Lots without an origin certificate: what the origin rows leave of the total, per unit.
  const withOrigin = rows.byOrigin as unknown as Group[];
  const unknownOrigin = [...new Set(varieties.map((v) => v.unit))].map((unit) => {
    const sum = (gs: Group[], k: 'lots' | 'quantity') => gs.filter((g) => g.unit === unit).reduce((a, g) => a + g[k], 0);
    return { id: null, unit, lots: sum(varieties, 'lots') - sum(withOrigin, 'lots'), quantity: sum(varieties, 'quantity') - sum(withOrigin, 'quantity') };
  });
  return {
    total,
    byCategory: of(
      varieties.map((v) => ({ ...v, id: categoryOf.get(v.id!) ?? null })),
      (id) => names('category', id),
    ),
    byVariety: of(varieties, (id) => names('variety', id)),
    bySupplier: of(groups('bySupplier'), (id) => names('subject', id)),
    byOrigin: of([...withOrigin, ...unknownOrigin.filter((u) => u.lots > 0)], (id) => id ?? ''),
    byStall: of(groups('byStall'), (id) => names('subject', id)),
    byOperator: of(groups('byOperator'), (id) => names('operator', id)),
    byHour: marketHours(dayStart).map((hour, i) => ({ hour, lots: inHourOrder(rows, dayStart, 'lots')[i]! })),
  };
}
