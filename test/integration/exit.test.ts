// 出口查验 and zone moves (issue 19 items 4 and 5) through the real API: what leaves is written
// with its audit entry and upload record; every refusal leaves the database as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract';
import { ADMIN_PIN, admitCabbageLot, apiError, gs1Scan, nextCoreEvent, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
// From the real now: admitCabbageLot dates its certificates with the real day.
let now = new Date();
const today = new Date().toLocaleDateString('sv');
const later = (ms: number) => (now = new Date(now.getTime() + ms));
const staff: Record<'gatekeeper' | 'gatekeeper2' | 'receiver' | 'manager', { id: string; session: string; name: string }> = {} as never;
const MANAGER_PIN = '135790';
let supplierId: string;

/** Rows that any exit write would add to. */
const counts = () =>
  t.rows(`select (select count(*) from departures) as departures, (select count(*) from exit_exceptions) as exceptions,
                                    (select count(*) from audit) as audit, (select count(*) from outbox) as outbox`)[0];
const lotRow = (code: string) => t.rows('select id, status, zone from lots where code_key = ?', code)[0] as { id: string; status: string; zone: string };

/** A 100 kg admitted gate lot and a 10 kg portion sold from it to 张三: the child's code. */
async function soldPortion(batch: string, quantity = 10, closing = false): Promise<{ parent: string; child: Output<'splitLot'> }> {
  const parent = gs1Scan('1', batch);
  await admitCabbageLot(t, batch, supplierId);
  const child = await t.call('splitLot', { parentRaw: parent, quantity, unit: 'kg', closing, buyer: { name: '张三' } });
  return { parent, child };
}

beforeAll(async () => {
  t = await startTestCore({ now: () => now });
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  for (const [key, role, name, pin] of [
    ['gatekeeper', 'gatekeeper', '陈门卫', '2468'],
    ['gatekeeper2', 'gatekeeper', '林门卫', '2469'],
    ['receiver', 'receiver', '王收货', '1357'],
    ['manager', 'manager', '李经理', MANAGER_PIN],
  ] as const) {
    const op = await t.call('createOperator', { name, role, pin });
    staff[key] = { id: op.id, name, session: (await t.call('signIn', { operatorId: op.id, pin })).sessionId };
  }
});
afterAll(() => t.close());

describe('a sold lot leaves', () => {
  it('records the departure, moves the lot out of the zones, audits it and queues its departing event — one transaction', async () => {
    const { child } = await soldPortion('EXIT-A');
    const before = counts();
    const out = await t.call('exitLot', { raw: child.code, vehicle: '闽A12345' }, staff.gatekeeper.session);
    expect(out.duplicate).toBe(false);
    expect(out.departure).toMatchObject({ code: child.code, parentCode: child.parent.lot.codeKey, quantity: 10, unit: 'kg', vehicle: '闽A12345', buyer: '张三', by: '陈门卫' });
    expect(counts()).toEqual({ ...before, departures: 1, audit: before.audit + 1, outbox: before.outbox + 1 });
    const lot = lotRow(child.code);
    expect(lot).toMatchObject({ status: 'admitted', zone: 'none' });
    const [row] = t.rows('select id, lot_id, vehicle, buyer, prior_zone, created_by from departures');
    expect(row).toEqual({ id: out.departure.id, lot_id: lot.id, vehicle: '闽A12345', buyer: '张三', prior_zone: 'trading', created_by: staff.gatekeeper.id });
    const [audit] = t.rows("select action, subject_id, before, after, operator_name from audit where action = 'lot.departure'");
    expect(audit).toMatchObject({ subject_id: lot.id, operator_name: '陈门卫' });
    expect(JSON.parse(audit!.before)).toEqual({ zone: 'trading' });
    const [outbox] = t.rows('select o.id, o.kind, o.lot_id, b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = ?', 'departure');
    expect(outbox).toMatchObject({ id: out.departure.id, kind: 'departure', lot_id: lot.id });
    const [event] = JSON.parse(outbox!.events) as Record<string, unknown>[];
    expect(event).toMatchObject({ type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'departing', disposition: 'in_transit', 'yp:code': child.code, 'yp:vehicle': '闽A12345' });
    // The lot is named exactly as its sale (retail_selling) event named it.
    const [split] = t.rows("select b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'split' and o.id = (select id from splits where child_lot_id = ?)", lot.id);
    const sale = (JSON.parse(split!.events) as Record<string, unknown>[]).find((e) => e.bizStep === 'retail_selling')!;
    expect(event!.quantityList).toEqual(sale.quantityList);
    // A portion has its own identifier (its own code), not its parent's GTIN + batch.
    expect(event!.quantityList).toEqual([{ epcClass: `urn:yipin-yima:lot:${child.code}`, quantity: 10, uom: 'KGM' }]);
    // The lot page says where it went.
    const dossier = await t.call('getLotDossier', { lotId: lot.id }, staff.manager.session);
    expect(dossier.departure).toMatchObject({ id: out.departure.id, vehicle: '闽A12345', by: '陈门卫' });
    expect(dossier.view.lot.zone).toBe('none');
    expect((await t.call('listDepartures', {}, staff.gatekeeper.session)).map((d) => d.code)).toEqual([child.code]);
  });

  it('a double read by the same gatekeeper answers the departure; later, or by anyone else, it is refused with when and who', async () => {
    const { child } = await soldPortion('EXIT-B');
    const first = await t.call('exitLot', { raw: child.code }, staff.gatekeeper.session);
    const before = counts();
    later(3_000);
    const again = await t.call('exitLot', { raw: child.code }, staff.gatekeeper.session);
    expect(again).toMatchObject({ duplicate: true, departure: { id: first.departure.id } });
    const other = await apiError(t.call('exitLot', { raw: child.code }, staff.gatekeeper2.session));
    expect(other).toMatchObject({ code: 'conflict', params: { reason: 'exitAlreadyLeft', by: '陈门卫', at: first.departure.at.slice(0, 16).replace('T', ' ') } });
    later(15_000);
    expect((await apiError(t.call('exitLot', { raw: child.code }, staff.gatekeeper.session))).params?.reason).toBe('exitAlreadyLeft');
    expect(counts()).toEqual(before);
  });

  it('two reads racing from two gates record one departure', async () => {
    const { child } = await soldPortion('EXIT-C');
    const results = await Promise.allSettled([t.call('exitLot', { raw: child.code }, staff.gatekeeper.session), t.call('exitLot', { raw: child.code }, staff.gatekeeper.session)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(t.rows('select count(*) as n from departures d join lots l on l.id = d.lot_id where l.code_key = ?', child.code)[0]!.n).toBe(1);
  });

  it('a lot sold out whole leaves by its own code', async () => {
    const { child } = await soldPortion('EXIT-WHOLE', 100, true);
    expect(child.parent.lot.status).toBe('exhausted');
    const out = await t.call('exitLot', { raw: gs1Scan('1', 'EXIT-WHOLE') }, staff.receiver.session);
    expect(out.departure).toMatchObject({ code: child.parent.lot.codeKey, parentCode: null, buyer: null, by: '王收货' });
  });
});

describe('what may not leave is refused and nothing is written', () => {
  const refusedWith = async (raw: string, reason: string, status?: string) => {
    const before = counts();
    const error = await apiError(t.call('exitLot', { raw, vehicle: '闽A00001' }, staff.gatekeeper.session));
    expect(error.params?.reason).toBe(reason);
    if (status) expect(error.params?.status).toBe(status);
    expect(counts()).toEqual(before);
  };

  it('an unknown code, and text that is no code at all', async () => {
    await refusedWith(gs1Scan('9', 'NOBODY'), 'unknownLot');
    const before = counts();
    expect((await apiError(t.call('exitLot', { raw: 'hello world' }, staff.gatekeeper.session))).code).toBe('notALotCode');
    expect(counts()).toEqual(before);
  });

  it('a gate lot nobody sold yet, and one waiting for its test', async () => {
    await admitCabbageLot(t, 'UNSOLD-1', supplierId);
    await refusedWith(gs1Scan('1', 'UNSOLD-1'), 'exitNotSold', 'admitted');
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const waiting = await t.call('checkEntry', {
      raw: gs1Scan('1', 'WAIT-1'),
      source: 'wedge',
      supplierId,
      varietyId: cabbage.id,
      quantity: 50,
      unit: 'kg',
      certificates: [{ type: 'commitment', number: 'C-WAIT-1', issuer: '南安合作社', issueDate: today }],
    });
    expect(waiting.view.lot.status).toBe('awaitingTest');
    await refusedWith(gs1Scan('1', 'WAIT-1'), 'exitNotSold', 'awaitingTest');
  });

  it('a held portion, and the market hears the alarm', async () => {
    const { child } = await soldPortion('HELD-1');
    await t.call('placeHold', { raw: child.code, note: '买家投诉' }, staff.manager.session);
    const alert = nextCoreEvent(t, 'alert', (a) => a.codeKey === child.code);
    await refusedWith(child.code, 'exitLotStopped', 'held');
    expect((await alert).status).toBe('held');
  });

  it('a recalled portion', async () => {
    const { child } = await soldPortion('RECALL-1');
    await t.call('startRecall', { scope: { kind: 'lot', raw: child.code }, reason: '农残超标', source: 'ownTest' }, staff.manager.session);
    await refusedWith(child.code, 'exitLotStopped', 'recalled');
  });

  it('a rejected lot', async () => {
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const rejected = await t.call('checkEntry', { raw: gs1Scan('1', 'REJ-1'), source: 'wedge', supplierId, varietyId: cabbage.id, quantity: 5, unit: 'kg', certificates: [] });
    expect(rejected.view.lot.status).toBe('rejected');
    await refusedWith(gs1Scan('1', 'REJ-1'), 'exitLotStopped', 'rejected');
  });

  it('a destroyed portion', async () => {
    const { child } = await soldPortion('GONE-1');
    await t.call('disposeLot', {
      raw: child.code,
      quantity: 10,
      unit: 'kg',
      reason: 'spoiled',
      method: 'other',
      methodText: '深埋',
      operatorPin: ADMIN_PIN,
      witnessId: staff.manager.id,
      witnessPin: MANAGER_PIN,
    });
    await refusedWith(child.code, 'exitLotStopped', 'destroyed');
  });
});

describe('exceptions for the manager', () => {
  it('an unsold lot, goods without a code and an unknown code are kept; a sold portion is not an exception', async () => {
    await admitCabbageLot(t, 'UNSOLD-X', supplierId);
    const unsold = await t.call('recordExitException', { raw: gs1Scan('1', 'UNSOLD-X'), vehicle: '闽D54321' }, staff.gatekeeper.session);
    expect(unsold).toMatchObject({ kind: 'unsold', status: 'admitted', code: lotRow(unsold.code!).id ? unsold.code : null, vehicle: '闽D54321', by: '陈门卫' });
    expect(lotRow(unsold.code!).zone).toBe('trading');
    const noCode = await t.call('recordExitException', { note: '三轮车拉走两筐无码青菜' }, staff.gatekeeper.session);
    expect(noCode).toMatchObject({ kind: 'noCode', lotId: null, note: '三轮车拉走两筐无码青菜' });
    const unknown = await t.call('recordExitException', { raw: 'FJ9999999999' }, staff.gatekeeper.session);
    expect(unknown).toMatchObject({ kind: 'noCode', lotId: null, scanned: 'FJ9999999999' });

    const { child } = await soldPortion('SOLD-X');
    const before = counts();
    expect((await apiError(t.call('recordExitException', { raw: child.code }, staff.gatekeeper.session))).params?.reason).toBe('exitExceptionNotNeeded');
    expect((await apiError(t.call('recordExitException', {}, staff.gatekeeper.session))).code).toBe('badRequest');
    expect(counts()).toEqual(before);

    const list = await t.call('listExitExceptions', {}, staff.manager.session);
    expect(list.total).toBe(3);
    expect(list.exceptions.map((x) => x.id)).toEqual([unknown.id, noCode.id, unsold.id]);
    expect((await apiError(t.call('listExitExceptions', {}, staff.gatekeeper.session))).code).toBe('forbidden');
    expect(t.rows("select count(*) as n from audit where action = 'exit.exception'")[0]!.n).toBe(3);
  });
});

describe('zones', () => {
  const move = (raw: string, zone: 'trading' | 'storage') => t.call('moveLotZone', { raw, zone }, staff.receiver.session);
  const zoneAudits = (lotId: string) =>
    t.rows("select before, after from audit where action = 'lot.zone' and subject_id = ? order by seq", lotId).map((r) => [JSON.parse(r.before).zone, JSON.parse(r.after).zone]);

  it('one scan moves a lot to storage and back, audited; a second read writes nothing', async () => {
    await admitCabbageLot(t, 'ZONE-1', supplierId);
    const raw = gs1Scan('1', 'ZONE-1');
    const stored = await move(raw, 'storage');
    expect(stored).toMatchObject({ moved: true, from: 'trading', view: { lot: { zone: 'storage' } } });
    const before = counts();
    expect(await move(raw, 'storage')).toMatchObject({ moved: false, from: 'storage' });
    expect(counts()).toEqual(before);
    expect((await move(raw, 'trading')).view.lot.zone).toBe('trading');
    expect(zoneAudits(stored.view.lot.id)).toEqual([
      ['trading', 'storage'],
      ['storage', 'trading'],
    ]);
    // The lot page (追溯) shows where it is.
    expect((await t.call('getLotDossier', { lotId: stored.view.lot.id }, staff.manager.session)).view.lot.zone).toBe('trading');
  });

  it('a held or recalled lot goes to storage but never to trading; a lot that left or was refused does not move', async () => {
    const { child: held } = await soldPortion('ZONE-HELD');
    await t.call('placeHold', { raw: held.code, note: '复检' }, staff.manager.session);
    const before = counts();
    expect((await apiError(move(held.code, 'trading'))).params).toMatchObject({ reason: 'zoneStopped', status: 'held' });
    expect(counts()).toEqual(before);
    expect((await move(held.code, 'storage')).view.lot.zone).toBe('storage');

    const { child: recalled } = await soldPortion('ZONE-RECALL');
    await t.call('startRecall', { scope: { kind: 'lot', raw: recalled.code }, reason: '通报', source: 'regulatorNotice' }, staff.manager.session);
    expect((await apiError(move(recalled.code, 'trading'))).params?.reason).toBe('zoneStopped');

    const { child: left } = await soldPortion('ZONE-LEFT');
    await t.call('exitLot', { raw: left.code }, staff.gatekeeper.session);
    const after = counts();
    expect((await apiError(move(left.code, 'storage'))).params?.reason).toBe('zoneLeft');
    expect((await apiError(move(gs1Scan('1', 'REJ-1'), 'storage'))).params).toMatchObject({ reason: 'zoneNotMovable', status: 'rejected' });
    expect((await apiError(t.call('moveLotZone', { raw: left.code, zone: 'storage' }, staff.gatekeeper.session))).code).toBe('forbidden');
    expect(counts()).toEqual(after);
  });
});

describe('日报: in vs. out per market day', () => {
  it('matches an independent count of entries, departures and exceptions', async () => {
    const day1 = today;
    // The next day: one more lot in, one portion out, one exception (as the admin: the staff's sessions idle out).
    later(24 * 3_600_000);
    const day2 = new Date(now).toLocaleDateString('sv');
    await admitCabbageLot(t, 'DAY2-1', supplierId);
    const child = await t.call('splitLot', { parentRaw: gs1Scan('1', 'DAY2-1'), quantity: 7.5, unit: 'kg', closing: false });
    await t.call('exitLot', { raw: child.code, vehicle: '闽A99999' });
    await t.call('recordExitException', { note: '无码货物' });

    const report = await t.call('getDayReport', { from: day1, to: day2 });
    const sql = (q: string) => new Map(t.rows(q).map((r) => [r.day as string, r]));
    const ins = sql(`select substr(e.created_at, 1, 10) as day, count(*) as lots, sum(l.quantity) as kg from lots l join entry_checks e on e.lot_id = l.id
                      where l.parent_lot_id is null and e.outcome <> 'reject' group by day`);
    const outs = sql('select substr(d.created_at, 1, 10) as day, count(*) as lots, sum(l.quantity) as kg from departures d join lots l on l.id = d.lot_id group by day');
    const exceptions = sql('select substr(created_at, 1, 10) as day, count(*) as n from exit_exceptions group by day');
    expect(report.gateFlow.days.map((d) => d.day)).toEqual([day1, day2]);
    for (const d of report.gateFlow.days) {
      expect([d.in.lots, d.in.kg, d.out.lots, d.out.kg, d.exceptions], d.day).toEqual([
        ins.get(d.day)?.lots ?? 0,
        ins.get(d.day)?.kg ?? 0,
        outs.get(d.day)?.lots ?? 0,
        outs.get(d.day)?.kg ?? 0,
        exceptions.get(d.day)?.n ?? 0,
      ]);
    }
    // Not vacuous: both days have traffic both ways.
    expect(report.gateFlow.days.map((d) => [d.in.lots > 0, d.out.lots > 0, d.exceptions > 0])).toEqual([
      [true, true, true],
      [true, true, true],
    ]);
    expect(report.gateFlow.days[1]).toMatchObject({ in: { lots: 1, kg: 100 }, out: { lots: 1, kg: 7.5 }, exceptions: 1 });
  });
});
