import { RECALL_PROGRESS, refused, type Operator, type RecallDetail, type RecallLot, type RecallLotOrder } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { maskPhone, seesPhones } from '../../../shared/domain/recall';
import { placeTree, type Placed } from '../../../shared/domain/recallTree';
import type { ServiceDeps } from '../deps';
import { createOrigins, type OriginRoot } from './origins';
import type { FigureRow, RecallSummaries } from './summary';

type Entry = Placed<FigureRow>;

/** What a page's lots read beyond their figures: their recall row's marks, names' ids, the sale. */
interface WideRow {
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

const rank = new Map(RECALL_PROGRESS.map((p, i) => [p, i]));
/** openFirst: progress in RECALL_PROGRESS order, then code key; Array#sort is stable, so ties keep tree order. */
const openFirst = (a: Entry, b: Entry) => rank.get(a.row.progress)! - rank.get(b.row.progress)! || (a.row.codeKey! < b.row.codeKey! ? -1 : a.row.codeKey! > b.row.codeKey! ? 1 : 0);

/**
 * One recall with a page of its lots. The narrow figures of every lot (one read over recall_lots'
 * primary key, as arrays) give the tree — depth, quantities, order — and the summary; only the
 * page's lots (and the roots, for their origins) read their wide columns, sale and names, by id
 * (json_each), and become RecallLot objects: a 10,000-lot recall costs its figures, not 10,000
 * objects built and validated per call.
 */
export function createRecallDetail(deps: Pick<ServiceDeps, 'sqlite'>, summaries: RecallSummaries) {
  const { sqlite } = deps;
  const origins = createOrigins(sqlite);
  // The ids outermost (CROSS JOIN): each is one primary-key step into recall_lots and lots.
  const wideOf = sqlite
    .prepare<[string, string], unknown[]>(
      `select j.value, rl.progress_at, rl.progress_note, rl.progress_by, l.root_lot_id, l.variety_id, l.supplier_id, l.stall_id, p.code_key,
              s.buyer_name, s.buyer_uscc, s.buyer_phone, s.created_at, s.created_by, s.price_fen, l.code_key
         from json_each(?) j
        cross join recall_lots rl on rl.recall_id = ? and rl.lot_id = j.value
        cross join lots l on l.id = rl.lot_id
         left join lots p on p.id = l.parent_lot_id
         left join splits s on s.child_lot_id = l.id`,
    )
    .raw(true);
  const readWide = (recallId: string, ids: readonly string[]): Map<string, WideRow> =>
    new Map(
      wideOf.all(JSON.stringify(ids), recallId).map((a) => [
        a[0] as string,
        {
          progressAt: a[1] as string | null,
          progressNote: a[2] as string | null,
          progressBy: a[3] as string | null,
          rootLotId: a[4] as string | null,
          varietyId: a[5] as string,
          supplierId: a[6] as string,
          stallId: a[7] as string | null,
          parentCodeKey: a[8] as string | null,
          buyerName: a[9] as string | null,
          buyerUscc: a[10] as string | null,
          buyerPhone: a[11] as string | null,
          soldAt: a[12] as string | null,
          soldBy: a[13] as string | null,
          priceFen: a[14] as number | null,
          codeKey: a[15] as string,
        },
      ]),
    );
  const nameStatements = {
    varieties: sqlite.prepare<[string], { id: string; name: string }>('select v.id, v.name from json_each(?) j join varieties v on v.id = j.value'),
    subjects: sqlite.prepare<[string], { id: string; name: string }>('select s.id, s.name from json_each(?) j join subjects s on s.id = j.value'),
    operators: sqlite.prepare<[string], { id: string; name: string }>('select o.id, o.name from json_each(?) j join operators o on o.id = j.value'),
  };
  /** id → name for the distinct ids the rows name. */
  const names = (table: keyof typeof nameStatements, ids: Set<string | null>): Map<string, string> =>
    new Map(nameStatements[table].all(JSON.stringify([...ids].filter((id) => id !== null))).map((r) => [r.id, r.name]));

  /** Every lot of the recall placed in tree order, with depth and quantities. */
  const place = (recallId: string, codes = false) => placeTree(summaries.figures(recallId, codes));

  /** These placed lots as the list shows them, phones as `by` may see them; with each its gate lot. */
  function build(recallId: string, entries: readonly Entry[], by: Pick<Operator, 'role'>): Map<string, { lot: RecallLot; gateLotId: string }> {
    const wide = readWide(
      recallId,
      entries.map((e) => e.row.lotId),
    );
    const varietyIds = new Set<string | null>();
    const subjectIds = new Set<string | null>();
    const operatorIds = new Set<string | null>();
    for (const w of wide.values()) {
      varietyIds.add(w.varietyId);
      subjectIds.add(w.supplierId).add(w.stallId);
      operatorIds.add(w.soldBy).add(w.progressBy);
    }
    const varieties = names('varieties', varietyIds);
    const subjects = names('subjects', subjectIds);
    const operators = names('operators', operatorIds);
    const phone = seesPhones(by.role) ? (p: string | null) => p : maskPhone;
    const built = new Map<string, { lot: RecallLot; gateLotId: string }>();
    for (const { row: r, depth, quantities } of entries) {
      const w = wide.get(r.lotId);
      // Read in another statement than the figures: a lot is in both unless the recall changed between them.
      if (!w) continue;
      const lot: RecallLot = {
        lotId: r.lotId,
        code: codeLabel(w.codeKey),
        parentLotId: r.parentLotId,
        parentCode: w.parentCodeKey === null ? null : codeLabel(w.parentCodeKey),
        depth,
        variety: varieties.get(w.varietyId) ?? '',
        supplier: subjects.get(w.supplierId) ?? '',
        quantity: r.quantity,
        unit: r.unit,
        onHand: quantities.onHand,
        sold: quantities.sold,
        writtenOff: quantities.writtenOff,
        status: r.status,
        priorStatus: r.priorStatus,
        stall: w.stallId === null ? null : { id: w.stallId, name: subjects.get(w.stallId) ?? '' },
        sale: w.soldAt === null ? null : { buyer: { name: w.buyerName, uscc: w.buyerUscc, phone: phone(w.buyerPhone) }, at: w.soldAt, by: operators.get(w.soldBy ?? '') ?? '', priceFen: w.priceFen },
        progress: r.progress,
        progressAt: w.progressAt,
        progressByName: w.progressBy === null ? null : (operators.get(w.progressBy) ?? null),
        progressNote: w.progressNote,
      };
      built.set(r.lotId, { lot, gateLotId: w.rootLotId ?? r.lotId });
    }
    return built;
  }

  function get(recallId: string, by: Pick<Operator, 'role'>, query: RecallPageQuery): RecallDetail {
    const row = summaries.row(recallId);
    const placed = place(recallId, query.order === 'openFirst');
    const recall = summaries.compose(
      row,
      placed,
      placed.map((p) => p.row.progress),
    );
    const page = (query.order === 'tree' ? placed : [...placed].sort(openFirst)).slice(query.offset, query.offset + query.limit);
    const roots = placed.filter((p) => p.depth === 0);
    const built = build(recallId, [...new Set([...page, ...roots])], by);
    const lots = page.flatMap((p) => built.get(p.row.lotId)?.lot ?? []);
    const originRoots: OriginRoot[] = roots.flatMap((p) => {
      const b = built.get(p.row.lotId);
      return b ? [{ lotId: b.lot.lotId, code: b.lot.code, quantity: b.lot.quantity, unit: b.lot.unit, variety: b.lot.variety, gateLotId: b.gateLotId }] : [];
    });
    return { recall, total: placed.length, offset: query.offset, lots, origins: origins(originRoots) };
  }

  return {
    /** The page's read of its lots by id, for its query-plan test. */
    pageSource: wideOf.source,
    /** A page of the recall's lots in the order asked (getRecall). */
    get,
    /** Every lot in tree order, unpaged: what an export lists. */
    full: (recallId: string, by: Pick<Operator, 'role'>) => get(recallId, by, { offset: 0, limit: Number.POSITIVE_INFINITY, order: 'tree' }),
    /** One lot of a recall as the list shows it (after a mark). */
    lot(recallId: string, lotId: string, by: Pick<Operator, 'role'>): RecallLot {
      const entry = place(recallId).find((p) => p.row.lotId === lotId);
      const found = entry && build(recallId, [entry], by).get(lotId)?.lot;
      if (!found) throw refused('notFound', 'lot not in recall', 'lotNotInRecall');
      return found;
    },
  };
}
