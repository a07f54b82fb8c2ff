import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, LedgerFilters, LedgerRow, Role } from '../../shared/contract';
import { addDays } from '../../electron/core/clock';
import { createLedgerQueries, type LedgerQuery } from '../../electron/services/ledger/ledgerQuery';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';
import { photoDataUrl } from '../support/disposal';

/**
 * 台账 and the lot page over two market days cut at 06:00: every page is checked against the
 * database read on its own connection and filtered here, in the test, never by the ledger's SQL.
 */
const D1 = '2026-03-09';
const D2 = '2026-03-10';
const DAY_START = '06:00';
const PIN = '482615';

let now = new Date(`${D1}T09:00:00`);
let t: TestCore;
const ids: Record<string, string> = {};
const staff: Record<string, { id: string; role: Role }> = {};
let supplierA: string;
let supplierB: string;
let stall1: string;
let stall2: string;
let disposalId: string;
const childCodes: string[] = [];
let photoCertId: string;

const at = (iso: string) => (now = new Date(iso));
async function as(name: string) {
  return (await t.call('signIn', { operatorId: staff[name]!.id, pin: PIN })).sessionId;
}
async function varietyId(name: string) {
  return (await t.call('listVarieties', {})).find((v) => v.name === name)!.id;
}

/** A lot at the gate: `certs` names the papers (c commitment, t test report, q quarantine, m meat quality). */
async function enter(name: string, by: string, o: { raw?: string; variety?: string; supplier?: string; certs: string; photo?: boolean }) {
  const day = now.toLocaleDateString('sv');
  const types = { c: 'commitment', t: 'testReport', q: 'quarantine', m: 'meatQuality' } as const;
  const certificates = [...o.certs].map((k, i) => ({
    type: types[k as keyof typeof types],
    number: `${k.toUpperCase()}-${name}`,
    issuer: '产地',
    issueDate: day,
    ...(o.photo && i === 0 && { photo: photoDataUrl('#3a7') }),
  }));
  const input: Input<'checkEntry'> = {
    raw: o.raw ?? gs1Scan('1', name),
    source: 'wedge',
    supplierId: o.supplier ?? supplierA,
    varietyId: await varietyId(o.variety ?? '白菜'),
    quantity: 40,
    unit: 'kg',
    certificates,
  };
  const r = await t.call('checkEntry', input, await as(by));
  ids[name] = r.view.lot.id;
  return r.view;
}

beforeAll(async () => {
  t = await startTestCore({ now: () => now, sampling: { dayStart: DAY_START } });
  for (const [name, role] of [
    ['R1', 'receiver'],
    ['R2', 'receiver'],
    ['M', 'manager'],
    ['I', 'inspector'],
    ['V2', 'vendor'],
  ] as const)
    staff[name] = { id: (await t.call('createOperator', { name, role, pin: PIN })).id, role };
  supplierA = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  supplierB = (await t.call('saveSubject', { kind: 'supplier', name: '同安肉联厂', uscc: USCC.b })).id;
  stall1 = (await t.call('saveSubject', { kind: 'stall', name: '1号摊' })).id;
  stall2 = (await t.call('saveSubject', { kind: 'stall', name: '2号摊' })).id;
  staff.V = { id: (await t.call('createOperator', { name: 'V', role: 'vendor', pin: PIN, stallId: stall1 })).id, role: 'vendor' };
  await t.call('updateOperator', { id: staff.V2!.id, name: 'V2', role: 'vendor', stallId: stall2 });
  await t.call('setStationId', { stationId: '3050177', name: '台账测试' });

  // Market day D1.
  photoCertId = (await enter('A1', 'R1', { certs: 'ct', photo: true })).certificates.find((c) => c.type === 'commitment')!.id;
  await enter('A2', 'R1', { certs: 'c' }); // no report: 待检
  await enter('A3', 'R1', { certs: '' }); // no certificate: 拒收
  at(`${D1}T10:00:00`);
  await enter('B1', 'R2', { variety: '猪肉', supplier: supplierB, certs: 'qmt' });
  // 05:30 on D2 is still market day D1 (the day starts at 06:00).
  at(`${D2}T05:30:00`);
  await enter('N1', 'M', { raw: 'FJ2026030901', supplier: supplierB, certs: 'ct' });

  // Market day D2.
  at(`${D2}T08:00:00`);
  await enter('C1', 'M', { certs: 'ct' });
  await t.call('assignLotStall', { lotId: ids.C1!, stallId: stall1 }, await as('M'));
  const vendor = await as('V');
  at(`${D2}T08:30:00`);
  for (const q of [5, 7]) childCodes.push((await t.call('splitLot', { parentRaw: gs1Scan('1', 'C1'), quantity: q, unit: 'kg', buyer: { name: `买家${q}` }, closing: false }, vendor)).code);
  at(`${D2}T09:00:00`);
  await t.call('recordTest', { raw: gs1Scan('1', 'A2'), itemId: 'opCarbamate', value: 71 }, await as('I'));
  at(`${D2}T09:30:00`);
  disposalId = (
    await t.call(
      'disposeLot',
      { raw: gs1Scan('1', 'A2'), quantity: 40, unit: 'kg', reason: 'testFailed', method: 'other', methodText: '深埋', operatorPin: PIN, witnessId: staff.M!.id, witnessPin: PIN },
      await as('I'),
    )
  ).id;
  at(`${D2}T10:00:00`);
  const a3 = t.rows('select id from entry_checks where lot_id = ?', ids.A3)[0]!.id as string;
  await t.call('overrideEntry', { entryId: a3, outcome: 'admit', reason: '补交合格证' }, await as('M'));
});
afterAll(() => t?.close());

