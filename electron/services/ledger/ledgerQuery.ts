import type Database from 'better-sqlite3';
import type { CertificateType, LedgerFilters, LedgerRow, LotStatus, Outcome, Unit } from '../../../shared/contract';
import type { LedgerSearch } from './search';

/** One ledger question after access and search were resolved: what the SQL is built from. */
export interface LedgerQuery {
  bounds: { start: string; end: string } | null;
  filters: LedgerFilters;
  search: LedgerSearch | null;
  limit: number;
  offset: number;
  /** Keyset: only lots after this one in the ledger's order (an export's next page; rows added meanwhile shift nothing). */
  after?: LedgerCursor;
}

/** Where a page ended: the last row's day key and tie-break, in the ledger's newest-first order. */
export interface LedgerCursor {
  at: string;
  tie: number;
}

interface Row {
  lotId: string;
  entryId: string;
  code: string;
  createdAt: string;
  outcome: string;
  overridden: number;
  status: string;
  supplierId: string;
  supplierName: string;
  varietyId: string;
  varietyName: string;
  categoryId: string;
  quantity: number;
  unit: string;
  certificates: string;
  tests: number;
  lastVerdict: LedgerRow['tests']['lastVerdict'];
  pickedAt: string;
  pickedTie: number;
  stallId: string | null;
  stallName: string | null;
  operatorId: string;
  operatorName: string;
}

const COLUMNS = `l.id as lotId, e.id as entryId, l.code_key as code, l.created_at as createdAt, e.outcome, e.overridden_from is not null as overridden,
  l.status, l.supplier_id as supplierId, s.name as supplierName, l.variety_id as varietyId, v.name as varietyName, v.category_id as categoryId,
  l.quantity, l.unit,
  (select json_group_array(json_object('type', c.type, 'number', c.number)) from lot_certificates lc join certificates c on c.id = lc.certificate_id where lc.lot_id = l.id) as certificates,
  (select count(*) from rapid_tests t where t.lot_id = l.id) as tests,
  (select t.verdict from rapid_tests t where t.lot_id = l.id order by t.created_at desc, t.id desc limit 1) as lastVerdict,
  l.stall_id as stallId, st.name as stallName, l.created_by as operatorId, o.name as operatorName`;

/**
 * The ledger's SQL, one prepared pair (page, total) per shape of question, kept once built. Raw SQL
 * because the shape varies and the page is a benchmarked path (docs/data-access.md); every value is
 * a bound parameter, never spliced.
 *
 * Gate lots are the lots without a parent: each has its entry check, made in the same transaction
 * with the same time, so the lot's own `created_at` carries the day and the partial `lots_gate_*`
 * indexes (filter, created_at) let a page walk in order and the total count index entries alone.
 * Where each question starts is `driver`'s choice.
 */
