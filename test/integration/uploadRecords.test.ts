// Test, hold, release and disposal records reach the upload outbox in their business transaction
// (docs/upload.md), and from there a capture endpoint as the mapped EPCIS events.
import { validateEpcisDocument } from 'epcis2.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { lotClass } from '../../shared/domain/upload/epcis';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { apiError, startTestCore, type TestCore } from '../support/core';
import { lotWithDescendants, PINS, seedStaff } from '../support/disposal';
import { enter, seedTestingStaff, STAFF_PINS, type TestingStaff } from '../support/testing';
import { admitInput, failOutboxInsert, inspectorAndManager, seedStation, startUploadCore, uploadSettings, type UploadCore } from '../support/upload';

let t: TestCore | undefined;
let station: UploadCore | undefined;
let server: CaptureServer | undefined;
afterEach(async () => {
  if (t) {
    await t.core.close();
    t.close();
  }
  await station?.close();
  await server?.close();
  t = station = server = undefined;
});

type Row = { seq: number; id: string; kind: string; lot_id: string | null; payload: any; created_at: string; state: string };
const UPLOADED_HERE = ['test', 'hold', 'holdRelease', 'disposal'];

/** The outbox rows of the kinds this file is about, oldest first, payload parsed. */
const outboxOf = (db: { rows: TestCore['rows'] }): Row[] =>
  db
    .rows(
      `select o.seq, o.id, o.kind, o.lot_id, b.payload, o.created_at, o.state from outbox o join outbox_bodies b on b.seq = o.seq where o.kind in (${UPLOADED_HERE.map(() => '?').join(',')}) order by o.seq`,
      ...UPLOADED_HERE,
    )
    .map((r) => ({ ...(r as Row), payload: JSON.parse(r.payload as string) }));

/** A lot as the upload names it, read from the store: the code is the lot's code key. */
const lotRef = (db: { rows: TestCore['rows'] }, lotId: string) => {
  const [l] = db.rows('select id, code_key, gtin, batch, quantity, unit from lots where id = ?', lotId);
  return { id: l!.id, code: l!.code_key, gtin: l!.gtin, batch: l!.batch, quantity: l!.quantity, unit: l!.unit };
};
/** The same with what is left of it (quantity less its portions) and, for a release, its state after. */
const heldRef = (db: { rows: TestCore['rows'] }, lotId: string, onHand: number, after?: string) => ({ ...lotRef(db, lotId), onHand, ...(after ? { after } : {}) });
const lotIdOf = (db: { rows: TestCore['rows'] }, code: string) => db.rows('select id from lots where code_key = ?', code)[0]!.id as string;
const operatorOf = async (core: TestCore, name: string) => {
  const op = (await core.call('listOperators', {})).find((o) => o.name === name)!;
  return { id: op.id, name: op.name };
};

