import { LOT_STATUSES, RECALL_PROGRESS, refused, UNITS, type Operator, type RecallDetail, type RecallLot, type RecallLotOrder } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { lotQuantities, maskPhone, seesPhones } from '../../../shared/domain/recall';
import type { RecallSummary } from '../../../shared/domain/recallTree';
import type { ServiceDeps } from '../deps';
import { createOrigins, type OriginRoot } from './origins';
import { enumIndex, type RecallSummaries } from './summary';

/** One lot of a recall as a page reads it: its recall row, the lot, its parent's code, its sale. */
interface LotRow {
  lotId: string;
  parentLotId: string | null;
  quantity: number;
  unit: RecallLot['unit'];
  status: RecallLot['status'];
  priorStatus: RecallLot['status'];
  progress: RecallLot['progress'];
  depth: number;
  sold: number;
  progressAt: string | null;
  progressNote: string | null;
  progressBy: string | null;
  rootLotId: string | null;
  varietyId: string;
  supplierId: string;
  stallId: string | null;
  parentCodeKey: string | null;
  buyerName: string | null;
  buyerUscc: string | null;
  buyerPhone: string | null;
  soldAt: string | null;
  soldBy: string | null;
  priceFen: number | null;
  codeKey: string;
}

export interface RecallPageQuery {
  offset: number;
  limit: number;
  order: RecallLotOrder;
}

/**
 * One recall with a page of its lots. Each lot's place in the tree (recall_lots.ord, .depth, what
 * it sold on) was stored when the recall started, and the summary is stored with the recall: a
 * page reads its own rows by an index range (tree order: recall_lots_ord; the flat list: each
 * progress's rows by code rank, recall_lots_progress) and the roots (for their origins), never
 * the recall's other lots. A lot's quantities are judged by its state now.
 */