interface GateLot {
  id: string;
  created_at: string;
  status: string;
  outcome: string;
  supplier_id: string;
  stall_id: string | null;
  created_by: string;
  category_id: string;
}

/** The market day a stored time belongs to, worked out here: before 06:00 it is the day before. */
const marketDay = (iso: string) => (iso.slice(11, 16) < DAY_START ? addDays(iso.slice(0, 10), -1) : iso.slice(0, 10));

/** The gate lots a question should find, from plain rows, newest first. */
function expected(range: { from: string; to: string } | null, f: LedgerFilters): string[] {
  const all = t.rows(`select l.id, l.created_at, l.status, e.outcome, l.supplier_id, l.stall_id, l.created_by, v.category_id
      from lots l join entry_checks e on e.lot_id = l.id join varieties v on v.id = l.variety_id where l.parent_lot_id is null`) as GateLot[];
  return all
    .filter((l) => !range || (marketDay(l.created_at) >= range.from && marketDay(l.created_at) <= range.to))
    .filter((l) => (!f.status || l.status === f.status) && (!f.outcome || l.outcome === f.outcome) && (!f.categoryId || l.category_id === f.categoryId))
    .filter((l) => (!f.supplierId || l.supplier_id === f.supplierId) && (!f.stallId || l.stall_id === f.stallId) && (!f.operatorId || l.created_by === f.operatorId))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    .map((l) => l.id);
}

/** Every page of a question, two rows at a time: the pages join up to the total, nothing lost or repeated. */
async function walk(input: Omit<Input<'listLedger'>, 'limit' | 'offset'>, session?: string): Promise<{ rows: LedgerRow[]; total: number }> {
  const rows: LedgerRow[] = [];
  let total = -1;
  for (let offset = 0; total === -1 || offset < total; offset += 2) {
    const page = await t.call('listLedger', { ...input, limit: 2, offset }, session);
    expect(page.dayStart).toBe(DAY_START);
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  }
  expect(rows).toHaveLength(total);
  return { rows, total };
}

