import type Database from 'better-sqlite3';
import type { HeldLot, LotStatus, Unit, Zone } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';

/** A lot and everything split from it, any depth: what a hold or a disposal acts on. */
export interface TreeLot extends HeldLot {
  status: LotStatus;
  zone: Zone;
}

interface Row {
  lot_id: string;
  code_key: string;
  parent_code: string | null;
  quantity: number;
  unit: string;
  status: string;
  zone: string;
  buyer_name: string | null;
  depth: number;
}

/**
 * Prepared once per store: the lot itself (depth 0), then its descendants breadth-first with their
 * buyers. CROSS JOIN keeps the walk outermost, down the lots_parent index (recall/walk.ts says why).
 */
export function createLotTree(sqlite: Database.Database) {
  const walk = sqlite.prepare(`
    with recursive down(id, depth) as (
      select ?, 0
      union all
      select l.id, down.depth + 1 from down cross join lots l on l.parent_lot_id = down.id
    )
    select l.id as lot_id, l.code_key, p.code_key as parent_code, l.quantity, l.unit, l.status, l.zone, s.buyer_name, down.depth
      from down cross join lots l on l.id = down.id
      left join lots p on p.id = l.parent_lot_id
      left join splits s on s.child_lot_id = l.id
     order by down.depth, l.created_at, l.id`);

  return {
    /** The walk's SQL, for its query-plan test. */
    source: walk.source,
    of(lotId: string): TreeLot[] {
      return (walk.all(lotId) as Row[]).map((r) => ({
        lotId: r.lot_id,
        code: codeLabel(r.code_key),
        parentCode: r.parent_code === null ? null : codeLabel(r.parent_code),
        quantity: r.quantity,
        unit: r.unit as Unit,
        status: r.status as LotStatus,
        zone: r.zone as Zone,
        buyerName: r.buyer_name,
        depth: r.depth,
      }));
    },
  };
}
export type LotTree = ReturnType<typeof createLotTree>;
