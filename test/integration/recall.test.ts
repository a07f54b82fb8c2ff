import ExcelJS from 'exceljs';
import { validateEpcisDocument } from 'epcis2.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecallDetail } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import { buildEpcisDocument, type EpcisEvent } from '../../shared/domain/upload/epcis';
import { admitCabbageLot, apiError, gs1Scan, nextCoreEvent, USCC, type TestCore } from '../support/core';
import { PINS, type Staff } from '../support/disposal';
import { gs1SchemaProblems } from '../support/epcisSchema';
import { startRecallStation } from '../support/recall';
import { collectEvents, enter } from '../support/testing';

let t: TestCore;
let staff: Staff;
let supplier: string;

beforeEach(async () => {
  ({ t, staff, supplier } = await startRecallStation());
});
afterEach(() => t.close());

const start = (raw: string, reason = '农残超标') => t.call('startRecall', { scope: { kind: 'lot', raw }, reason, source: 'ownTest' }, staff.manager.session);

/** A 100 kg lot with two buyers' portions (20 kg with a phone, 10 kg) and a 5 kg grandchild under the first. */
async function family(batch: string) {
  const raw = gs1Scan('1', batch);
  const root = (await admitCabbageLot(t, batch, supplier)).view.lot;
  const a = await t.call('splitLot', { parentRaw: raw, quantity: 20, unit: 'kg', buyer: { name: '刘记饭店', phone: '13812345678' }, priceFen: 12_000, closing: false });
  const b = await t.call('splitLot', { parentRaw: raw, quantity: 10, unit: 'kg', closing: false });
  const g = await t.call('splitLot', { parentRaw: a.code, quantity: 5, unit: 'kg', buyer: { name: '张家', phone: '13900001111' }, closing: false });
  return { raw, root, a: a.child.lot, b: b.child.lot, g: g.child.lot, codes: { a: a.code, b: b.code, g: g.code } };
}

