/**
 * A recall's lots as a tree, built from the flat rows of one query (no lookups per lot): depth,
 * the children's quantities each lot sold on, and tree order (each lot followed by the lots split
 * from it, siblings in the order they were made).
 */
import type { LotStatus, RecallCounts, RecallProgress, Unit } from '../contract';
import { countProgress, lotQuantities, roundQuantity, type LotQuantities } from './recall';

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

/** Sums per unit, rounded once at the end (each lot's figures are rounded already; their sums drift). */
function unitSums() {
  const totals = new Map<Unit, UnitTotals>();
  return {
    add(unit: Unit, onHand: number, sold: number) {
      const t = totals.get(unit);
      if (t) {
        t.onHand += onHand;
        t.sold += sold;
      } else totals.set(unit, { unit, onHand, sold });
    },
    done: (): UnitTotals[] =>
      [...totals.values()].map((t) => ({ unit: t.unit, onHand: roundQuantity(t.onHand, t.unit), sold: roundQuantity(t.sold, t.unit) })).sort((a, b) => (a.unit < b.unit ? -1 : 1)),
  };
}

/**
 * A recall's quantities per unit: `onHand` is what is left anywhere (on stalls and with buyers who
 * did not sell it on): what is still to be found; `sold` is what left the lots the scope named
 * (depth 0) through the counter, counted once however often it was split again.
 */
export function unitTotals(placed: Iterable<{ depth: number; row: { unit: Unit }; quantities: LotQuantities }>): UnitTotals[] {
  const sums = unitSums();
  for (const p of placed) sums.add(p.row.unit, p.quantities.onHand, p.depth === 0 ? p.quantities.sold : 0);
  return sums.done();
}

/**
 * The same totals as unitTotals(placeTree(rows)) without placing the rows (no order, no objects
 * per lot): what a preview of thousands of lots needs. Roots as placeTree finds them.
 */
export function treeTotals(rows: readonly TreeRow[]): UnitTotals[] {
  const ids = new Set<string>();
  for (const r of rows) ids.add(r.lotId);
  const childSum = new Map<string, number>();
  for (const r of rows) if (r.parentLotId !== null && ids.has(r.parentLotId)) childSum.set(r.parentLotId, (childSum.get(r.parentLotId) ?? 0) + r.quantity);
  const sums = unitSums();
  for (const r of rows) {
    const q = lotQuantities({ quantity: r.quantity, unit: r.unit, status: r.status, priorStatus: r.priorStatus, childrenQuantity: childSum.get(r.lotId) ?? 0 });
    const root = r.parentLotId === null || !ids.has(r.parentLotId);
    sums.add(r.unit, q.onHand, root ? q.sold : 0);
  }
  return sums.done();
}

/** What a recall says of all its lots (Recall.counts and .quantities), stored with it. */
export interface RecallSummary {
  counts: RecallCounts;
  quantities: UnitTotals[];
}

/** A recall's lots with their depth, quantities and progress summed up: the same figures whatever order they come in. */
export function summarize(lots: readonly { depth: number; row: { unit: Unit; progress: RecallProgress }; quantities: LotQuantities }[]): RecallSummary {
  return { counts: countProgress(lots.map((l) => l.row.progress)), quantities: unitTotals(lots) };
}

/** Where a placed lot sits, as a recall stores it: tree order, depth, what it sold on, its rank by code. */
export interface TreePosition {
  lotId: string;
  ord: number;
  depth: number;
  sold: number;
  codeOrd: number;
}

/**
 * The positions of lots placed by placeTree (in its order). codeOrd ranks them by code key, ties in
 * tree order: the flat list shows each progress's lots in that order.
 */
export function treePositions(placed: readonly Placed<TreeRow & { codeKey: string }>[]): TreePosition[] {
  const byCode = placed
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = placed[a]!.row.codeKey;
      const kb = placed[b]!.row.codeKey;
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
  const codeOrd = new Array<number>(placed.length);
  byCode.forEach((i, rank) => (codeOrd[i] = rank));
  return placed.map((p, i) => ({ lotId: p.row.lotId, ord: i, depth: p.depth, sold: p.quantities.sold, codeOrd: codeOrd[i]! }));
}
