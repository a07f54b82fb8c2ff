import type Database from 'better-sqlite3';
import { LOT_STATUSES, RECALL_PROGRESS, refused, UNITS, type LotStatus, type Recall, type RecallProgress, type RecallSource } from '../../../shared/contract';
import { lotQuantities } from '../../../shared/domain/recall';
import { placeTree, summarize, treePositions, type RecallSummary, type TreeRow } from '../../../shared/domain/recallTree';

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
  /** RecallSummary JSON; null until computed (recalls.summary in electron/store/schema.ts). */
  summary: string | null;
}

/** Named as the tree wants them: the rows go to placeTree as they are. */
export interface FigureRow extends TreeRow {
  priorStatus: LotStatus;
  progress: RecallProgress;
}

/** `case <column> when '<first>' then 0 …`: the value's index in `values`. */
export const enumIndex = (column: string, values: readonly string[]) => `case ${column} ${values.map((v, i) => `when '${v}' then ${i}`).join(' ')} end`;

/**
 * Recalls as listed and announced: the recall row with its people's names and its stored summary.
 * The summary is computed from the lots' stored positions (recall_lots.depth, .sold: no tree
 * placed) by the writes that change it, inside their transactions (`refresh`; a mark only moves
 * one count, `moveCount`). A recall started before the positions were stored gets them, and its
 * summary, on its first read (`row`), once.
 */
export function createRecallSummaries(sqlite: Database.Database) {
  const cols = `
    select r.id, r.number, r.reason, r.source, r.source_ref, r.scope_kind, r.scope_label, r.range_from, r.range_to, r.status,
           r.created_at, co.name as created_by_name, r.closed_at, cl.name as closed_by_name, r.lifted_at, li.name as lifted_by_name, r.lift_reason, r.summary
      from recalls r join operators co on co.id = r.created_by
      left join operators cl on cl.id = r.closed_by left join operators li on li.id = r.lifted_by`;
  const byId = sqlite.prepare<[string], RecallRow>(`${cols} where r.id = ?`);
  const newest = sqlite.prepare<[number, number], RecallRow>(`${cols} where (? = 0 or r.status = 'open') order by r.created_at desc, r.id desc limit ?`);
  const storedSummary = sqlite.prepare<[string], { summary: string | null }>('select summary from recalls where id = ?');
  const storeSummary = sqlite.prepare<[string, string]>('update recalls set summary = ? where id = ?');

  // Arrays, not objects, from SQLite, and enumerations as their index (a third of the cost of
  // better-sqlite3's row objects; a number reads faster than a string): a summary reads every lot.
  const lotColumns = `rl.lot_id, l.parent_lot_id, l.created_at, l.quantity, ${enumIndex('l.unit', UNITS)}, ${enumIndex('l.status', LOT_STATUSES)},
    ${enumIndex('rl.prior_status', LOT_STATUSES)}, ${enumIndex('rl.progress', RECALL_PROGRESS)}`;
  const lotsOf = `from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ?`;
  const positioned = sqlite.prepare<[string], unknown[]>(`select ${lotColumns}, rl.depth, rl.sold ${lotsOf}`).raw(true);
  const withCodes = sqlite.prepare<[string], unknown[]>(`select ${lotColumns}, l.code_key ${lotsOf}`).raw(true);
  const unplaced = sqlite.prepare<[string], unknown>('select 1 from recall_lots where recall_id = ? and ord is null limit 1').pluck();
  const place = sqlite.prepare<[number, number, number, number, string, string]>('update recall_lots set ord = ?, depth = ?, sold = ?, code_ord = ? where recall_id = ? and lot_id = ?');

  const figure = (a: unknown[]): FigureRow => ({
    lotId: a[0] as string,
    parentLotId: a[1] as string | null,
    createdAt: a[2] as string,
    quantity: a[3] as number,
    unit: UNITS[a[4] as number]!,
    status: LOT_STATUSES[a[5] as number]!,
    priorStatus: LOT_STATUSES[a[6] as number]!,
    progress: RECALL_PROGRESS[a[7] as number]!,
  });

  /** The summary from every lot's stored depth and what it sold on (each lot judged by its state now). */
  function compute(recallId: string): RecallSummary {
    return summarize(
      positioned.all(recallId).map((a) => {
        const row = figure(a);
        const sold = a[9] as number;
        return { depth: a[8] as number, row, quantities: lotQuantities({ ...row, childrenQuantity: sold }) };
      }),
    );
  }

  /** Inside a write's transaction: the summary computed again and stored. */
  function refresh(recallId: string): RecallSummary {
    const summary = compute(recallId);
    storeSummary.run(JSON.stringify(summary), recallId);
    return summary;
  }

  /** A recall started before migration 0025: its lots placed once and their positions stored. */
  function placeLots(recallId: string) {
    const placed = placeTree(withCodes.all(recallId).map((a) => ({ ...figure(a), codeKey: a[8] as string })));
    for (const p of treePositions(placed)) place.run(p.ord, p.depth, p.sold, p.codeOrd, recallId, p.lotId);
  }

  /** The row with its summary: computed and stored first when it has none (one transaction). */
  function withSummary(r: RecallRow): RecallRow {
    if (r.summary !== null) return r;
    const summary = sqlite.transaction(() => {
      if (unplaced.get(r.id) !== undefined) placeLots(r.id);
      return refresh(r.id);
    })();
    return { ...r, summary: JSON.stringify(summary) };
  }

  function compose(r: RecallRow): Recall {
    const { counts, quantities } = JSON.parse(withSummary(r).summary!) as RecallSummary;
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
      counts,
      quantities,
    };
  }

  /** The recall's row, its lots placed and its summary stored (a recall from before 0025 gets them now). */
  function row(id: string): RecallRow {
    const r = byId.get(id);
    if (!r) throw refused('notFound', 'no such recall', 'unknownRecall');
    return withSummary(r);
  }

  return {
    row,
    /** The recall as listed and announced. */
    summary: (id: string) => compose(row(id)),
    compose,
    refresh,
    /** Inside a mark's transaction: one lot moved from one progress to another (quantities do not depend on progress). */
    moveCount(recallId: string, from: RecallProgress, to: RecallProgress) {
      const stored = storedSummary.get(recallId)?.summary;
      if (!stored) return void refresh(recallId);
      const summary = JSON.parse(stored) as RecallSummary;
      summary.counts[from]--;
      summary.counts[to]++;
      storeSummary.run(JSON.stringify(summary), recallId);
    },
    list: (open: boolean, limit: number) => newest.all(open ? 1 : 0, limit).map(compose),
  };
}
export type RecallSummaries = ReturnType<typeof createRecallSummaries>;