describe('台账', () => {
  it('cuts market days at the day start and filters by every field as the rows say', async () => {
    const both = { from: D1, to: D2 };
    const cases: [{ from: string; to: string }, LedgerFilters][] = [
      [{ from: D1, to: D1 }, {}],
      [{ from: D2, to: D2 }, {}],
      [both, {}],
      [both, { status: 'destroyed' }],
      [both, { status: 'admitted' }],
      [both, { outcome: 'admit' }],
      [both, { outcome: 'hold' }],
      [both, { categoryId: 'livestock' }],
      [both, { supplierId: supplierB }],
      [both, { stallId: stall1 }],
      [both, { operatorId: staff.R1!.id }],
      [both, { outcome: 'admit', supplierId: supplierA }],
      [{ from: D1, to: D1 }, { operatorId: staff.M!.id }],
    ];
    for (const [range, filters] of cases) {
      const { rows, total } = await walk({ range, filters });
      expect(
        rows.map((r) => r.lotId),
        JSON.stringify([range, filters]),
      ).toEqual(expected(range, filters));
      expect(total).toBe(expected(range, filters).length);
    }
    // N1 came at 05:30 on D2: market day D1.
    expect((await walk({ range: { from: D1, to: D1 } })).rows.map((r) => r.lotId)).toContain(ids.N1);
    expect((await walk({ range: { from: D2, to: D2 } })).rows.map((r) => r.lotId)).toEqual([ids.C1]);
  });

  it('shows each row as stored now: verdict, current state, certificates, tests, stall and operator', async () => {
    const { rows } = await walk({ range: { from: D1, to: D2 } });
    const row = (name: string) => rows.find((r) => r.lotId === ids[name])!;
    expect(row('A2')).toMatchObject({ outcome: 'hold', status: 'destroyed', tests: { count: 1, lastVerdict: 'positive' }, operator: { id: staff.R1!.id, name: 'R1' } });
    expect(row('A3')).toMatchObject({ outcome: 'admit', overridden: true, status: 'admitted', certificates: [] });
    expect(row('C1')).toMatchObject({ status: 'admitted', stall: { id: stall1, name: '1号摊' }, supplier: { id: supplierA, name: '南安合作社' }, quantity: 40, unit: 'kg' });
    expect(row('B1').certificates).toEqual([
      { type: 'meatQuality', number: 'M-B1' },
      { type: 'quarantine', number: 'Q-B1' },
      { type: 'testReport', number: 'T-B1' },
    ]);
    expect(row('B1')).toMatchObject({ categoryId: 'livestock', variety: { name: '猪肉' }, tests: { count: 0, lastVerdict: null } });
    // The state is read with the page: a hold placed now shows on the next page read.
    await t.call('placeHold', { raw: gs1Scan('1', 'B1'), note: '群众举报' }, await as('M'));
    expect((await t.call('listLedger', { range: { from: D1, to: D1 }, filters: { supplierId: supplierB } })).rows.map((r) => [r.code, r.status])).toEqual([
      ['x:FJ2026030901', 'admitted'],
      [row('B1').code, 'held'],
    ]);
  });

  it('finds a lot by any of its codes or a certificate number, across all days when no range is given', async () => {
    const find = async (search: string, range?: { from: string; to: string }) => (await t.call('listLedger', { search, ...(range && { range }) })).rows.map((r) => r.lotId);
    const gs1 = gs1Scan('1', 'A1');
    expect(await find(gs1)).toEqual([ids.A1]);
    // The same GS1 code as element string in brackets, and as a Digital Link.
    const gtin = t.rows('select gtin from lots where id = ?', ids.A1)[0]!.gtin as string;
    expect(await find(`(01)${gtin}(10)A1`)).toEqual([ids.A1]);
    expect(await find(`https://id.example.cn/01/${gtin}/10/A1`)).toEqual([ids.A1]);
    // The bare GTIN finds every lot of that product, newest first.
    expect(await find(gtin)).toEqual(expected(null, {}).filter((id) => t.rows('select gtin from lots where id = ?', id)[0]!.gtin === gtin));
    expect(await find('FJ2026030901')).toEqual([ids.N1]);
    expect(await find('T-B1')).toEqual([ids.B1]);
    // A portion's own code finds the gate lot it was split from.
    expect(await find(childCodes[1]!)).toEqual([ids.C1]);
    // Within a range only that range's lots; nothing found is an empty page, not an error.
    expect(await find(gs1, { from: D2, to: D2 })).toEqual([]);
    expect(await find('NO-SUCH-NUMBER')).toEqual([]);
    expect(await apiError(t.call('listLedger', {}))).toMatchObject({ code: 'badRequest', issues: [{ path: 'range', code: 'rangeOrSearch' }] });
    expect(await apiError(t.call('listLedger', { range: { from: D1, to: D2 }, limit: 201 }))).toMatchObject({ code: 'badRequest' });
  });

  it('shows a receiver their own desk only, and refuses another desk', async () => {
    const r1 = await as('R1');
    const page = await t.call('listLedger', { range: { from: D1, to: D2 } }, r1);
    expect(page.ownDesk).toBe(true);
    expect(page.rows.map((r) => r.lotId)).toEqual(expected({ from: D1, to: D2 }, { operatorId: staff.R1!.id }));
    expect(page.total).toBe(3);
    // A search cannot reach past the desk either.
    expect((await t.call('listLedger', { search: 'T-B1' }, r1)).rows).toEqual([]);
    expect(await apiError(t.call('listLedger', { range: { from: D1, to: D2 }, filters: { operatorId: staff.R2!.id } }, r1))).toMatchObject({ code: 'forbidden', params: { reason: 'notYourDesk' } });
    expect(await apiError(t.call('getLotDossier', { lotId: ids.B1! }, r1))).toMatchObject({ code: 'forbidden', params: { reason: 'notYourDesk' } });
    expect((await t.call('getLotDossier', { lotId: ids.A1! }, r1)).view.lot.id).toBe(ids.A1);
    // Managers see every desk.
    expect((await t.call('listLedger', { range: { from: D1, to: D2 } }, await as('M'))).ownDesk).toBe(false);
  });

  it('shows a vendor their stall’s sales of the market day, with the label to reprint', async () => {
    const v = await as('V');
    const { stall, sales } = await t.call('listStallSales', {}, v);
    expect(stall).toEqual({ id: stall1, name: '1号摊' });
    const rows = t.rows(`select c.code_key, s.buyer_name from splits s join lots c on c.id = s.child_lot_id where c.stall_id = ? order by c.created_at desc, c.id desc`, stall1);
    expect(sales.map((s) => [s.code, s.buyerName])).toEqual(rows.map((r) => [r.code_key, r.buyer_name]));
    expect(sales.map((s) => s.labelJob?.lotId)).toEqual(sales.map((s) => s.lotId));
    const again = await t.call('reprint', { jobId: sales[0]!.labelJob!.id, reason: '标签污损' }, v);
    expect(again).toMatchObject({ lotId: sales[0]!.lotId, reprintOf: sales[0]!.labelJob!.id });
    expect((await t.call('listStallSales', {}, v)).sales[0]!.labelJob!.id).toBe(again.id);
    expect(await apiError(t.call('listStallSales', { stallId: stall2 }, v))).toMatchObject({ code: 'forbidden', params: { reason: 'otherStall' } });
    expect((await t.call('listStallSales', {}, await as('V2'))).sales).toEqual([]);
    // The next market day starts empty.
    at(`${addDays(D2, 1)}T07:00:00`);
    expect((await t.call('listStallSales', {}, await as('V'))).sales).toEqual([]);
    expect((await t.call('listStallSales', { stallId: stall1 }, await as('M'))).sales).toEqual([]);
    at(`${D2}T10:00:00`);
  });
});

