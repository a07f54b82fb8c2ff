import type { DayReport } from '../../../shared/contract';
import { addTo, byName, noAmount } from './amount';
import type { Names } from './names';
import type { Rows, Step } from './worker';

export const counterSteps: Step[] = [
  {
    // Every split issued a child code for what was sold: by the split's id range, then exact times.
    name: 'counter',
    kind: 'all',
    sql: `select c.stall_id as stallId, c.unit, count(*) as childCodes, sum(c.quantity) as quantity
            from splits s join lots c on c.id = s.child_lot_id
           where s.id >= @idFrom and s.id < @idTo and s.created_at >= @fromAt and s.created_at < @toAt
           group by c.stall_id, c.unit`,
  },
];

export function counterSection(rows: Rows, names: Names): DayReport['counter'] {
  const byStall = new Map<string | null, DayReport['counter']['byStall'][number]>();
  for (const r of rows.counter!) {
    const stallId = r.stallId as string | null;
    let row = byStall.get(stallId);
    if (!row) byStall.set(stallId, (row = { stallId, name: names('subject', stallId), childCodes: 0, sold: noAmount() }));
    row.childCodes += r.childCodes as number;
    addTo(row.sold, r.unit as string, r.childCodes as number, r.quantity as number);
  }
  return { byStall: [...byStall.values()].sort((a, b) => b.childCodes - a.childCodes || byName(a.name, b.name)) };
}
