import type Database from 'better-sqlite3';
import { refused, type RecallScope, type RecallScopeView } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { marketBounds } from '../../../shared/domain/marketDay';
import type { ServiceDeps } from '../deps';
import { CERTIFICATE_WORDS } from '../exports/words';
import { lotCode } from '../scanKey';

export interface ResolvedScope {
  view: RecallScopeView;
  /** The lots the scope names, oldest first: gate lots (never rejected ones), or the one lot. */
  rootIds: string[];
}

/**
 * What a scope names. Supplier, certificate and GTIN scopes match gate lots (parent_lot_id is
 * null) that entered within the market days of the range (cut at the sampling day start, as the
 * ledger and the report cut them); a rejected lot never entered and is left out. The supplier's
 * lots are read from lots_gate_supplier (supplier, day, gate), the GTIN's from lots_gtin, a
 * certificate's from its number (certificates_number) through lot_certificates.
 */
export function createScopes(deps: ServiceDeps, dayStart: () => string) {
  const { sqlite } = deps;
  const ids = (st: Database.Statement<unknown[], { id: string }>, ...args: unknown[]) => st.all(...args).map((r) => r.id);
  const supplierById = sqlite.prepare<[string], { name: string; uscc: string | null }>("select name, uscc from subjects where id = ? and kind = 'supplier'");
  const bySupplier = sqlite.prepare<[string, string, string], { id: string }>(`
    select id from lots
     where supplier_id = ? and created_at >= ? and created_at < ? and parent_lot_id is null and status <> 'rejected'
     order by created_at, id`);
  type Match = { key: string; detail: string | null; fromAt: string | null; toAt: string | null };
  const byCertificate = sqlite.prepare<[Match], { id: string }>(`
    select distinct l.id, l.created_at from certificates c
      join lot_certificates lc on lc.certificate_id = c.id
      join lots l on l.id = lc.lot_id
     where c.number = @key and (@detail is null or c.type = @detail) and l.parent_lot_id is null and l.status <> 'rejected'
       and (@fromAt is null or (l.created_at >= @fromAt and l.created_at < @toAt))
     order by l.created_at, l.id`);
  const byGtin = sqlite.prepare<[Match], { id: string }>(`
    select id from lots
     where gtin = @key and (@detail is null or batch = @detail) and parent_lot_id is null and status <> 'rejected'
       and (@fromAt is null or (created_at >= @fromAt and created_at < @toAt))
     order by created_at, id`);

  const bounds = (range: { from: string; to: string } | undefined) => (range ? marketBounds(range.from, range.to, dayStart()) : null);
  const rangeView = (range: { from: string; to: string } | undefined) => (range ? { from: range.from, to: range.to } : null);

  return {
    /** Statements whose plans the tests check. */
    statements: { bySupplier, byCertificate, byGtin },

    resolve(scope: RecallScope): ResolvedScope {
      switch (scope.kind) {
        case 'lot': {
          const view = deps.views.findByKey(lotCode(scope.raw, deps.settings).key);
          if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
          const label = codeLabel(view.lot.codeKey);
          return { view: { kind: 'lot', label, range: null }, rootIds: view.lot.status === 'rejected' ? [] : [view.lot.id] };
        }
        case 'supplier': {
          const supplier = supplierById.get(scope.supplierId);
          if (!supplier) throw refused('notFound', 'unknown supplier', 'unknownSupplier');
          const b = bounds(scope.range)!;
          return {
            view: { kind: 'supplier', label: supplier.uscc ? `${supplier.name}（${supplier.uscc}）` : supplier.name, range: rangeView(scope.range) },
            rootIds: ids(bySupplier, scope.supplierId, b.fromAt, b.toAt),
          };
        }
        case 'certificate': {
          const b = bounds(scope.range);
          const label = scope.type ? `${CERTIFICATE_WORDS[scope.type]} ${scope.number}` : scope.number;
          return {
            view: { kind: 'certificate', label, range: rangeView(scope.range) },
            rootIds: ids(byCertificate, { key: scope.number, detail: scope.type ?? null, fromAt: b?.fromAt ?? null, toAt: b?.toAt ?? null }),
          };
        }
        case 'gtinBatch': {
          const b = bounds(scope.range);
          const label = scope.batch ? `GTIN ${scope.gtin} 批号 ${scope.batch}` : `GTIN ${scope.gtin}`;
          return {
            view: { kind: 'gtinBatch', label, range: rangeView(scope.range) },
            rootIds: ids(byGtin, { key: scope.gtin, detail: scope.batch ?? null, fromAt: b?.fromAt ?? null, toAt: b?.toAt ?? null }),
          };
        }
      }
    },
  };
}
export type Scopes = ReturnType<typeof createScopes>;