describe('the lot page', () => {
  it('holds every section of a destroyed lot as its rows say', async () => {
    const d = await t.call('getLotDossier', { lotId: ids.A2! }, await as('I'));
    expect(d.view.lot.status).toBe('destroyed');
    expect(d.entryBy).toBe('R1');
    expect(d.selection).toMatchObject({ reason: 'noReport', hasReport: false, by: 'R1' });
    expect(d.tests.map((x) => [x.itemId, x.value, x.verdict, x.by])).toEqual(
      t.rows('select r.item_id, r.value, r.verdict, o.name as who from rapid_tests r join operators o on o.id = r.created_by where r.lot_id = ?', ids.A2).map((r) => Object.values(r)),
    );
    expect(d.tests[0]!.itemName.zh).not.toBe('opCarbamate');
    expect(d.holds).toEqual([expect.objectContaining({ onLotId: ids.A2, reason: 'testPositive', status: 'disposed', by: 'I', released: null })]);
    expect(d.disposal).toMatchObject({
      id: disposalId,
      onLotId: ids.A2,
      method: 'other',
      operator: 'I',
      witness: 'M',
      certificateNumber: t.rows('select certificate_number from disposals')[0]!.certificate_number,
    });
    expect(d.uploads.map((u) => [u.id, u.kind, u.state])).toEqual(t.rows('select id, kind, state from outbox where lot_id = ? order by seq', ids.A2).map((r) => [r.id, r.kind, r.state]));
    expect(d.uploads.map((u) => u.kind)).toEqual(expect.arrayContaining(['entry', 'test', 'hold', 'disposal']));
    // The certificate stays reachable from the page, any time after the disposal.
    const pdf = await t.call('getDisposalCertificate', { disposalId: d.disposal!.id }, await as('M'));
    expect(
      Buffer.from(pdf.pdf.slice(pdf.pdf.indexOf(',') + 1), 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('shows overrides with who and why, splits with buyers and stalls, and their labels', async () => {
    const a3 = await t.call('getLotDossier', { lotId: ids.A3! }, await as('M'));
    expect(a3.overrides).toEqual([{ from: 'reject', to: 'admit', reason: '补交合格证', by: 'M', at: expect.stringContaining(`${D2}T10:00`) }]);

    const c1 = await t.call('getLotDossier', { lotId: ids.C1! }, await as('M'));
    expect(c1.splits.map((s) => [s.code, s.quantity, s.buyer.name, s.stall, s.by])).toEqual([
      [childCodes[0], 5, '买家5', '1号摊', 'V'],
      [childCodes[1], 7, '买家7', '1号摊', 'V'],
    ]);
    const jobs = t.rows(`select id from print_jobs where lot_id = ? or lot_id in (select child_lot_id from splits where parent_lot_id = ?) order by created_at desc, id desc`, ids.C1, ids.C1);
    expect(c1.printJobs.map((j) => j.id)).toEqual(jobs.map((j) => j.id));
    expect(c1.selection === null).toBe(t.rows('select 1 from test_selections where lot_id = ?', ids.C1).length === 0);

    const child = t.rows('select id from lots where code_key = ?', childCodes[0])[0]!.id as string;
    const portion = await t.call('getLotDossier', { lotId: child }, await as('M'));
    expect(portion.splitFrom).toMatchObject({ lotId: child, buyer: { name: '买家5' }, priceFen: null });
    expect(portion.entryBy).toBe('M');
    expect(portion.view.certificates.map((c) => c.number).sort()).toEqual(['C-C1', 'T-C1']);
  });

  it('gives a certificate’s photo to those who may open the lot', async () => {
    const r1 = await as('R1');
    const { photo, certificate } = await t.call('getCertificatePhoto', { lotId: ids.A1!, certificateId: photoCertId }, r1);
    const stored = t.rows('select photo from certificates where id = ?', photoCertId)[0]!.photo as Buffer;
    expect(photo).toBe(`data:image/jpeg;base64,${stored.toString('base64')}`);
    expect(certificate).toEqual({ id: photoCertId, type: 'commitment', number: 'C-A1' });
    const other = (await t.call('getLotDossier', { lotId: ids.A1! })).view.certificates.find((c) => c.type === 'testReport')!;
    expect(await apiError(t.call('getCertificatePhoto', { lotId: ids.A1!, certificateId: other.id }, r1))).toMatchObject({ code: 'notFound', params: { reason: 'noCertificatePhoto' } });
    expect(await apiError(t.call('getCertificatePhoto', { lotId: ids.B1!, certificateId: photoCertId }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    expect(await apiError(t.call('getCertificatePhoto', { lotId: ids.B1!, certificateId: photoCertId }, r1))).toMatchObject({ code: 'forbidden' });
  });
});

describe('query plans', () => {
  it('walks an index range for every filter and search, never a whole table of lots or entries', () => {
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      const queries = createLedgerQueries(db);
      const bounds = { start: `${D1}T${DAY_START}`, end: `${D2}T${DAY_START}` };
      const search = { key: '01069000000001810A1', gtin: '06900000000018', number: 'A1' };
      const questions: LedgerQuery[] = [
        ...[
          {},
          { status: 'held' },
          { outcome: 'reject' },
          { categoryId: 'vegetable' },
          { supplierId: supplierA },
          { stallId: stall1 },
          { operatorId: staff.R1!.id },
          { outcome: 'admit', supplierId: supplierA },
        ].map((filters) => ({ bounds, filters: filters as LedgerFilters, search: null, limit: 100, offset: 0 })),
        { bounds: null, filters: {}, search, limit: 100, offset: 0 },
        { bounds, filters: { operatorId: staff.R1!.id }, search, limit: 100, offset: 0 },
      ];
      for (const q of questions) {
        const plans = queries.plans(q);
        const plan = [...plans.page, ...plans.total].join(' | ');
        // A total over one filter and the days counts index entries and reads no row.
        if (q.bounds && !q.search && Object.keys(q.filters).length === 1) expect(plans.total.join(' | '), JSON.stringify(q)).toMatch(/COVERING INDEX (lots_gate_\w+|entry_checks_day)/);
        expect(plan, JSON.stringify(q)).not.toMatch(/\bSCAN (l|e|x|lots|entry_checks)\b/);
        // Every gate lot has parent_lot_id null: an index on it narrows nothing.
        expect(plan, JSON.stringify(q)).not.toMatch(/lots_parent/);
      }
    } finally {
      db.close();
    }
  });
});
