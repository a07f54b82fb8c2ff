import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, RecallScope } from '../../shared/contract';
import type { ServiceDeps } from '../../electron/services/deps';
import { createScopes } from '../../electron/services/recall/scope';
import { gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * Recall scopes against an independent reading of the lots: the gate lots a notice names (by
 * supplier, certificate, GTIN + batch) within market days cut at 04:00, each with every lot split
 * from it. Decoys: another supplier, a lot one minute either side of each day boundary, a rejected
 * lot, the same certificate number of another type, another GTIN.
 */
let t: TestCore;
let now = new Date(2026, 2, 10, 10, 0);
const DAY_START = '04:00';
const ISSUED = '2026-03-01';
let supplierA: string;
let supplierB: string;
let cabbage: string;
const lots: Record<string, string> = {};

const gtinOf = (item: string) => gs1Scan(item, 'X').slice(5, 19);

async function enter(name: string, o: { at: Date; supplier: string; item?: string; certs?: Input<'checkEntry'>['certificates'] }) {
  now = o.at;
  const result = await t.call('checkEntry', {
    raw: gs1Scan(o.item ?? '1', name),
    source: 'wedge',
    supplierId: o.supplier,
    varietyId: cabbage,
    quantity: 50,
    unit: 'kg',
    // A test report with every admitted lot: admitted at once, not left waiting for its test.
    certificates:
      o.certs?.length === 0
        ? []
        : [...(o.certs ?? [{ type: 'commitment', number: `C-${name}`, issuer: '南安合作社', issueDate: ISSUED }]), { type: 'testReport', number: `T-${name}`, issuer: '检测站', issueDate: ISSUED }],
  });
  lots[name] = result.view.lot.id;
  return result.view.lot;
}

beforeAll(async () => {
  t = await startTestCore({ now: () => now, sampling: { dayStart: DAY_START } });
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  supplierA = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  supplierB = (await t.call('saveSubject', { kind: 'supplier', name: '晋江农场', uscc: USCC.b })).id;
  cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
  const quarantine = { type: 'quarantine' as const, number: 'Q-9', issuer: '晋江动监所', issueDate: ISSUED };
  await enter('A1', { at: new Date(2026, 2, 10, 3, 59), supplier: supplierA });
  await enter('A2', { at: new Date(2026, 2, 10, 4, 0), supplier: supplierA, certs: [{ type: 'commitment', number: 'C-A2', issuer: '南安合作社', issueDate: ISSUED }, quarantine] });
  await enter('A3', { at: new Date(2026, 2, 11, 3, 59), supplier: supplierA });
  await enter('A4', { at: new Date(2026, 2, 11, 4, 0), supplier: supplierA, certs: [{ type: 'commitment', number: 'Q-9', issuer: '南安合作社', issueDate: ISSUED }] });
  const rejected = await enter('A5', { at: new Date(2026, 2, 10, 12, 0), supplier: supplierA, certs: [] });
  expect(rejected.status).toBe('rejected');
  await enter('B1', { at: new Date(2026, 2, 10, 12, 0), supplier: supplierB, item: '2', certs: [{ type: 'commitment', number: 'C-B1', issuer: '晋江农场', issueDate: ISSUED }, quarantine] });
  // Two generations under A2 and one under B1, sold the same market day.
  now = new Date(2026, 2, 10, 14, 0);
  const child = await t.call('splitLot', { parentRaw: gs1Scan('1', 'A2'), quantity: 10, unit: 'kg', closing: false });
  await t.call('splitLot', { parentRaw: child.code, quantity: 4, unit: 'kg', closing: false });
  await t.call('splitLot', { parentRaw: gs1Scan('2', 'B1'), quantity: 5, unit: 'kg', closing: false });
});
afterAll(() => t.close());

/** The gate lots an independent query finds, with every descendant found by walking all lots in JS. */
function expected(gateSql: string, ...args: unknown[]): string[] {
  const gates = t.rows(gateSql, ...args).map((r) => r.id as string);
  const children = new Map<string, string[]>();
  for (const r of t.rows('select id, parent_lot_id from lots where parent_lot_id is not null')) children.set(r.parent_lot_id, [...(children.get(r.parent_lot_id) ?? []), r.id]);
  const out: string[] = [];
  const visit = (id: string) => {
    out.push(id);
    for (const c of children.get(id) ?? []) visit(c);
  };
  gates.forEach(visit);
  return out.sort();
}

/** The preview's count and the lots the started recall covers. */
async function covered(scope: RecallScope): Promise<{ preview: number; roots: number; recalled: string[] }> {
  const preview = await t.call('previewRecall', { scope });
  const recall = await t.call('startRecall', { scope, reason: '通报', source: 'regulatorNotice', sourceRef: 'JG-2026-1' });
  const recalled = t.rows('select lot_id from recall_lots where recall_id = ?', recall.id).map((r) => r.lot_id as string);
  // Lifted again, so the next scope starts from the same lots.
  await t.call('liftRecall', { id: recall.id, reason: '测试' });
  return { preview: preview.lots, roots: preview.rootLots, recalled: recalled.sort() };
}

const day = { from: '2026-03-10', to: '2026-03-10' };
const inDay = "created_at >= '2026-03-10T04:00' and created_at < '2026-03-11T04:00'";

describe('recall scopes', () => {
  it('by supplier and market days: the supplier’s gate lots entered within the days, never a rejected one', async () => {
    const want = expected(`select id from lots where supplier_id = ? and parent_lot_id is null and status <> 'rejected' and ${inDay}`, supplierA);
    expect(want.length).toBe(4); // A2, its child and grandchild, A3
    const got = await covered({ kind: 'supplier', supplierId: supplierA, range: day });
    expect(got).toEqual({ preview: 4, roots: 2, recalled: want });
    expect(got.recalled).not.toContain(lots.A1);
    expect(got.recalled).not.toContain(lots.A4);
    expect(got.recalled).not.toContain(lots.A5);
    const preview = await t.call('previewRecall', { scope: { kind: 'supplier', supplierId: supplierA, range: day } });
    expect(preview.scope).toEqual({ kind: 'supplier', label: `南安合作社（${USCC.a}）`, range: day });
    expect(preview.sample.map((s) => s.lotId)).toEqual([lots.A2, lots.A3]);
    expect(preview.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: 10 }]);
  });

  it('by certificate number, with or without its type and days', async () => {
    const byCert = (type: string | null, range: boolean) =>
      expected(
        `select distinct l.id from lots l join lot_certificates lc on lc.lot_id = l.id join certificates c on c.id = lc.certificate_id
          where c.number = 'Q-9' and (? is null or c.type = ?) and l.parent_lot_id is null and l.status <> 'rejected' ${range ? `and l.${inDay.replaceAll('and created_at', 'and l.created_at')}` : ''}`,
        type,
        type,
      );
    const typed = byCert('quarantine', false);
    expect(typed.length).toBe(5); // A2 with two descendants, B1 with one
    expect((await covered({ kind: 'certificate', type: 'quarantine', number: 'Q-9' })).recalled).toEqual(typed);
    const untyped = byCert(null, false);
    expect(untyped).toContain(lots.A4);
    expect((await covered({ kind: 'certificate', number: 'Q-9' })).recalled).toEqual(untyped);
    const ranged = byCert(null, true);
    expect(ranged).not.toContain(lots.A4);
    expect((await covered({ kind: 'certificate', number: 'Q-9', range: day })).recalled).toEqual(ranged);
  });

  it('by GTIN with or without a batch, and days', async () => {
    const gtin = gtinOf('1');
    const want = expected("select id from lots where gtin = ? and batch = 'A2' and parent_lot_id is null and status <> 'rejected'", gtin);
    expect(want.length).toBe(3);
    expect((await covered({ kind: 'gtinBatch', gtin, batch: 'A2' })).recalled).toEqual(want);
    const all = expected("select id from lots where gtin = ? and parent_lot_id is null and status <> 'rejected'", gtin);
    expect(all.length).toBe(6); // A1–A4 with A2's two descendants; not A5 (rejected), not B1 (another GTIN)
    expect((await covered({ kind: 'gtinBatch', gtin })).recalled).toEqual(all);
    const ranged = expected(`select id from lots where gtin = ? and parent_lot_id is null and status <> 'rejected' and ${inDay}`, gtin);
    expect((await covered({ kind: 'gtinBatch', gtin, range: day })).recalled).toEqual(ranged);
  });

  it('refuses a scope that catches nothing, and an unknown supplier; nothing is written', async () => {
    const before = t.rows('select count(*) as n from recalls');
    const reject = (scope: RecallScope) =>
      t.call('startRecall', { scope, reason: '通报', source: 'regulatorNotice' }).then(
        () => null,
        (e) => e.api,
      );
    expect(await reject({ kind: 'supplier', supplierId: supplierB, range: { from: '2026-03-01', to: '2026-03-05' } })).toMatchObject({ code: 'conflict', params: { reason: 'recallScopeEmpty' } });
    expect(await reject({ kind: 'lot', raw: gs1Scan('1', 'A5') })).toMatchObject({ params: { reason: 'recallScopeEmpty' } });
    expect(await reject({ kind: 'supplier', supplierId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', range: day })).toMatchObject({ code: 'notFound', params: { reason: 'unknownSupplier' } });
    expect(await reject({ kind: 'lot', raw: gs1Scan('1', 'NOPE') })).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    expect(t.rows('select count(*) as n from recalls')).toEqual(before);
  });

  it('reads each scope from its index: supplier + days from lots_gate_supplier, GTIN from lots_gtin, a certificate from its number', () => {
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      const { statements } = createScopes({ sqlite: db } as unknown as ServiceDeps, () => DAY_START);
      const plan = (sql: string, ...args: unknown[]) => (db.prepare(`explain query plan ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
      const match = { key: 'x', detail: null, fromAt: 'a', toAt: 'b' };
      expect(plan(statements.bySupplier.source, 's', 'a', 'b')).toMatch(/SEARCH lots USING INDEX lots_gate_supplier \(supplier_id=\? AND created_at>\? AND created_at<\?\)/);
      expect(plan(statements.byGtin.source, match)).toMatch(/USING INDEX lots_gtin/);
      const cert = plan(statements.byCertificate.source, match);
      expect(cert).toMatch(/certificates_(number|type_number)/);
      expect(cert).not.toMatch(/\bSCAN (l|lots|lc|c)\b/);
    } finally {
      db.close();
    }
  });
});