export function createRecallDetail(deps: Pick<ServiceDeps, 'sqlite'>, summaries: RecallSummaries) {
  const { sqlite } = deps;
  const origins = createOrigins(sqlite);
  // recall_lots outermost (CROSS JOIN): its index gives the page's rows in order, each then one primary-key step into lots.
  const select = `select rl.lot_id, l.parent_lot_id, l.quantity, ${enumIndex('l.unit', UNITS)}, ${enumIndex('l.status', LOT_STATUSES)},
              ${enumIndex('rl.prior_status', LOT_STATUSES)}, ${enumIndex('rl.progress', RECALL_PROGRESS)}, rl.depth, rl.sold,
              rl.progress_at, rl.progress_note, rl.progress_by, l.root_lot_id, l.variety_id, l.supplier_id, l.stall_id, p.code_key,
              s.buyer_name, s.buyer_uscc, s.buyer_phone, s.created_at, s.created_by, s.price_fen, l.code_key
         from recall_lots rl
        cross join lots l on l.id = rl.lot_id
         left join lots p on p.id = l.parent_lot_id
         left join splits s on s.child_lot_id = l.id`;
  const statements = {
    /** Tree order from `ord` (a negative limit: no limit). */
    byOrd: sqlite.prepare<[string, number, number], unknown[]>(`${select} where rl.recall_id = ? and rl.ord >= ? order by rl.ord limit ?`).raw(true),
    /** One progress's lots by code rank, from a rank on. */
    byProgress: sqlite.prepare<[string, string, number, number], unknown[]>(`${select} where rl.recall_id = ? and rl.progress = ? and rl.code_ord >= ? order by rl.code_ord limit ?`).raw(true),
    /**
     * The code rank a page starts from within one progress, skipping on the index alone (an OFFSET
     * on the page's read would join every skipped row first).
     */
    skipTo: sqlite.prepare<[string, string, number], number>('select code_ord from recall_lots where recall_id = ? and progress = ? order by code_ord limit 1 offset ?').pluck(),
    /** The lots the recall started from, in tree order (recall_lots_roots). */
    roots: sqlite.prepare<[string], unknown[]>(`${select} where rl.recall_id = ? and rl.depth = 0 order by rl.ord`).raw(true),
    one: sqlite.prepare<[string, string], unknown[]>(`${select} where rl.recall_id = ? and rl.lot_id = ?`).raw(true),
  };
  const lotRow = (a: unknown[]): LotRow => ({
    lotId: a[0] as string,
    parentLotId: a[1] as string | null,
    quantity: a[2] as number,
    unit: UNITS[a[3] as number]!,
    status: LOT_STATUSES[a[4] as number]!,
    priorStatus: LOT_STATUSES[a[5] as number]!,
    progress: RECALL_PROGRESS[a[6] as number]!,
    depth: a[7] as number,
    sold: a[8] as number,
    progressAt: a[9] as string | null,
    progressNote: a[10] as string | null,
    progressBy: a[11] as string | null,
    rootLotId: a[12] as string | null,
    varietyId: a[13] as string,
    supplierId: a[14] as string,
    stallId: a[15] as string | null,
    parentCodeKey: a[16] as string | null,
    buyerName: a[17] as string | null,
    buyerUscc: a[18] as string | null,
    buyerPhone: a[19] as string | null,
    soldAt: a[20] as string | null,
    soldBy: a[21] as string | null,
    priceFen: a[22] as number | null,
    codeKey: a[23] as string,
  });
  const nameStatements = {
    varieties: sqlite.prepare<[string], { id: string; name: string }>('select v.id, v.name from json_each(?) j join varieties v on v.id = j.value'),
    subjects: sqlite.prepare<[string], { id: string; name: string }>('select s.id, s.name from json_each(?) j join subjects s on s.id = j.value'),
    operators: sqlite.prepare<[string], { id: string; name: string }>('select o.id, o.name from json_each(?) j join operators o on o.id = j.value'),
  };
  /** id → name for the distinct ids the rows name. */
  const names = (table: keyof typeof nameStatements, ids: Set<string | null>): Map<string, string> =>
    new Map(nameStatements[table].all(JSON.stringify([...ids].filter((id) => id !== null))).map((r) => [r.id, r.name]));

  /** The rows as the list shows them, phones as `by` may see them. */
  function build(rows: readonly LotRow[], by: Pick<Operator, 'role'>): RecallLot[] {
    const varietyIds = new Set<string | null>();
    const subjectIds = new Set<string | null>();
    const operatorIds = new Set<string | null>();
    for (const w of rows) {
      varietyIds.add(w.varietyId);
      subjectIds.add(w.supplierId).add(w.stallId);
      operatorIds.add(w.soldBy).add(w.progressBy);
    }
    const varieties = names('varieties', varietyIds);
    const subjects = names('subjects', subjectIds);
    const operators = names('operators', operatorIds);
    const phone = seesPhones(by.role) ? (p: string | null) => p : maskPhone;
    return rows.map((r) => {
      const quantities = lotQuantities({ quantity: r.quantity, unit: r.unit, status: r.status, priorStatus: r.priorStatus, childrenQuantity: r.sold });
      return {
        lotId: r.lotId,
        code: codeLabel(r.codeKey),
        parentLotId: r.parentLotId,
        parentCode: r.parentCodeKey === null ? null : codeLabel(r.parentCodeKey),
        depth: r.depth,
        variety: varieties.get(r.varietyId) ?? '',
        supplier: subjects.get(r.supplierId) ?? '',
        quantity: r.quantity,
        unit: r.unit,
        onHand: quantities.onHand,
        sold: quantities.sold,
        writtenOff: quantities.writtenOff,
        status: r.status,
        priorStatus: r.priorStatus,
        stall: r.stallId === null ? null : { id: r.stallId, name: subjects.get(r.stallId) ?? '' },
        sale: r.soldAt === null ? null : { buyer: { name: r.buyerName, uscc: r.buyerUscc, phone: phone(r.buyerPhone) }, at: r.soldAt, by: operators.get(r.soldBy ?? '') ?? '', priceFen: r.priceFen },
        progress: r.progress,
        progressAt: r.progressAt,
        progressByName: r.progressBy === null ? null : (operators.get(r.progressBy) ?? null),
        progressNote: r.progressNote,
      };
    });
  }

  /**
   * The page's rows. Tree order: `ord` is the position. The flat list (openFirst): each progress in
   * RECALL_PROGRESS order holds as many lots as the summary counts, in code rank; the page takes
   * what falls within it from each.
   */
  function pageRows(recallId: string, counts: RecallSummary['counts'], q: RecallPageQuery): LotRow[] {
    const limit = Number.isFinite(q.limit) ? q.limit : -1;
    if (q.order === 'tree') return statements.byOrd.all(recallId, q.offset, limit).map(lotRow);
    const rows: LotRow[] = [];
    let skip = q.offset;
    let left = q.limit;
    for (const progress of RECALL_PROGRESS) {
      if (left <= 0) break;
      const n = counts[progress];
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const take = Math.min(left, n - skip);
      const from = statements.skipTo.get(recallId, progress, skip);
      if (from !== undefined) rows.push(...statements.byProgress.all(recallId, progress, from, take).map(lotRow));
      left -= take;
      skip = 0;
    }
    return rows;
  }

  function get(recallId: string, by: Pick<Operator, 'role'>, query: RecallPageQuery): RecallDetail {
    const recall = summaries.compose(summaries.row(recallId));
    const lots = build(pageRows(recallId, recall.counts, query), by);
    const rootRows = statements.roots.all(recallId).map(lotRow);
    const roots = build(rootRows, by);
    const originRoots: OriginRoot[] = roots.map((l, i) => ({ lotId: l.lotId, code: l.code, quantity: l.quantity, unit: l.unit, variety: l.variety, gateLotId: rootRows[i]!.rootLotId ?? l.lotId }));
    return { recall, total: recall.counts.lots, offset: query.offset, lots, origins: origins(originRoots) };
  }

  return {
    /** The page's reads, for their query-plan tests. */
    pageSources: { byOrd: statements.byOrd.source, byProgress: statements.byProgress.source, skipTo: statements.skipTo.source, roots: statements.roots.source },
    /** A page of the recall's lots in the order asked (getRecall). */
    get,
    /** Every lot in tree order, unpaged: what an export lists. */
    full: (recallId: string, by: Pick<Operator, 'role'>) => get(recallId, by, { offset: 0, limit: Number.POSITIVE_INFINITY, order: 'tree' }),
    /** One lot of a recall as the list shows it (after a mark). */
    lot(recallId: string, lotId: string, by: Pick<Operator, 'role'>): RecallLot {
      summaries.row(recallId);
      const row = statements.one.get(recallId, lotId);
      if (!row) throw refused('notFound', 'lot not in recall', 'lotNotInRecall');
      return build([lotRow(row)], by)[0]!;
    },
  };
}