export function createLedgerQueries(sqlite: Database.Database) {
  const cache = new Map<string, { page: Database.Statement; total: Database.Statement }>();

  function build(q: LedgerQuery) {
    const f = q.filters;
    const from = driver(q);
    // Every entry check is a gate lot's: driven by them, no lot needs reading to know it is one.
    const where = from.byEntry ? [] : ['l.parent_lot_id is null'];
    const day = from.byEntry ? 'e.created_at' : 'l.created_at';
    if (q.bounds) where.push(`${day} >= @start`, `${day} < @end`);
    // The `<=` bounds the index range, so each next page starts where the last one ended.
    const tie = from.byEntry ? 'e.rowid' : 'l.rowid';
    if (q.after) where.push(`${day} <= @afterAt`, `(${day} < @afterAt or ${tie} < @afterTie)`);
    if (f.status) where.push('l.status = @status');
    if (f.outcome) where.push('e.outcome = @outcome');
    if (f.categoryId) where.push('l.variety_id in (select id from varieties where category_id = @categoryId)');
    if (f.supplierId) where.push('l.supplier_id = @supplierId');
    if (f.stallId) where.push('l.stall_id = @stallId');
    if (f.operatorId) where.push('l.created_by = @operatorId');
    const cond = where.join(' and ');
    const joinEntry = f.outcome && !from.byEntry ? 'join entry_checks e on e.lot_id = l.id' : '';
    // The page's lots first, from the index alone (rowids, no row read, no subquery), then the
    // columns of those 100: a filter whose rows need sorting sorts rowids, not whole rows.
    const picked = from.byEntry
      ? `select e.lot_id as id, e.created_at as at, e.rowid as tie from ${from.lots} where ${cond} order by e.created_at desc, e.rowid desc limit @limit offset @offset`
      : `select l.rowid as rid, l.created_at as at, l.rowid as tie from ${from.lots} ${joinEntry} where ${cond} order by l.created_at desc, l.rowid desc limit @limit offset @offset`;
    const page = sqlite.prepare(`with picked as (${picked})
      select ${COLUMNS}, picked.at as pickedAt, picked.tie as pickedTie
      from picked cross join lots l on ${from.byEntry ? 'l.id = picked.id' : 'l.rowid = picked.rid'}
      join entry_checks e on e.lot_id = l.id
      join subjects s on s.id = l.supplier_id
      join varieties v on v.id = l.variety_id
      join operators o on o.id = l.created_by
      left join subjects st on st.id = l.stall_id
      order by picked.at desc, picked.tie desc`);
    const total = sqlite.prepare(`select count(*) as n from ${from.lots} ${joinEntry} where ${cond}`).pluck();
    return { page, total };
  }

  function statements(q: LedgerQuery) {
    const f = q.filters;
    const shape = [
      q.bounds ? 'd' : '',
      ...Object.keys(f).filter((k) => f[k as keyof LedgerFilters] !== undefined),
      q.search ? `s${q.search.key ? 'k' : ''}${q.search.gtin ? 'g' : ''}` : '',
      q.after ? 'a' : '',
    ]
      .sort()
      .join(',');
    let found = cache.get(shape);
    if (!found) cache.set(shape, (found = build(q)));
    return found;
  }

  return {
    /** One page of the ledger, newest first, with the exact number of lots the question matches. */
    page(q: LedgerQuery): { rows: LedgerRow[]; total: number } {
      const { page, total } = statements(q);
      const params = paramsOf(q);
      const rows = (page.all({ ...params, limit: q.limit, offset: q.offset }) as Row[]).map(toLedgerRow);
      return { rows, total: total.get(params) as number };
    },
    /** How many lots the question matches. */
    total(q: Omit<LedgerQuery, 'limit' | 'offset' | 'after'>): number {
      const asked: LedgerQuery = { ...q, limit: 1, offset: 0 };
      return statements(asked).total.get(paramsOf(asked)) as number;
    },
    /**
     * Every lot the question matches, newest first, `pageSize` at a time by keyset: one short
     * synchronous query per page, never a cursor held open across the export's awaits (the
     * connection serves the counter meanwhile) and never the whole result in memory.
     */
    async *rows(q: Omit<LedgerQuery, 'limit' | 'offset' | 'after'>, pageSize = 200): AsyncGenerator<LedgerRow> {
      let after: LedgerCursor | undefined;
      for (;;) {
        const asked: LedgerQuery = { ...q, limit: pageSize, offset: 0, after };
        const found = statements(asked).page.all({ ...paramsOf(asked), limit: pageSize, offset: 0 }) as Row[];
        for (const r of found) yield toLedgerRow(r);
        if (found.length < pageSize) return;
        const last = found[found.length - 1]!;
        after = { at: last.pickedAt, tie: last.pickedTie };
      }
    },
    /** The plans of a question's two statements (tests and the bench check them). */
    plans(q: LedgerQuery): { page: string[]; total: string[] } {
      const { page, total } = statements(q);
      const explain = (st: Database.Statement) => (sqlite.prepare(`explain query plan ${st.source}`).all(fakeParams(st.source)) as { detail: string }[]).map((r) => r.detail);
      return { page: explain(page), total: explain(total) };
    },
  };
}

