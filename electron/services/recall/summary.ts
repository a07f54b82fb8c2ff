import type Database from 'better-sqlite3';
import { LOT_STATUSES, RECALL_PROGRESS, refused, UNITS, type LotStatus, type Recall, type RecallProgress, type RecallSource } from '../../../shared/contract';
import { countProgress } from '../../../shared/domain/recall';
import { placeTree, unitTotals, type Placed, type TreeRow } from '../../../shared/domain/recallTree';

export interface RecallRow {
  id: string;
  number: string;
  reason: string;
  source: RecallSource;
  source_ref: string | null;
  scope_kind: Recall['scope']['kind'];
  scope_label: string;
  range_from: string | null;
  range_to: string | null;
  status: Recall['status'];
  created_at: string;
  created_by_name: string;
  closed_at: string | null;
  closed_by_name: string | null;
  lifted_at: string | null;
  lifted_by_name: string | null;
  lift_reason: string | null;
}

/** Named as the tree wants them: the rows go to placeTree as they are; `codeKey` orders the flat list. */
export interface FigureRow extends TreeRow {
  priorStatus: LotStatus;
  progress: RecallProgress;
  /** Read only for the flat list's order. */
  codeKey?: string;
}

/** `case <column> when '<first>' then 0 …`: the value's index in `values`. */
const enumIndex = (column: string, values: readonly string[]) => `case ${column} ${values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end`;

/**
 * Recalls as listed and announced: the recall row with its people's names, and its counts and
 * quantities computed from one narrow read of its lots (recall_lots primary key, then each lot).
 */
export function createRecallSummaries(sqlite: Database.Database) {
  const cols = `
    select r.id, r.number, r.reason, r.source, r.source_ref, r.scope_kind, r.scope_label, r.range_from, r.range_to, r.status,
           r.created_at, co.name as created_by_name, r.closed_at, cl.name as closed_by_name, r.lifted_at, li.name as lifted_by_name, r.lift_reason
      from recalls r join operators co on co.id = r.created_by
      left join operators cl on cl.id = r.closed_by left join operators li on li.id = r.lifted_by`;
  const byId = sqlite.prepare<[string], RecallRow>(`${cols} where r.id = ?`);
  const newest = sqlite.prepare<[number, number], RecallRow>(`${cols} where (? = 0 or r.status = 'open') order by r.created_at desc, r.id desc limit ?`);
  // Arrays, not objects, from SQLite, and enumerations as their index: better-sqlite3 builds row
  // objects natively at a third of the speed of the literal below, and a number costs the read
  // far less than a string: getRecall reads every lot's figures of a 10,000-lot recall each call
  // (the read alone, measured: 17 ms with the enumerations' text, 13 ms with their indexes).
  // The code only for the flat list's order.
  const figureColumns = `rl.lot_id, l.parent_lot_id, l.created_at, l.quantity, ${enumIndex('l.unit', UNITS)}, ${enumIndex('l.status', LOT_STATUSES)},
    ${enumIndex('rl.prior_status', LOT_STATUSES)}, ${enumIndex('rl.progress', RECALL_PROGRESS)}`;
  const figuresFrom = 'from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ?';
  const figuresOf = sqlite.prepare<[string], unknown[]>(`select ${figureColumns} ${figuresFrom}`).raw(true);
  const figuresWithCodesOf = sqlite.prepare<[string], unknown[]>(`select ${figureColumns}, l.code_key ${figuresFrom}`).raw(true);
  /** The narrow figures of every lot of a recall: enough for the tree, its quantities and counts (and with `codes`, the flat order). */
  const figures = (recallId: string, codes = false): FigureRow[] =>
    (codes ? figuresWithCodesOf : figuresOf).all(recallId).map((a) => ({
      lotId: a[0] as string,
      parentLotId: a[1] as string | null,
      createdAt: a[2] as string,
      quantity: a[3] as number,
      unit: UNITS[a[4] as number]!,
      status: LOT_STATUSES[a[5] as number]!,
      priorStatus: LOT_STATUSES[a[6] as number]!,
      progress: RECALL_PROGRESS[a[7] as number]!,
      codeKey: a[8] as string | undefined,
    }));

  function toRecall(r: RecallRow): Recall {
    const rows = figures(r.id);
    const placed = placeTree(rows);
    return compose(
      r,
      placed,
      rows.map((f) => f.progress),
    );
  }

  /** The recall from its row and its lots already placed (getRecall reads them once for both). */
  function compose(r: RecallRow, placed: readonly Placed<TreeRow>[], progress: Iterable<RecallProgress>): Recall {
    return {
      id: r.id,
      number: r.number,
      reason: r.reason,
      source: r.source,
      sourceRef: r.source_ref,
      scope: { kind: r.scope_kind, label: r.scope_label, range: r.range_from && r.range_to ? { from: r.range_from, to: r.range_to } : null },
      status: r.status,
      createdAt: r.created_at,
      createdByName: r.created_by_name,
      closedAt: r.closed_at,
      closedByName: r.closed_by_name,
      liftedAt: r.lifted_at,
      liftedByName: r.lifted_by_name,
      liftReason: r.lift_reason,
      counts: countProgress(progress),
      quantities: unitTotals(placed),
    };
  }

  function row(id: string): RecallRow {
    const r = byId.get(id);
    if (!r) throw refused('notFound', 'no such recall', 'unknownRecall');
    return r;
  }

  return {
    row,
    summary: (id: string) => toRecall(row(id)),
    compose,
    figures,
    list: (open: boolean, limit: number) => newest.all(open ? 1 : 0, limit).map(toRecall),
  };
}
export type RecallSummaries = ReturnType<typeof createRecallSummaries>;
