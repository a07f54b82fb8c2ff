import { refused, type LotStatus, type Operator, type RecallDetail, type RecallLot, type RecallProgress, type Unit } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { maskPhone, seesPhones } from '../../../shared/domain/recall';
import { placeTree } from '../../../shared/domain/recallTree';
import type { ServiceDeps } from '../deps';
import { createOrigins } from './origins';
import type { RecallSummaries } from './summary';

interface LotRow {
  lot_id: string;
  prior_status: LotStatus;
  progress: RecallProgress;
  progress_at: string | null;
  progress_note: string | null;
  progress_by: string | null;
  parent_lot_id: string | null;
  root_lot_id: string | null;
  code_key: string;
  quantity: number;
  unit: Unit;
  status: LotStatus;
  created_at: string;
  variety: string;
  supplier: string;
  stall_id: string | null;
  stall_name: string | null;
  buyer_name: string | null;
  buyer_uscc: string | null;
  buyer_phone: string | null;
  sold_at: string | null;
  sold_by: string | null;
  price_fen: number | null;
}

/**
 * One recall with every affected lot: one query over recall_lots (its primary key) joined to each
 * lot, its sale, names and marks; depth, quantities and tree order are built from those rows. Only
 * a root whose parent is outside the recall (a split lot named by a lot scope) reads its parent's
 * code. Origins are read for the roots alone.
 */
export function createRecallDetail(deps: ServiceDeps, summaries: RecallSummaries) {
  const { sqlite } = deps;
  const origins = createOrigins(sqlite);
  const lotsOf = sqlite.prepare<[string], LotRow>(`
    select rl.lot_id, rl.prior_status, rl.progress, rl.progress_at, rl.progress_note, po.name as progress_by,
           l.parent_lot_id, l.root_lot_id, l.code_key, l.quantity, l.unit, l.status, l.created_at,
           v.name as variety, su.name as supplier, l.stall_id, st.name as stall_name,
           s.buyer_name, s.buyer_uscc, s.buyer_phone, s.created_at as sold_at, so.name as sold_by, s.price_fen
      from recall_lots rl
      join lots l on l.id = rl.lot_id
      join varieties v on v.id = l.variety_id
      join subjects su on su.id = l.supplier_id
      left join subjects st on st.id = l.stall_id
      left join splits s on s.child_lot_id = l.id
      left join operators so on so.id = s.created_by
      left join operators po on po.id = rl.progress_by
     where rl.recall_id = ?`);
  const codeOf = sqlite.prepare<[string], { code_key: string }>('select code_key from lots where id = ?');

  /** The recall's lots in tree order, phones as `by` may see them. */
  function lots(recallId: string, by: Pick<Operator, 'role'>) {
    const rows = lotsOf.all(recallId);
    const codes = new Map(rows.map((r) => [r.lot_id, r.code_key]));
    const phone = seesPhones(by.role) ? (p: string | null) => p : maskPhone;
    const placed = placeTree(
      rows.map((r) => ({ lotId: r.lot_id, parentLotId: r.parent_lot_id, createdAt: r.created_at, quantity: r.quantity, unit: r.unit, status: r.status, priorStatus: r.prior_status, r })),
    );
    const list = placed.map(({ row: { r }, depth, quantities }): RecallLot => {
      const parentKey = r.parent_lot_id === null ? null : (codes.get(r.parent_lot_id) ?? codeOf.get(r.parent_lot_id)?.code_key ?? null);
      return {
        lotId: r.lot_id,
        code: codeLabel(r.code_key),
        parentLotId: r.parent_lot_id,
        parentCode: parentKey === null ? null : codeLabel(parentKey),
        depth,
        variety: r.variety,
        supplier: r.supplier,
        quantity: r.quantity,
        unit: r.unit,
        ...quantities,
        status: r.status,
        priorStatus: r.prior_status,
        stall: r.stall_id && r.stall_name !== null ? { id: r.stall_id, name: r.stall_name } : null,
        sale: r.sold_at === null ? null : { buyer: { name: r.buyer_name, uscc: r.buyer_uscc, phone: phone(r.buyer_phone) }, at: r.sold_at, by: r.sold_by ?? '', priceFen: r.price_fen },
        progress: r.progress,
        progressAt: r.progress_at,
        progressByName: r.progress_by,
        progressNote: r.progress_note,
      };
    });
    return { lots: list, rows, placed };
  }

  return {
    lots,
    get(recallId: string, by: Pick<Operator, 'role'>): RecallDetail {
      const row = summaries.row(recallId);
      const { lots: list, rows, placed } = lots(recallId, by);
      const recall = summaries.compose(
        row,
        placed,
        rows.map((r) => r.progress),
      );
      const byId = new Map(rows.map((r) => [r.lot_id, r]));
      const roots = list
        .filter((l) => l.depth === 0)
        .map((l) => ({ lotId: l.lotId, code: l.code, quantity: l.quantity, unit: l.unit, variety: l.variety, gateLotId: byId.get(l.lotId)!.root_lot_id ?? l.lotId }));
      return { recall, lots: list, origins: origins(roots) };
    },
    /** One lot of a recall as the list shows it (after a mark). */
    lot(recallId: string, lotId: string, by: Pick<Operator, 'role'>): RecallLot {
      const found = lots(recallId, by).lots.find((l) => l.lotId === lotId);
      if (!found) throw refused('notFound', 'lot not in recall', 'lotNotInRecall');
      return found;
    },
  };
}