/** A gate-lot index per filter, the likeliest narrowest first. */
const FILTER_INDEXES: [keyof LedgerFilters, string][] = [
  ['operatorId', 'lots_gate_operator'],
  ['supplierId', 'lots_gate_supplier'],
  ['stallId', 'lots_gate_stall'],
  ['status', 'lots_gate_status'],
];

/**
 * Where a question starts, named outright: without statistics SQLite takes `parent_lot_id is
 * null` for a narrow equality and walks every gate lot through `lots_parent`. A search starts from
 * the few lots it names (CROSS JOIN keeps that order); a verdict alone from the entry checks;
 * otherwise the gate-lot index of the narrowest filter, or of the day, which carries the variety
 * too: a category is checked in the index, in day order, with no sort. INDEXED BY fails loudly if
 * an index is ever dropped, instead of a silent slow plan.
 */
function driver(q: LedgerQuery): { lots: string; byEntry: boolean } {
  const f = q.filters;
  if (q.search) {
    const found = ['select lc.lot_id as id from certificates c join lot_certificates lc on lc.certificate_id = c.id where c.number = @number'];
    // A portion split at the counter is found under the gate lot it came from.
    if (q.search.key) found.push('select coalesce(x.root_lot_id, x.id) from lots x where x.code_key = @key');
    if (q.search.gtin) found.push('select coalesce(x.root_lot_id, x.id) from lots x where x.gtin = @gtin');
    return { lots: `(${found.join(' union ')}) as found cross join lots l on l.id = found.id`, byEntry: false };
  }
  const index = FILTER_INDEXES.find(([key]) => f[key] !== undefined)?.[1];
  if (index) return { lots: `lots l indexed by ${index}`, byEntry: false };
  if (f.outcome && !f.categoryId) return { lots: 'entry_checks e indexed by entry_checks_day', byEntry: true };
  return { lots: 'lots l indexed by lots_gate_day', byEntry: false };
}

function paramsOf(q: LedgerQuery): Record<string, string | number> {
  const params: Record<string, string | number> = { ...definedOf(q.filters) };
  if (q.bounds) Object.assign(params, q.bounds);
  if (q.search) {
    params.number = q.search.number;
    if (q.search.key) params.key = q.search.key;
    if (q.search.gtin) params.gtin = q.search.gtin;
  }
  if (q.after) Object.assign(params, { afterAt: q.after.at, afterTie: q.after.tie });
  return params;
}

function definedOf(filters: LedgerFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Any value for each named parameter: a plan does not depend on them. */
function fakeParams(source: string): Record<string, string | number> {
  return Object.fromEntries([...source.matchAll(/@(\w+)/g)].map(([, name]) => [name!, name === 'limit' || name === 'offset' ? 1 : 'x']));
}

function toLedgerRow(r: Row): LedgerRow {
  return {
    lotId: r.lotId,
    entryId: r.entryId,
    code: r.code,
    createdAt: r.createdAt,
    outcome: r.outcome as Outcome,
    overridden: r.overridden === 1,
    status: r.status as LotStatus,
    supplier: { id: r.supplierId, name: r.supplierName },
    variety: { id: r.varietyId, name: r.varietyName },
    categoryId: r.categoryId,
    quantity: r.quantity,
    unit: r.unit as Unit,
    certificates: (JSON.parse(r.certificates) as { type: CertificateType; number: string }[]).sort((a, b) => a.type.localeCompare(b.type) || a.number.localeCompare(b.number)),
    tests: { count: r.tests, lastVerdict: r.lastVerdict },
    stall: r.stallId ? { id: r.stallId, name: r.stallName ?? '' } : null,
    operator: { id: r.operatorId, name: r.operatorName },
  };
}
