import type Database from 'better-sqlite3';
import { refused, type Lineage, type LineageNode, type LotStatus, type Unit } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import type { LotTree } from './lotTree';
import type { LotViews } from './lotViews';
import { lotCode } from './scanKey';
import type { SettingsService } from './settings';

interface NodeRow {
  lot_id: string;
  code_key: string;
  quantity: number;
  unit: string;
  status: string;
  created_at: string;
  buyer_name: string | null;
  sold: number;
  depth?: number;
}

const toNode = (r: NodeRow): LineageNode => ({
  lotId: r.lot_id,
  code: codeLabel(r.code_key),
  quantity: r.quantity,
  unit: r.unit as Unit,
  status: r.status as LotStatus,
  createdAt: r.created_at,
  buyerName: r.buyer_name,
  sold: r.sold === 1,
});

/** 去向可追 / 源头可溯: a lot's ancestors up to the admitted root and the lots split from it. */
export function createLineageService(sqlite: Database.Database, views: LotViews, settings: SettingsService, lotTree: LotTree) {
  const COLUMNS = `l.id as lot_id, l.code_key, l.quantity, l.unit, l.status, l.created_at, s.buyer_name, s.id is not null as sold`;
  // Recursive walk up the parent links; depth orders the result root-first.
  const ancestors = sqlite.prepare(`
    with recursive up(id, depth) as (
      select parent_lot_id, 1 from lots where id = ? and parent_lot_id is not null
      union all
      select l.parent_lot_id, up.depth + 1 from up cross join lots l on l.id = up.id where l.parent_lot_id is not null
    )
    select ${COLUMNS}, up.depth from up cross join lots l on l.id = up.id left join splits s on s.child_lot_id = l.id
    order by up.depth desc`);
  const children = sqlite.prepare(`
    select ${COLUMNS} from lots l left join splits s on s.child_lot_id = l.id
    where l.parent_lot_id = ? order by l.created_at, l.id`);

  const one = sqlite.prepare(`select ${COLUMNS} from lots l left join splits s on s.child_lot_id = l.id where l.id = ?`);

  return {
    /** One lot as a row of its parent's children. */
    nodeOf(lotId: string): LineageNode {
      const row = one.get(lotId) as NodeRow | undefined;
      if (!row) throw refused('notFound', 'unknown lot', 'unknownLot');
      return toNode(row);
    },
    getLineage(raw: string): Lineage {
      const view = views.findByKey(lotCode(raw, settings).key);
      if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
      return {
        view,
        ancestors: (ancestors.all(view.lot.id) as NodeRow[]).map(toNode),
        children: (children.all(view.lot.id) as NodeRow[]).map(toNode),
        descendants: lotTree
          .of(view.lot.id)
          .slice(1)
          .map(({ lotId, code, depth }) => ({ lotId, code, depth })),
      };
    },
  };
}
export type LineageService = ReturnType<typeof createLineageService>;