describe('a recall of a lot and its descendants', () => {
  it('puts every lot in recalled in one go: audit, upload, events, labels, the counter and the scanner all follow', async () => {
    const f = await family('R1');
    const lotStatus = nextCoreEvent(t, 'lotStatus', (p) => p.changes.some((c) => c.status === 'recalled'));
    const alert = nextCoreEvent(t, 'alert', (p) => p.status === 'recalled');
    const announced = nextCoreEvent(t, 'recall');
    const cancelled = collectEvents(t, 'printJob');

    const recall = await start(f.raw);
    expect(recall).toMatchObject({ status: 'open', source: 'ownTest', scope: { kind: 'lot', range: null }, counts: { lots: 4, open: 4, nothingLeft: 0 } });
    expect(recall.number).toMatch(/^ZH\d{8}-01$/);
    // On hand anywhere: 70 at the stall, 15 and 10 with buyers, 5 with the grandchild's buyer; 30 left the lot.
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: 30 }]);

    const ids = [f.root.id, f.a.id, f.b.id, f.g.id];
    expect(t.rows(`select id, status from lots where id in (${ids.map(() => '?').join(',')}) order by id`, ...ids)).toEqual(ids.sort().map((id) => ({ id, status: 'recalled' })));
    expect((await lotStatus).changes.map((c) => c.lotId).sort()).toEqual(ids.sort());
    expect(await alert).toMatchObject({ codeKey: f.root.codeKey, status: 'recalled' });
    expect(await announced).toEqual(recall);

    // One audit entry per lot and one for the recall; one upload record naming every lot.
    expect(t.rows("select subject_id from audit where action = 'lot.recall' order by subject_id").map((r) => r.subject_id)).toEqual(ids.sort());
    expect(t.rows("select count(*) as n from audit where action = 'recall.start' and subject_id = ?", recall.id)).toEqual([{ n: 1 }]);
    const [outbox] = t.rows("select o.id, o.lot_id, b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'recall'");
    expect(outbox).toMatchObject({ id: recall.id, lot_id: f.root.id });
    const payload = JSON.parse(outbox.payload);
    expect(payload.lots.map((l: { id: string }) => l.id)).toEqual([f.root.id, f.a.id, f.g.id, f.b.id]);
    const events = JSON.parse(outbox.events) as EpcisEvent[];
    expect(events.map((e) => [e.type, e.action, e.disposition])).toEqual([['ObjectEvent', 'OBSERVE', 'recalled']]);
    const doc = buildEpcisDocument([], { stationId: '3050102', creationDate: recall.createdAt });
    expect(validateEpcisDocument({ ...doc, epcisBody: { eventList: events } }, false)).toEqual({ success: true, errors: [] });

    // The children's labels queued at the counter (no printer here) end cancelled.
    const jobs = t.rows('select lot_id, status from print_jobs order by lot_id');
    expect(jobs.length).toBe(3);
    expect(jobs.every((j) => j.status === 'cancelled')).toBe(true);
    expect(
      cancelled.events
        .filter((j) => j.status === 'cancelled')
        .map((j) => j.lotId)
        .sort(),
    ).toEqual([f.a.id, f.b.id, f.g.id].sort());
    cancelled.stop();

    // The counter refuses to sell from any of them; a scan raises the red alert.
    expect(await apiError(t.call('splitLot', { parentRaw: f.codes.a, quantity: 1, unit: 'kg', closing: false }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'parentNotSellable', status: 'recalled' },
    });
    const scanAlert = nextCoreEvent(t, 'alert', (p) => p.codeKey === f.g.codeKey);
    const looked = await t.call('lookupCode', { raw: f.codes.g });
    expect(looked.view).toMatchObject({ alert: true, lot: { status: 'recalled' } });
    expect(await scanAlert).toMatchObject({ status: 'recalled' });
  });

  it('lists every lot as a tree with where it is, buyers’ phones in full for a manager and masked for an inspector', async () => {
    const f = await family('R2');
    const recall = await start(f.raw);
    const byManager = await t.call('getRecall', { id: recall.id }, staff.manager.session);
    const byInspector = await t.call('getRecall', { id: recall.id }, staff.inspector.session);
    expect(byManager.recall).toEqual(recall);
    const code = (lot: { codeKey: string }) => codeLabel(lot.codeKey);
    expect(byManager.lots.map((l) => [l.code, l.depth, l.parentCode, l.quantity, l.onHand, l.sold, l.writtenOff, l.status, l.priorStatus, l.progress])).toEqual([
      [code(f.root), 0, null, 100, 70, 30, 0, 'recalled', 'admitted', 'open'],
      [code(f.a), 1, code(f.root), 20, 15, 5, 0, 'recalled', 'admitted', 'open'],
      [code(f.g), 2, code(f.a), 5, 5, 0, 0, 'recalled', 'admitted', 'open'],
      [code(f.b), 1, code(f.root), 10, 10, 0, 0, 'recalled', 'admitted', 'open'],
    ]);
    expect(byManager.lots.map((l) => l.lotId)).toEqual([f.root.id, f.a.id, f.g.id, f.b.id]);
    expect(byManager).toMatchObject({ total: 4, offset: 0 });
    // A page is a slice of that order; the summary and origins are the whole recall's whatever the page.
    const page = await t.call('getRecall', { id: recall.id, offset: 1, limit: 2 }, staff.inspector.session);
    expect(page).toMatchObject({ total: 4, offset: 1 });
    expect(page.lots).toEqual(byInspector.lots.slice(1, 3));
    expect(page.recall).toEqual(byManager.recall);
    expect(page.origins).toEqual(byManager.origins);
    expect((await t.call('getRecall', { id: recall.id, offset: 4 })).lots).toEqual([]);
    expect(await apiError(t.call('getRecall', { id: recall.id, limit: 1001 }))).toMatchObject({ code: 'badRequest' });
    expect(await apiError(t.call('getRecall', { id: recall.id, offset: -1 }))).toMatchObject({ code: 'badRequest' });
    expect(byManager.lots[0]!.sale).toBeNull();
    expect(byManager.lots[1]!.sale).toMatchObject({ buyer: { name: '刘记饭店', phone: '13812345678' }, priceFen: 12_000, by: '管理员' });
    expect(byInspector.lots[1]!.sale!.buyer).toEqual({ name: '刘记饭店', uscc: null, phone: '138****5678' });
    expect(byInspector.lots[2]!.sale!.buyer.phone).toBe('139****1111');
    expect(byInspector.lots[3]!.sale!.buyer).toEqual({ name: null, uscc: null, phone: null });
    // The admin sees them too (the test core's own session).
    expect((await t.call('getRecall', { id: recall.id })).lots[1]!.sale!.buyer.phone).toBe('13812345678');

    // Origins for the named lot only: supplier, certificates, verdict.
    expect(byManager.origins).toHaveLength(1);
    expect(byManager.origins[0]).toMatchObject({
      lotId: f.root.id,
      supplier: { id: supplier, name: '南安合作社', uscc: USCC.a },
      verdict: 'admit',
      overridden: false,
      quantity: 100,
      certificates: [
        { type: 'commitment', number: 'C-R2', issuer: '南安合作社', hasPhoto: false },
        { type: 'testReport', number: 'T-R2', issuer: '检测站', hasPhoto: false },
      ],
    });
    // A vendor may not follow recalls at all.
    const vendor = (await t.call('signIn', { operatorId: staff.vendor.id, pin: PINS.vendor })).sessionId;
    expect(await apiError(t.call('getRecall', { id: recall.id }, vendor))).toMatchObject({ code: 'forbidden' });
  });

  it('exports the affected list through the API: an XLSX row per lot in tree order, buyers’ phones in full', async () => {
    const f = await family('R9');
    const recall = await start(f.raw);
    const file = await t.call('exportRecall', { id: recall.id, format: 'xlsx' }, staff.manager.session);
    expect(file.fileName).toMatch(new RegExp(`^recall_${recall.number}_\\d{8}-\\d{6}\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file.path);
    const sheet = wb.getWorksheet('受影响批次')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => String(r.getCell(col('追溯码')).value).trim())).toEqual([f.root, f.a, f.g, f.b].map((l) => codeLabel(l.codeKey)));
    expect(rows.map((r) => r.getCell(col('买方电话')).value ?? null)).toEqual([null, '13812345678', '13900001111', null]);
    expect(rows.map((r) => r.getCell(col('在手')).value)).toEqual([70, 15, 5, 10]);
    // Managers export; an inspector who may read the recall may not.
    expect(await apiError(t.call('exportRecall', { id: recall.id, format: 'xlsx' }, staff.inspector.session))).toMatchObject({ code: 'forbidden' });
  });

  it('starts a recall from a split lot: that lot is the root, its parent stays as it was', async () => {
    const f = await family('R3');
    const recall = await start(f.codes.a);
    const detail = await t.call('getRecall', { id: recall.id });
    expect(detail.lots.map((l) => [l.lotId, l.depth])).toEqual([
      [f.a.id, 0],
      [f.g.id, 1],
    ]);
    expect(detail.lots[0]!.parentCode).not.toBeNull();
    expect(detail.origins.map((o) => [o.lotId, o.certificates.length, o.quantity])).toEqual([[f.a.id, 2, 20]]);
    expect(t.rows('select status from lots where id = ?', f.root.id)).toEqual([{ status: 'admitted' }]);
  });
});

describe('marks, close and lift', () => {
  it('marks lots, refuses what cannot be, closes once nothing is open, and lifts back to where each lot was', async () => {
    const f = await family('M1');
    // The second portion sold out the parent with a closing sale: nothing of it is left.
    const last = await t.call('splitLot', { parentRaw: f.raw, quantity: 60, unit: 'kg', closing: true });
    const recall = await start(f.raw);
    const m = staff.manager.session;
    expect(recall.counts).toMatchObject({ lots: 5, open: 4, nothingLeft: 1 });
    const mark = (lotId: string, progress: 'open' | 'retrieved' | 'notRecoverable', note?: string) => t.call('markRecallLot', { recallId: recall.id, lotId, progress, ...(note && { note }) }, m);

    const marked = await mark(f.a.id, 'retrieved', '已从刘记饭店取回');
    expect(marked).toMatchObject({ lotId: f.a.id, progress: 'retrieved', progressByName: '王经理', progressNote: '已从刘记饭店取回' });
    // The same mark again changes nothing: no second record.
    await mark(f.a.id, 'retrieved');
    expect(t.rows("select count(*) as n from outbox where kind = 'recallProgress'")).toEqual([{ n: 1 }]);
    expect(t.rows("select count(*) as n from audit where action = 'recall.progress'")).toEqual([{ n: 1 }]);
    // A mark by mistake is undone with open.
    expect((await mark(f.a.id, 'open')).progress).toBe('open');
    await mark(f.a.id, 'retrieved');

    expect(await apiError(mark(f.root.id, 'retrieved'))).toMatchObject({ code: 'conflict', params: { reason: 'recallProgressFinal' } });
    expect(await apiError(t.call('closeRecall', { id: recall.id }, m))).toMatchObject({ code: 'conflict', params: { reason: 'recallHasOpenLots', count: 3 } });
    const other = await admitCabbageLot(t, 'M1X', supplier);
    expect(await apiError(mark(other.view.lot.id, 'retrieved'))).toMatchObject({ code: 'notFound', params: { reason: 'lotNotInRecall' } });
    expect(await apiError(t.call('markRecallLot', { recallId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', lotId: f.a.id, progress: 'open' }, m))).toMatchObject({ params: { reason: 'unknownRecall' } });
    // Receivers and inspectors follow but do not mark.
    expect(await apiError(t.call('markRecallLot', { recallId: recall.id, lotId: f.b.id, progress: 'retrieved' }, staff.inspector.session))).toMatchObject({ code: 'forbidden' });

    for (const lotId of [f.b.id, f.g.id, last.child.lot.id]) await mark(lotId, 'notRecoverable');
    const closing = nextCoreEvent(t, 'recall', (r) => r.status === 'closed');
    const closed = await t.call('closeRecall', { id: recall.id }, m);
    expect(closed).toMatchObject({ status: 'closed', closedByName: '王经理', counts: { open: 0, retrieved: 1, notRecoverable: 3, nothingLeft: 1 } });
    expect(await closing).toEqual(closed);
    expect(await apiError(mark(f.a.id, 'open'))).toMatchObject({ code: 'conflict', params: { reason: 'recallNotOpen' } });
    expect(await apiError(t.call('closeRecall', { id: recall.id }, m))).toMatchObject({ params: { reason: 'recallNotOpen' } });
    // Closed, the lots stay recalled.
    expect(t.rows("select count(*) as n from lots where status = 'recalled'")).toEqual([{ n: 5 }]);

    const lifted = await t.call('liftRecall', { id: recall.id, reason: '复检合格，监管部门撤回通知' }, m);
    expect(lifted).toMatchObject({ status: 'lifted', liftedByName: '王经理', liftReason: '复检合格，监管部门撤回通知' });
    expect(t.rows('select id, status, zone from lots where id in (?, ?, ?)', f.root.id, f.a.id, last.child.lot.id)).toEqual(
      expect.arrayContaining([
        { id: f.root.id, status: 'exhausted', zone: 'trading' },
        { id: f.a.id, status: 'admitted', zone: 'trading' },
        { id: last.child.lot.id, status: 'admitted', zone: 'trading' },
      ]),
    );
    expect(await apiError(t.call('liftRecall', { id: recall.id, reason: '再次' }, m))).toMatchObject({ params: { reason: 'recallLifted' } });
    const [liftRow] = t.rows("select b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'recallLift'");
    expect(JSON.parse(liftRow.payload).lots.map((l: { status: string }) => l.status)).toEqual(['exhausted', 'admitted', 'admitted', 'admitted', 'admitted']);
    const events = JSON.parse(liftRow.events) as EpcisEvent[];
    expect(events.map((e) => [e.disposition, (e['yp:codes'] as string[]).length])).toEqual([
      ['retail_sold', 1],
      ['sellable_accessible', 4],
    ]);
    const doc = buildEpcisDocument([], { stationId: '3050102', creationDate: lifted.liftedAt! });
    expect(validateEpcisDocument({ ...doc, epcisBody: { eventList: events } }, false)).toEqual({ success: true, errors: [] });
    // Every lot's status agrees with its last audit entry.
    expect(await t.call('verifyAudit', {})).toMatchObject({ ok: true });
  });

  it('lift restores held lots: held when recalled with the hold released meanwhile, or held after the recall', async () => {
    const m = staff.manager.session;
    const first = await admitCabbageLot(t, 'H1', supplier);
    const second = await admitCabbageLot(t, 'H2', supplier);
    const hold = await t.call('placeHold', { raw: gs1Scan('1', 'H1'), note: '复检' }, m);
    const r1 = await start(gs1Scan('1', 'H1'));
    const r2 = await start(gs1Scan('1', 'H2'));
    expect(r2.number).toMatch(/-02$/);
    expect((await t.call('getRecall', { id: r1.id })).lots[0]).toMatchObject({ status: 'recalled', priorStatus: 'held' });

    // Released while recalled: it stays recalled; the lift will find it as it was before the hold.
    await t.call('releaseHold', { holdId: hold.id, reason: '复检阴性' }, m);
    expect(t.rows('select status from lots where id = ?', first.view.lot.id)).toEqual([{ status: 'recalled' }]);
    expect((await t.call('getRecall', { id: r1.id })).lots[0]!.priorStatus).toBe('admitted');
    // Held while recalled: still recalled; the lift hands it to the hold.
    const later = await t.call('placeHold', { raw: gs1Scan('1', 'H2'), note: '抽检阳性' }, m);
    expect(t.rows('select status from lots where id = ?', second.view.lot.id)).toEqual([{ status: 'recalled' }]);
    expect((await t.call('getRecall', { id: r2.id })).lots[0]).toMatchObject({ priorStatus: 'held' });

    await t.call('liftRecall', { id: r1.id, reason: '撤回' }, m);
    await t.call('liftRecall', { id: r2.id, reason: '撤回' }, m);
    expect(t.rows('select status, zone from lots where id = ?', first.view.lot.id)).toEqual([{ status: 'admitted', zone: 'trading' }]);
    expect(t.rows('select status, zone from lots where id = ?', second.view.lot.id)).toEqual([{ status: 'held', zone: 'awaitingTest' }]);
    // And that hold's release puts it back on sale.
    await t.call('releaseHold', { holdId: later.id, reason: '复检阴性' }, m);
    expect(t.rows('select status, zone from lots where id = ?', second.view.lot.id)).toEqual([{ status: 'admitted', zone: 'trading' }]);
    expect(await t.call('verifyAudit', {})).toMatchObject({ ok: true });
  });

  it('a lot recalled while awaiting its entry test and tested negative meanwhile is lifted to trading', async () => {
    const lot = await enter(t, { batch: 'W1', report: false, supplier });
    expect(lot.view.lot.status).toBe('awaitingTest');
    const recall = await start(lot.raw);
    await t.call('recordTest', { raw: lot.raw, itemId: 'opCarbamate', value: 10 }, staff.inspector.session);
    // The test changes nothing while the recall stands.
    expect(t.rows('select status from lots where id = ?', lot.lotId)).toEqual([{ status: 'recalled' }]);
    await t.call('liftRecall', { id: recall.id, reason: '通报撤销' }, staff.manager.session);
    expect(t.rows('select status, zone from lots where id = ?', lot.lotId)).toEqual([{ status: 'admitted', zone: 'trading' }]);
  });

  it('a lot in two recalls stays recalled until the last of them is lifted', async () => {
    const m = staff.manager.session;
    const f = await family('T1');
    const outer = await start(f.raw);
    const inner = await start(f.codes.a, '投诉');
    expect(inner.counts.lots).toBe(2);
    expect((await t.call('previewRecall', { scope: { kind: 'lot', raw: f.raw } }, m)).inOtherRecalls).toBe(4);
    expect((await t.call('getRecall', { id: inner.id })).lots.map((l) => l.priorStatus)).toEqual(['admitted', 'admitted']);
    await t.call('liftRecall', { id: outer.id, reason: '撤回' }, m);
    expect(t.rows('select id, status from lots where id in (?, ?, ?) order by id', f.root.id, f.a.id, f.g.id)).toEqual(
      [
        { id: f.root.id, status: 'admitted' },
        { id: f.a.id, status: 'recalled' },
        { id: f.g.id, status: 'recalled' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    await t.call('liftRecall', { id: inner.id, reason: '撤回' }, m);
    expect(t.rows('select count(*) as n from lots where status = ?', 'recalled')).toEqual([{ n: 0 }]);
  });

  it('destroying a recalled child through the disposal flow marks it destroyed, with the disposal’s certificate; what was sold on from it stays open', async () => {
    const f = await family('D1');
    const recall = await start(f.raw);
    await t.call('markRecallLot', { recallId: recall.id, lotId: f.a.id, progress: 'retrieved' }, staff.manager.session);
    const announced = nextCoreEvent(t, 'recall', (r) => r.counts.destroyed > 0);
    const disposal = await t.call(
      'disposeLot',
      { raw: f.codes.a, quantity: 15, unit: 'kg', reason: 'recalled', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
      staff.inspector.session,
    );
    // The portion brought back is destroyed; the 5 kg sold on from it are still with 张家.
    expect((await announced).counts).toMatchObject({ lots: 4, destroyed: 1, open: 3 });
    const detail: RecallDetail = await t.call('getRecall', { id: recall.id });
    const byId = new Map(detail.lots.map((l) => [l.lotId, l]));
    expect(byId.get(f.a.id)).toMatchObject({ status: 'destroyed', progress: 'destroyed', progressByName: '林检测', progressNote: disposal.certificateNumber, onHand: 0 });
    expect(byId.get(f.g.id)).toMatchObject({ status: 'recalled', progress: 'open', onHand: 5 });
    expect(byId.get(f.root.id)).toMatchObject({ status: 'recalled', progress: 'open', onHand: 70 });
    expect(detail.recall.quantities).toEqual([{ unit: 'kg', onHand: 85, sold: 30 }]);
    expect(t.rows("select subject_id from audit where action = 'recall.progress' order by seq").map((r) => r.subject_id)).toEqual([f.a.id, f.a.id]);
    expect(await apiError(t.call('markRecallLot', { recallId: recall.id, lotId: f.a.id, progress: 'open' }, staff.manager.session))).toMatchObject({
      params: { reason: 'recallProgressFinal' },
    });
    expect(await t.call('markRecallLot', { recallId: recall.id, lotId: f.g.id, progress: 'notRecoverable' }, staff.manager.session)).toMatchObject({ progress: 'notRecoverable', onHand: 5 });
    // A lift leaves the destroyed lot destroyed; the grandchild is its buyer's again.
    await t.call('liftRecall', { id: recall.id, reason: '撤回' }, staff.manager.session);
    expect(t.rows('select id, status from lots where id in (?, ?) order by id', f.a.id, f.g.id)).toEqual(
      [
        { id: f.a.id, status: 'destroyed' },
        { id: f.g.id, status: 'admitted' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
  });

  it('destroying a recalled gate lot destroys what is at its stall; its two sold portions stay recalled and open, and the recall closes only once they are marked', async () => {
    const raw = gs1Scan('1', 'G1');
    const root = (await admitCabbageLot(t, 'G1', supplier)).view.lot;
    const a = (await t.call('splitLot', { parentRaw: raw, quantity: 15, unit: 'kg', buyer: { name: '刘记饭店', phone: '13812345678' }, closing: false })).child.lot;
    const b = (await t.call('splitLot', { parentRaw: raw, quantity: 10, unit: 'kg', closing: false })).child.lot;
    const recall = await start(raw);
    expect(recall.counts).toMatchObject({ lots: 3, open: 3 });
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: 25 }]);

    const announced = nextCoreEvent(t, 'recall', (r) => r.counts.destroyed > 0);
    const disposal = await t.call(
      'disposeLot',
      { raw, quantity: 75, unit: 'kg', reason: 'recalled', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
      staff.inspector.session,
    );
    expect(disposal.blockedCodes).toEqual([disposal.code]);
    // 待追回: the two portions with their buyers, 15 + 10 kg; the stall's 75 kg are destroyed.
    const summary = await announced;
    expect(summary.counts).toEqual({ lots: 3, open: 2, retrieved: 0, destroyed: 1, notRecoverable: 0, nothingLeft: 0 });
    expect(summary.quantities).toEqual([{ unit: 'kg', onHand: 25, sold: 25 }]);
    const detail: RecallDetail = await t.call('getRecall', { id: recall.id }, staff.manager.session);
    expect(detail.recall).toEqual(summary);
    expect(detail.lots.map((l) => [l.lotId, l.status, l.progress, l.onHand, l.sold])).toEqual([
      [root.id, 'destroyed', 'destroyed', 0, 25],
      [a.id, 'recalled', 'open', 15, 0],
      [b.id, 'recalled', 'open', 10, 0],
    ]);
    expect(t.rows('select lot_id, prior_status from disposal_lots')).toEqual([{ lot_id: root.id, prior_status: 'recalled' }]);
    // Scanned anywhere, a portion still raises the recall's alarm.
    expect((await t.call('lookupCode', { raw: codeLabel(a.codeKey) })).view).toMatchObject({ lot: { status: 'recalled' }, alert: true });

    expect(await apiError(t.call('closeRecall', { id: recall.id }, staff.manager.session))).toMatchObject({ params: { reason: 'recallHasOpenLots', count: 2 } });
    await t.call('markRecallLot', { recallId: recall.id, lotId: a.id, progress: 'retrieved' }, staff.manager.session);
    expect(await apiError(t.call('closeRecall', { id: recall.id }, staff.manager.session))).toMatchObject({ params: { reason: 'recallHasOpenLots', count: 1 } });
    // A refused close writes nothing: no upload record, no audit entry.
    const closeRows = () => t.rows("select o.id, o.lot_id, o.created_at, b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'recallClose'");
    expect(closeRows()).toEqual([]);
    expect(t.rows("select count(*) as n from audit where action = 'recall.close'")).toEqual([{ n: 0 }]);
    await t.call('markRecallLot', { recallId: recall.id, lotId: b.id, progress: 'notRecoverable' }, staff.manager.session);
    const closed = await t.call('closeRecall', { id: recall.id }, staff.manager.session);
    expect(closed).toMatchObject({
      status: 'closed',
      counts: { open: 0, retrieved: 1, destroyed: 1, notRecoverable: 1 },
      quantities: [{ unit: 'kg', onHand: 25, sold: 25 }],
    });
    // Closed, the portions stay recalled.
    expect(t.rows('select status from lots where id in (?, ?)', a.id, b.id)).toEqual([{ status: 'recalled' }, { status: 'recalled' }]);

    // The close is uploaded in its transaction (issue 17 item 6): every lot in tree order with its
    // final progress and what is left of it; a second close is refused and writes no second record.
    const [row] = closeRows();
    expect(row).toMatchObject({ lot_id: root.id, created_at: closed.closedAt });
    expect(row!.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(row!.id).not.toBe(recall.id);
    const ref = (l: { id: string; codeKey: string; gtin: string | null; batch: string | null; quantity: number }) => ({
      id: l.id,
      code: l.codeKey,
      gtin: l.gtin,
      batch: l.batch,
      quantity: l.quantity,
      unit: 'kg',
    });
    expect(JSON.parse(row!.payload as string)).toEqual({
      closeId: row!.id,
      recallId: recall.id,
      number: recall.number,
      lots: [
        { ...ref(root), onHand: 0, status: 'destroyed', progress: 'destroyed' },
        { ...ref(a), onHand: 15, status: 'recalled', progress: 'retrieved' },
        { ...ref(b), onHand: 10, status: 'recalled', progress: 'notRecoverable' },
      ],
      by: { id: staff.manager.id, name: '王经理' },
    });
    const events = JSON.parse(row!.events as string) as EpcisEvent[];
    expect(events.map((e) => [e.action, e.disposition, e['yp:recallClosed'], e['yp:codes']])).toEqual([
      ['OBSERVE', 'destroyed', recall.id, [root.codeKey]],
      ['OBSERVE', 'recalled', recall.id, [a.codeKey, b.codeKey]],
    ]);
    expect(events[1]!.quantityList).toEqual([expect.objectContaining({ quantity: 15, uom: 'KGM' }), expect.objectContaining({ quantity: 10, uom: 'KGM' })]);
    // The events as stored (the document the uploader sends) pass epcis2.js and GS1's schema.
    const doc = { ...buildEpcisDocument([], { stationId: '3050102', creationDate: closed.closedAt! }), epcisBody: { eventList: events } };
    expect(validateEpcisDocument(doc, false)).toEqual({ success: true, errors: [] });
    expect(gs1SchemaProblems(doc)).toEqual([]);
    expect(await apiError(t.call('closeRecall', { id: recall.id }, staff.manager.session))).toMatchObject({ params: { reason: 'recallNotOpen' } });
    expect(closeRows()).toHaveLength(1);
  });
});