describe('rapid tests and holds in the outbox', () => {
  let staff: TestingStaff;
  const count = (table: string) => t!.rows(`select count(*) as n from ${table}`)[0]!.n as number;
  const test = (raw: string, input: { itemId?: string; value?: number; reading?: 'positive' | 'negative'; invalidRun?: boolean; kitLot?: string }) =>
    t!.call('recordTest', { raw, itemId: input.itemId ?? 'opCarbamate', ...input }, staff.inspector);

  async function start() {
    t = await startTestCore();
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 检测室' });
    staff = await seedTestingStaff(t);
    return { inspector: await operatorOf(t, '林检测'), manager: await operatorOf(t, '王经理') };
  }

  it('a negative test is one test record with the test id, the lot, the reading and why the lot was tested', async () => {
    const { inspector } = await start();
    // No report: tested because every such lot is (inspecting). With a report, tested by hand (sampling).
    const noReport = await enter(t!, { batch: 'NR1', report: false });
    const withReport = await enter(t!, { batch: 'WR1', report: true, quantity: 40 });
    const a = await test(noReport.raw, { value: 12.5, kitLot: 'KIT-01' });
    const b = await test(withReport.raw, { value: 3 });
    expect([a.test.verdict, b.test.verdict]).toEqual(['negative', 'negative']);

    const rows = outboxOf(t!);
    expect(rows.map((r) => [r.kind, r.id, r.lot_id, r.state, r.created_at])).toEqual([
      ['test', a.test.id, noReport.lotId, 'pending', a.test.createdAt],
      ['test', b.test.id, withReport.lotId, 'pending', b.test.createdAt],
    ]);
    expect(rows[0]!.payload).toEqual({
      testId: a.test.id,
      lot: { id: noReport.lotId, code: noReport.codeKey, gtin: expect.stringMatching(/^\d{14}$/), batch: 'NR1', quantity: 100, unit: 'kg' },
      item: { id: 'opCarbamate', name: '有机磷和氨基甲酸酯类农药' },
      selection: 'inspecting',
      selectionReason: 'noReport',
      // Waiting for its entry test (no report): the negative lets it on sale.
      freed: true,
      kitLot: 'KIT-01',
      value: 12.5,
      reading: null,
      unit: '%',
      threshold: 50,
      verdict: 'negative',
      by: inspector,
    });
    expect(rows[0]!.payload.lot).toEqual(lotRef(t!, noReport.lotId));
    expect(rows[1]!.payload).toMatchObject({
      testId: b.test.id,
      lot: { code: withReport.codeKey, batch: 'WR1', quantity: 40 },
      selection: 'sampling',
      freed: false,
      kitLot: null,
      value: 3,
      verdict: 'negative',
    });
    // Picked by the keyed sampler at entry, or by hand when it was not.
    expect(['keyed', 'manual']).toContain(rows[1]!.payload.selectionReason);
    // A negative holds nothing.
    expect(count('holds')).toBe(0);
  });

  it('records an invalid run and a qualitative strip as they were read', async () => {
    await start();
    const pork = await enter(t!, { batch: 'PK1', variety: '猪肉', report: false });
    const invalid = await test(pork.raw, { itemId: 'clenbuterol', invalidRun: true });
    const negative = await test(pork.raw, { itemId: 'clenbuterol', reading: 'negative' });
    const [first, second] = outboxOf(t!);
    expect(first).toMatchObject({
      kind: 'test',
      id: invalid.test.id,
      payload: { verdict: 'invalid', reading: null, value: null, unit: null, threshold: null, selection: 'inspecting', item: { id: 'clenbuterol' } },
    });
    expect(second).toMatchObject({ kind: 'test', id: negative.test.id, payload: { verdict: 'negative', reading: 'negative', value: null, unit: null, threshold: null } });
  });

  it('a positive that holds the tree writes the test and the hold record in the same transaction: a failure leaves neither', async () => {
    const { inspector } = await start();
    const parent = await enter(t!, { batch: 'TREE', report: true });
    const a = await t!.call('splitLot', { parentRaw: parent.raw, quantity: 20, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
    const b = await t!.call('splitLot', { parentRaw: parent.raw, quantity: 10, unit: 'kg', closing: false });
    const g = await t!.call('splitLot', { parentRaw: a.code, quantity: 5, unit: 'kg', closing: false });
    const statuses = () => t!.rows('select id, status, zone from lots order by id');
    const before = statuses();

    // The hold's upload row cannot be written: the test, its upload row and the hold all roll back.
    const restore = failOutboxInsert(t!.dir, 'hold');
    const refused = await apiError(test(parent.raw, { value: 77 }));
    restore();
    expect(refused).toMatchObject({ code: 'internal', message: expect.stringContaining('injected') });
    expect(outboxOf(t!)).toEqual([]);
    expect([count('rapid_tests'), count('holds'), count('hold_lots')]).toEqual([0, 0, 0]);
    expect(statuses()).toEqual(before);

    const r = await test(parent.raw, { value: 77 });
    expect(r.test.verdict).toBe('positive');
    const rows = outboxOf(t!);
    expect(rows.map((x) => [x.kind, x.id, x.lot_id, x.created_at])).toEqual([
      ['test', r.test.id, parent.lotId, r.test.createdAt],
      ['hold', r.hold!.id, parent.lotId, r.test.createdAt],
    ]);
    expect(rows[1]!.seq).toBe(rows[0]!.seq + 1);
    expect(rows[0]!.payload).toMatchObject({ testId: r.test.id, verdict: 'positive', value: 77, selection: 'sampling', lot: lotRef(t!, parent.lotId) });
    // Every lot of the tree, the held lot first, as it is on record (code key, GTIN, batch, quantity).
    const tree = [parent.lotId, lotIdOf(t!, a.code), lotIdOf(t!, b.code), lotIdOf(t!, g.code)];
    // With what is left of each: 100 kg came in, 100 kg are held (not 135 kg, the lots' recorded sum).
    const left = [70, 15, 10, 5];
    expect(rows[1]!.payload).toEqual({ holdId: r.hold!.id, lots: tree.map((id, i) => heldRef(t!, id, left[i]!)), reason: 'testPositive', note: null, testId: r.test.id, by: inspector });
    expect(rows[1]!.payload.lots.map((l: { code: string; quantity: number; onHand: number }) => [l.code, l.quantity, l.onHand])).toEqual([
      [parent.codeKey, 100, 70],
      [a.code, 20, 15],
      [b.code, 10, 10],
      [g.code, 5, 5],
    ]);
  });

  it('a manual hold and its release: one record each, ids of the hold and of the release, every held lot', async () => {
    const { manager } = await start();
    const parent = await enter(t!, { batch: 'MH', report: true });
    const a = await t!.call('splitLot', { parentRaw: parent.raw, quantity: 20, unit: 'kg', closing: false });
    const g = await t!.call('splitLot', { parentRaw: a.code, quantity: 5, unit: 'kg', closing: false });
    const aId = lotIdOf(t!, a.code);
    const gId = lotIdOf(t!, g.code);

    // A failing outbox insert refuses the hold as a whole.
    let restore = failOutboxInsert(t!.dir, 'hold');
    expect((await apiError(t!.call('placeHold', { raw: a.code, note: '买家投诉' }, staff.manager))).code).toBe('internal');
    restore();
    expect([count('holds'), outboxOf(t!).length]).toEqual([0, 0]);
    expect(t!.rows('select status from lots where id = ?', aId)[0]!.status).toBe('admitted');

    const hold = await t!.call('placeHold', { raw: a.code, note: '买家投诉' }, staff.manager);
    const [holdRow] = outboxOf(t!);
    expect(holdRow).toMatchObject({ kind: 'hold', id: hold.id, lot_id: aId, created_at: hold.createdAt });
    expect(holdRow!.payload).toEqual({ holdId: hold.id, lots: [heldRef(t!, aId, 15), heldRef(t!, gId, 5)], reason: 'manual', note: '买家投诉', testId: null, by: manager });

    // The release fails with its outbox row: the hold stays active, the lots stay held.
    restore = failOutboxInsert(t!.dir, 'holdRelease');
    expect((await apiError(t!.call('releaseHold', { holdId: hold.id, reason: '投诉不实' }, staff.manager))).code).toBe('internal');
    restore();
    expect(t!.rows('select status from holds')).toEqual([{ status: 'active' }]);
    expect(t!.rows('select status from lots where id in (?, ?)', aId, gId)).toEqual([{ status: 'held' }, { status: 'held' }]);
    expect(outboxOf(t!)).toHaveLength(1);

    const released = await t!.call('releaseHold', { holdId: hold.id, reason: '投诉不实' }, staff.manager);
    const rows = outboxOf(t!);
    expect(rows.map((r) => r.kind)).toEqual(['hold', 'holdRelease']);
    const release = rows[1]!;
    // The release has its own id (it is stored on the hold row); the hold's id is in the payload.
    expect(release.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(release.id).not.toBe(hold.id);
    expect(release).toMatchObject({ lot_id: aId, created_at: released.releasedAt });
    // Both are portions sold at the counter: back to sold, not to "for sale here".
    expect(release.payload).toEqual({ releaseId: release.id, holdId: hold.id, lots: [heldRef(t!, aId, 15, 'sold'), heldRef(t!, gId, 5, 'sold')], reason: '投诉不实', by: manager });
    // Released once: a second release is refused and writes no second record.
    expect((await apiError(t!.call('releaseHold', { holdId: hold.id, reason: '再次' }, staff.manager))).params?.reason).toBe('holdNotActive');
    expect(outboxOf(t!)).toHaveLength(2);
  });

  it('a release leaves out the lots destroyed since the hold', async () => {
    const { inspector, manager } = await start();
    const parent = await enter(t!, { batch: 'HD', report: true });
    const a = await t!.call('splitLot', { parentRaw: parent.raw, quantity: 20, unit: 'kg', closing: false });
    const hold = await t!.call('placeHold', { raw: parent.raw, note: '召回' }, staff.manager);
    const d = await t!.call(
      'disposeLot',
      { raw: a.code, quantity: 20, unit: 'kg', reason: 'recalled', method: 'other', methodText: '深埋', operatorPin: STAFF_PINS.inspector, witnessId: manager.id, witnessPin: STAFF_PINS.manager },
      staff.inspector,
    );
    await t!.call('releaseHold', { holdId: hold.id, reason: '召回结束' }, staff.manager);
    const rows = outboxOf(t!);
    expect(rows.map((r) => [r.kind, r.lot_id])).toEqual([
      ['hold', parent.lotId],
      ['disposal', lotIdOf(t!, a.code)],
      ['holdRelease', parent.lotId],
    ]);
    expect(rows[0]!.payload.lots.map((l: { code: string }) => l.code)).toEqual([parent.codeKey, a.code]);
    expect(rows[1]!.payload).toMatchObject({ disposalId: d.id, certificateNumber: d.certificateNumber, reason: 'recalled', method: 'other', witness: manager, by: inspector });
    expect(rows[2]!.payload.lots).toEqual([heldRef(t!, parent.lotId, 80, 'admitted')]);
  });
});

describe('disposals in the outbox', () => {
  it('one disposal record with the disposal id: the lot it destroys, certificate, method, witness and operator; a failure writes nothing', async () => {
    t = await startTestCore();
    const staff = await seedStaff(t);
    const tree = await lotWithDescendants(t, 'DX');
    const dispose = (over: Partial<Input<'disposeLot'>> = {}) =>
      t!.call(
        'disposeLot',
        { raw: tree.parentRaw, quantity: 96.5, unit: 'kg', reason: 'testFailed', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager, ...over },
        staff.inspector.session,
      );

    // The grandchild was destroyed on its own first: its record names it alone.
    const first = await dispose({ raw: tree.grandchild, quantity: 5, reason: 'spoiled' });
    const restore = failOutboxInsert(t.dir, 'disposal');
    expect((await apiError(dispose())).code).toBe('internal');
    restore();
    expect(t.rows('select count(*) n from disposals')[0]!.n).toBe(1);
    expect(t.rows("select count(*) n from lots where status = 'destroyed'")[0]!.n).toBe(1);

    const d = await dispose();
    const rows = outboxOf(t);
    const parentId = t.rows("select id from lots where batch = 'DX' and parent_lot_id is null")[0]!.id as string;
    expect(rows.map((r) => [r.kind, r.id, r.lot_id, r.created_at])).toEqual([
      ['disposal', first.id, lotIdOf(t, tree.grandchild), first.createdAt],
      ['disposal', d.id, parentId, d.createdAt],
    ]);
    const inspector = await operatorOf(t, '林检测');
    const manager = await operatorOf(t, '王经理');
    expect(rows[0]!.payload.lots.map((l: { code: string }) => l.code)).toEqual([tree.grandchild]);
    // The scanned lot with the quantity destroyed (as on the certificate), and no other: its
    // portions are with their buyers and keep their state.
    expect(rows[1]!.payload).toEqual({
      disposalId: d.id,
      certificateNumber: d.certificateNumber,
      lots: [{ ...lotRef(t, parentId), quantity: 96.5 }],
      reason: 'testFailed',
      method: 'shredding',
      witness: manager,
      by: inspector,
    });
    expect(rows[1]!.payload.certificateNumber).toMatch(/^XH3050102-\d{8}-002$/);
    expect(t.rows("select status from lots where batch = 'DX' order by created_at, id").map((r) => r.status)).toEqual(['destroyed', 'admitted', 'admitted', 'destroyed']);
  });
});

describe('to a capture endpoint', () => {
  it('test, hold, release and disposal records arrive as schema-valid EPCIS events with their bizStep and disposition', async () => {
    server = await startCaptureServer({
      reject: (doc) => {
        const r = validateEpcisDocument(doc, false);
        return r.success ? null : r.errors.join('; ');
      },
    });
    station = await startUploadCore();
    const s = station;
    const seed = await seedStation(s);
    const { inspector, manager, as } = await inspectorAndManager(s);

    const lotA = admitInput(seed, 'EPA');
    const lotB = admitInput(seed, 'EPB');
    await s.call('checkEntry', lotA);
    await s.call('checkEntry', lotB);
    const child = await s.call('splitLot', { parentRaw: lotA.raw, quantity: 2, unit: 'kg', closing: false });
    const negative = await as(inspector.session, 'recordTest', { raw: lotB.raw, itemId: 'opCarbamate', value: 8 });
    const invalid = await as(inspector.session, 'recordTest', { raw: lotB.raw, itemId: 'opCarbamate', invalidRun: true });
    const positive = await as(inspector.session, 'recordTest', { raw: lotA.raw, itemId: 'opCarbamate', value: 88 });
    await as(manager.session, 'releaseHold', { holdId: positive.hold!.id, reason: '实验室复检阴性' });
    const disposal = await as(inspector.session, 'disposeLot', {
      raw: lotB.raw,
      quantity: 10,
      unit: 'kg',
      reason: 'other',
      reasonText: '包装破损',
      method: 'shredding',
      operatorPin: STAFF_PINS.inspector,
      witnessId: manager.id,
      witnessPin: STAFF_PINS.manager,
    });
    const local = outboxOf(s);
    expect(local.map((r) => r.kind)).toEqual(['test', 'test', 'test', 'hold', 'holdRelease', 'disposal']);
    const total = s.rows('select count(*) n from outbox')[0]!.n as number;

    await s.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 3 }));
    const done = await s.until((x) => x.backlog === 0 && x.sent === total);
    expect(done).toMatchObject({ dead: 0, lastError: null });

    const eventsOf = (recordId: string) => [...server!.events.values()].filter((e) => (e as Record<string, unknown>)['yp:recordId'] === recordId) as Record<string, any>[];
    const one = (recordId: string) => {
      const events = eventsOf(recordId);
      expect(events).toHaveLength(1);
      return events[0]!;
    };
    const pick = (e: Record<string, any>) => ({ type: e.type, action: e.action, bizStep: e.bizStep, disposition: e.disposition, kind: e['yp:recordKind'] });
    const classOf = (raw: string) => {
      const ref = lotRef(s, s.rows('select id from lots where raw_scan = ?', raw)[0]!.id);
      return lotClass(ref);
    };

    // The negative, then what the lot stays after it: on sale (a client folding the events must not read `conformant` as its state).
    const [neg, stays] = eventsOf(negative.test.id);
    expect(pick(stays!)).toEqual({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: undefined, disposition: 'sellable_accessible', kind: 'test' });
    expect(stays!['yp:afterTest']).toBe(negative.test.id);
    expect(pick(neg!)).toEqual({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'conformant', kind: 'test' });
    expect(neg!['yp:selection']).toBe('sampling');
    expect(stays!.quantityList).toEqual(neg!.quantityList);
    expect(neg!.quantityList).toEqual([{ epcClass: classOf(lotB.raw), quantity: 10, uom: 'KGM' }]);
    expect(neg!.sensorElementList[0].sensorReport[0]).toMatchObject({
      type: 'yp:rapidTest',
      stringValue: 'negative',
      value: 8,
      uom: 'P1',
      'yp:item': 'opCarbamate',
      'yp:unit': '%',
      'yp:threshold': 50,
    });
    expect(pick(one(invalid.test.id))).toEqual({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: undefined, kind: 'test' });
    expect(pick(one(positive.test.id))).toEqual({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'inspecting', disposition: 'non_conformant', kind: 'test' });

    const hold = one(positive.hold!.id);
    expect(pick(hold)).toEqual({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'holding', disposition: 'non_sellable_other', kind: 'hold' });
    expect(hold.persistentDisposition).toEqual({ set: ['non_sellable_other'] });
    expect(hold['yp:testId']).toBe(positive.test.id);
    // The lot and its portion, each its own class, each with what is left of it: 10 kg in, 10 kg held.
    expect(hold.quantityList.map((q: { epcClass: string; quantity: number }) => [q.epcClass, q.quantity])).toEqual([
      [lotClass({ code: local[3]!.payload.lots[0].code, gtin: local[3]!.payload.lots[0].gtin, batch: local[3]!.payload.lots[0].batch }), 8],
      [`urn:yipin-yima:lot:${child.code}`, 2],
    ]);
    expect(classOf(lotA.raw)).toMatch(/^https:\/\/id\.gs1\.org\/01\/\d{14}\/10\/EPA$/);
    expect(hold['yp:codes']).toEqual([local[3]!.payload.lots[0].code, child.code]);

    // The release: the lot on sale again, its portion back to sold (it is with its buyer); the hold unset on both.
    const release = eventsOf(local[4]!.id).sort((x, y) => x['yp:eventIndex'] - y['yp:eventIndex']);
    expect(release.map((e) => [pick(e).disposition, e.persistentDisposition, e['yp:codes'], e['yp:releaseOf']])).toEqual([
      ['sellable_accessible', { unset: ['non_sellable_other'] }, [local[4]!.payload.lots[0].code], positive.hold!.id],
      ['retail_sold', { unset: ['non_sellable_other'] }, [child.code], positive.hold!.id],
    ]);

    const destroyed = one(disposal.id);
    expect(pick(destroyed)).toEqual({ type: 'ObjectEvent', action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed', kind: 'disposal' });
    expect(destroyed).toMatchObject({
      'yp:certificateNumber': disposal.certificateNumber,
      'yp:method': 'shredding',
      'yp:witness': '王经理',
      'yp:operator': '林检测',
      quantityList: [{ epcClass: classOf(lotB.raw), quantity: 10, uom: 'KGM' }],
    });
    // Every local record reached the receiver exactly once.
    for (const r of local) expect(server.records.has(r.id)).toBe(true);
    expect(server.duplicates.records).toBe(0);
  });
});
