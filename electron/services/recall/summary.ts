import type Database from 'better-sqlite3';
import { refused, type LotStatus, type Recall, type RecallProgress, type RecallSource, type Unit } from '../../../shared/contract';
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
  codeKey: string;
}

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
  // Arrays, not objects, from SQLite: better-sqlite3 builds row objects natively at a third of
  // the speed of the literal below (getRecall reads all of a 10,000-lot recall's figures each call).
  const figuresOf = sqlite
    .prepare<[string], unknown[]>(
      `
    select rl.lot_id, l.parent_lot_id, l.created_at, l.quantity, l.unit, l.status, rl.prior_status, rl.progress, l.code_key
      from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ?`,
    )
    .raw(true);
  /** The narrow figures of every lot of a recall: enough for the tree, its quantities, counts and orders. */
  const figures = (recallId: string): FigureRow[] =>
    figuresOf.all(recallId).map((a) => ({
      lotId: a[0] as string,
      parentLotId: a[1] as string | null,
      createdAt: a[2] as string,
      quantity: a[3] as number,
      unit: a[4] as Unit,
      status: a[5] as LotStatus,
      priorStatus: a[6] as LotStatus,
      progress: a[7] as RecallProgress,
      codeKey: a[8] as string,
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
