/**
 * A recall's lots as a tree, built from the flat rows of one query (no lookups per lot): depth,
 * the children's quantities each lot sold on, and tree order (each lot followed by the lots split
 * from it, siblings in the order they were made).
 */
import type { LotStatus, Unit } from '../contract';
import { lotQuantities, roundQuantity, type LotQuantities } from './recall';

export interface TreeRow {
  lotId: string;
  parentLotId: string | null;
  createdAt: string;
  quantity: number;
  unit: Unit;
  status: LotStatus;
  /** The state before the recall (judges a recalled lot's quantities); null before one started. */
  priorStatus: LotStatus | null;
}

export type Placed<R extends TreeRow> = { row: R; depth: number; quantities: LotQuantities };

const byMade = (a: TreeRow, b: TreeRow) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0);

/** In making order; rows read by their ULIDs usually are already, and a check costs less than a sort. */
function inMakingOrder<R extends TreeRow>(list: R[]): R[] {
  for (let i = 1; i < list.length; i++) if (byMade(list[i - 1]!, list[i]!) > 0) return list.sort(byMade);
  return list;
}

/**
 * The rows in tree order with depth and quantities. A row whose parent is not among the rows is a
 * root (depth 0): a gate lot, or the lot a recall named. Each row appears exactly once.
 */
export function placeTree<R extends TreeRow>(rows: readonly R[]): Placed<R>[] {
  const ids = new Set<string>();
  for (const r of rows) ids.add(r.lotId);
  const children = new Map<string, R[]>();
  const childSum = new Map<string, number>();
  const roots: R[] = [];
  for (const r of rows) {
    if (r.parentLotId === null || !ids.has(r.parentLotId)) {
      roots.push(r);
      continue;
    }
    const list = children.get(r.parentLotId);
    if (list) list.push(r);
    else children.set(r.parentLotId, [r]);
    childSum.set(r.parentLotId, (childSum.get(r.parentLotId) ?? 0) + r.quantity);
  }
  const out: Placed<R>[] = [];
  // Depth-first with an explicit stack (a lineage thousands deep must not overflow the call
  // stack); children pushed last-made first, so the first-made comes off first.
  const stack: R[] = [];
  const depths: number[] = [];
  const push = (list: R[], depth: number) => {
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push(list[i]!);
      depths.push(depth);
    }
  };
  push(inMakingOrder(roots), 0);
  while (stack.length) {
    const row = stack.pop()!;
    const depth = depths.pop()!;
    const childrenQuantity = childSum.get(row.lotId) ?? 0;
    out.push({ row, depth, quantities: lotQuantities({ quantity: row.quantity, unit: row.unit, status: row.status, priorStatus: row.priorStatus, childrenQuantity }) });
    const kids = children.get(row.lotId);
    if (kids) push(inMakingOrder(kids), depth + 1);
  }
  return out;
}

export interface UnitTotals {
  unit: Unit;
  onHand: number;
  sold: number;
}

/**
 * A recall's quantities per unit: `onHand` is what is left anywhere (on stalls and with buyers who
 * did not sell it on): what is still to be found; `sold` is what left the lots the scope named
 * (depth 0) through the counter, counted once however often it was split again.
 */
export function unitTotals(placed: readonly { depth: number; row: { unit: Unit }; quantities: LotQuantities }[]): UnitTotals[] {
  const totals = new Map<Unit, UnitTotals>();
  for (const p of placed) {
    const t = totals.get(p.row.unit) ?? { unit: p.row.unit, onHand: 0, sold: 0 };
    t.onHand += p.quantities.onHand;
    if (p.depth === 0) t.sold += p.quantities.sold;
    totals.set(p.row.unit, t);
  }
  return [...totals.values()].map((t) => ({ unit: t.unit, onHand: roundQuantity(t.onHand, t.unit), sold: roundQuantity(t.sold, t.unit) })).sort((a, b) => (a.unit < b.unit ? -1 : 1));
}
