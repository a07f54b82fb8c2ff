import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisposeInput, ShredderSettings, ShredderState, Weight } from '../../shared/contract';
import { protocolById } from '../../drivers/scale/protocols';
import { ScaleSimulator } from '../../drivers/scale/simulator';
import { ModbusMeterSimulator, openPtyPair, RunSensorBox, type PtyPair } from '../../drivers/shredder/simulator';
import { apiError, gs1Scan, nextCoreEvent, startTestCore, type TestCore } from '../support/core';
import { lotWithDescendants, pdfText, photoDataUrl, PINS, seedStaff, type LotTreeFixture, type Staff } from '../support/disposal';

let t: TestCore;
let staff: Staff;
let tree: LotTreeFixture;
let pty: PtyPair | undefined;
const cleanups: (() => Promise<void>)[] = [];

const NO_DEVICE: ShredderSettings = {
  mode: 'none',
  path: '',
  baudRate: null,
  modbus: { unitId: 1, table: 'input', address: 6, type: 'float32', wordOrder: 'highFirst', scale: 1, startAmps: 1, stopAmps: 0.8 },
};

/** The inspector destroys `raw` with the manager as witness; `over` changes any field. */
function dispose(over: Partial<DisposeInput> = {}) {
  const input: DisposeInput = {
    raw: tree.parentRaw,
    quantity: 100,
    unit: 'kg',
    reason: 'testFailed',
    method: 'shredding',
    operatorPin: PINS.inspector,
    witnessId: staff.manager.id,
    witnessPin: PINS.manager,
    ...over,
  };
  return t.call('disposeLot', input, staff.inspector.session);
}

const lotStatuses = () => t.rows('select code_key, status, zone from lots order by created_at, id');
const count = (table: string) => t.rows(`select count(*) n from ${table}`)[0]!.n as number;
const stateWhere = (test: (s: ShredderState) => boolean, ms = 10_000) => nextCoreEvent(t, 'shredderStatus', test, ms);

async function fitShredder(settings: Partial<ShredderSettings>) {
  const connected = settings.mode === 'none' ? null : stateWhere((s) => s.mode === settings.mode && s.state === 'connected');
  const saved = await t.call('saveShredderSettings', { ...NO_DEVICE, ...settings });
  await connected;
  return saved;
}

beforeEach(async () => {
  t = await startTestCore();
  staff = await seedStaff(t);
  tree = await lotWithDescendants(t);
});
afterEach(async () => {
  await t.core.close();
  t.close();
  for (const c of cleanups.splice(0).reverse()) await c();
  if (pty) {
    await pty.close();
    await rm(pty.dir, { recursive: true, force: true });
    pty = undefined;
  }
});

describe('two people confirm', () => {
  it('refuses a wrong PIN, the operator as their own witness and a vendor witness, writing nothing', async () => {
    const before = lotStatuses();
    expect(await apiError(dispose({ operatorPin: '0000' }))).toMatchObject({ code: 'badPin', params: { reason: 'operatorPin' } });
    expect(await apiError(dispose({ witnessPin: '0000' }))).toMatchObject({ code: 'badPin', params: { reason: 'witnessPin' } });
    expect(await apiError(dispose({ witnessId: staff.inspector.id, witnessPin: PINS.inspector }))).toMatchObject({ code: 'badRequest', params: { reason: 'witnessSameAsOperator' } });
    expect(await apiError(dispose({ witnessId: staff.vendor.id, witnessPin: PINS.vendor }))).toMatchObject({ code: 'badRequest', params: { reason: 'witnessNotAllowed' } });
    // A receiver may not dispose at all.
    const receiverSession = (await t.call('signIn', { operatorId: staff.receiver.id, pin: PINS.receiver })).sessionId;
    expect(
      (
        await apiError(
          t.call(
            'disposeLot',
            { raw: tree.parentRaw, quantity: 1, unit: 'kg', reason: 'other', method: 'other', operatorPin: PINS.receiver, witnessId: staff.manager.id, witnessPin: PINS.manager },
            receiverSession,
          ),
        )
      ).code,
    ).toBe('forbidden');
    expect(await apiError(dispose({ raw: gs1Scan('9', 'NOPE') }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    expect(await apiError(dispose({ unit: 'piece' }))).toMatchObject({ code: 'badRequest', params: { reason: 'unitMismatch', unit: 'kg' } });
    expect([count('disposals'), count('disposal_lots')]).toEqual([0, 0]);
    expect(lotStatuses()).toEqual(before);
  });

  it('checks each PIN as it is entered, by the same rules, writing nothing', async () => {
    const check = (input: Parameters<typeof t.call<'checkDisposalPin'>>[1]) => t.call('checkDisposalPin', input, staff.inspector.session);
    const outboxBefore = count('outbox');
    expect(await apiError(check({ who: 'operator', pin: '0000' }))).toMatchObject({ code: 'badPin', params: { reason: 'operatorPin' } });
    expect(await check({ who: 'operator', pin: PINS.inspector })).toEqual({ ok: true });
    expect(await apiError(check({ who: 'witness', witnessId: staff.manager.id, pin: '0000' }))).toMatchObject({ code: 'badPin', params: { reason: 'witnessPin' } });
    expect(await apiError(check({ who: 'witness', witnessId: staff.inspector.id, pin: PINS.inspector }))).toMatchObject({ params: { reason: 'witnessSameAsOperator' } });
    expect(await apiError(check({ who: 'witness', witnessId: staff.vendor.id, pin: PINS.vendor }))).toMatchObject({ params: { reason: 'witnessNotAllowed' } });
    expect(await check({ who: 'witness', witnessId: staff.manager.id, pin: PINS.manager })).toEqual({ ok: true });
    expect([count('disposals'), count('disposal_lots'), count('outbox')]).toEqual([0, 0, outboxBefore]);
  });
});

describe('disposing a lot', () => {
  it('destroys what the market holds of the lot, keeps the certificate and photos; the portions sold from it stay with their buyers', async () => {
    const before = lotStatuses();
    const alert = nextCoreEvent(t, 'alert', (a) => a.status === 'destroyed');
    const lotStatus = nextCoreEvent(t, 'lotStatus', (p) => p.changes.some((c) => c.status === 'destroyed'));
    // 100 kg came in, 30 kg were sold in two portions: the 70 kg left at the stall are destroyed.
    const d = await dispose({ quantity: 70, reasonText: '农残超标', photoBefore: photoDataUrl('#2a8'), photoAfter: photoDataUrl('#a52') });
    expect(await alert).toMatchObject({ status: 'destroyed' });

    expect(d).toMatchObject({ code: expect.stringContaining('D1'), varietyName: '白菜', quantity: 70, unit: 'kg', weighed: false, reason: 'testFailed', reasonText: '农残超标', method: 'shredding' });
    expect(d).toMatchObject({ operatorName: '林检测', witnessName: '王经理', shredder: null, flag: null, hasPhotos: { before: true, after: true } });
    expect(d.certificateNumber).toMatch(/^XH3050102-\d{8}-001$/);
    expect(d.blockedCodes).toEqual([d.code]);

    // Only the lot itself changed; its portions (two sold, one sold on again) keep their state.
    const after = lotStatuses();
    expect(after[0]).toMatchObject({ status: 'destroyed', zone: 'none' });
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after.slice(1).map((l) => l.status)).toEqual(['admitted', 'admitted', 'admitted']);
    const lotId = t.rows('select id from lots where parent_lot_id is null')[0]!.id as string;
    expect((await lotStatus).changes).toEqual([{ lotId, status: 'destroyed' }]);
    expect(t.rows('select dl.prior_status, l.code_key from disposal_lots dl join lots l on l.id = dl.lot_id where dl.disposal_id = ?', d.id)).toEqual([
      { prior_status: 'admitted', code_key: before[0]!.code_key },
    ]);
    expect(t.rows("select subject_id from audit where action = 'disposal'").map((r) => r.subject_id)).toEqual([lotId]);
    const [row] = t.rows('select operator_id, witness_id, length(photo_before) b, length(photo_after) a, substr(certificate_pdf, 1, 5) magic, shredder_mode, flag from disposals');
    expect(row).toMatchObject({ operator_id: staff.inspector.id, witness_id: staff.manager.id, shredder_mode: null, flag: null });
    expect(row!.b).toBeGreaterThan(500);
    expect(row!.a).toBeGreaterThan(500);
    expect(Buffer.from(row!.magic).toString('latin1')).toBe('%PDF-');

    // The upload record names the lot destroyed with the certificate's quantity, and nothing else.
    const [record] = t.rows("select o.lot_id, b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'disposal'");
    expect(record!.lot_id).toBe(lotId);
    expect(JSON.parse(record!.payload as string).lots).toEqual([expect.objectContaining({ id: lotId, code: before[0]!.code_key, quantity: 70, unit: 'kg' })]);
    expect((JSON.parse(record!.events as string) as { action: string; disposition: string; quantityList: unknown[] }[]).map((e) => [e.action, e.disposition, e.quantityList.length])).toEqual([
      ['DELETE', 'destroyed', 1],
    ]);

    // A later scan of the lot: destroyed, with the red alert; of a portion sold before: what it was,
    // with its buyer (the goods were sold before, the disposal is not about them).
    const { view } = await t.call('lookupCode', { raw: tree.parentRaw });
    expect(view).toMatchObject({ lot: { status: 'destroyed', zone: 'none' }, alert: true });
    expect((await t.call('lookupCode', { raw: tree.grandchild })).view).toMatchObject({ lot: { status: 'admitted' }, alert: false });
    expect(
      (await t.call('checkEntry', { raw: tree.parentRaw, source: 'wedge', supplierId: view!.lot.supplierId, varietyId: view!.lot.varietyId, quantity: 1, unit: 'kg', certificates: [] })).view.lot
        .status,
    ).toBe('destroyed');
    expect((await apiError(t.call('splitLot', { parentRaw: tree.parentRaw, quantity: 1, unit: 'kg', closing: false }))).params).toMatchObject({ reason: 'parentNotSellable', status: 'destroyed' });
    expect((await apiError(dispose())).params?.reason).toBe('alreadyDestroyed');
    expect(count('disposals')).toBe(1);

    expect(await t.call('listDisposals', { limit: 10 }, staff.inspector.session)).toEqual([d]);
    const cert = await t.call('getDisposalCertificate', { disposalId: d.id }, staff.inspector.session);
    expect(cert.fileName).toBe(`销毁证明-${d.certificateNumber}.pdf`);
    const text = await pdfText(cert.pdf);
    for (const s of [d.certificateNumber, d.code, '林检测', '王经理', '白菜', '检测不合格', '附：已分装售出子码清单（共 3 个，不在本次销毁之列）', ...tree.children, tree.grandchild])
      expect(text).toContain(s);
    expect(text).toMatch(/销毁数量\s+70(\.000)? 公斤/);
  });

  it('numbers the day’s certificates in sequence; a portion brought back is destroyed by its own code', async () => {
    const first = await dispose({ raw: tree.children[1]!, quantity: 10, reason: 'spoiled', method: 'other', methodText: '深埋' });
    const second = await dispose({ raw: tree.children[0]!, quantity: 15, reason: 'expired' });
    expect(first.certificateNumber.slice(-4)).toBe('-001');
    expect(second.certificateNumber).toBe(first.certificateNumber.replace(/-001$/, '-002'));
    expect([first.blockedCodes, second.blockedCodes]).toEqual([[first.code], [second.code]]);
    // The parent afterwards: only itself; the grandchild sold on from the first portion is its buyer's.
    const parent = await dispose({ quantity: 70 });
    expect(parent.blockedCodes).toEqual([parent.code]);
    expect(t.rows('select count(*) n from disposal_lots')[0]!.n).toBe(3);
    expect(lotStatuses().map((l) => l.status)).toEqual(['destroyed', 'destroyed', 'destroyed', 'admitted']);
  });

  it('a held lot: only the lot leaves its hold; the portions stay held under it (red when scanned) until it is released', async () => {
    const hold = await t.call('placeHold', { raw: tree.parentRaw, note: '阳性复核' }, staff.manager.session);
    expect(lotStatuses().map((l) => l.status)).toEqual(['held', 'held', 'held', 'held']);
    await dispose({ quantity: 70 });
    expect(lotStatuses().map((l) => l.status)).toEqual(['destroyed', 'held', 'held', 'held']);
    expect(t.rows('select status from holds where id = ?', hold.id)).toEqual([{ status: 'active' }]);
    expect(t.rows('select prior_status from disposal_lots')).toEqual([{ prior_status: 'held' }]);
    expect((await t.call('lookupCode', { raw: tree.grandchild })).view).toMatchObject({ lot: { status: 'held' }, alert: true });
    expect(await apiError(t.call('splitLot', { parentRaw: tree.children[0]!, quantity: 1, unit: 'kg', closing: false }))).toMatchObject({ params: { reason: 'parentNotSellable', status: 'held' } });

    // A portion brought back and destroyed: still under the hold with the others.
    await dispose({ raw: tree.children[1]!, quantity: 10 });
    expect(t.rows('select status from holds where id = ?', hold.id)).toEqual([{ status: 'active' }]);
    // The release: the portions back with their buyers, the destroyed lots stay destroyed.
    await t.call('releaseHold', { holdId: hold.id, reason: '复检阴性' }, staff.manager.session);
    expect(lotStatuses().map((l) => l.status)).toEqual(['destroyed', 'admitted', 'destroyed', 'admitted']);

    // A hold whose every lot is destroyed ends as disposed.
    const own = await t.call('placeHold', { raw: tree.grandchild, note: '买方退回' }, staff.manager.session);
    await dispose({ raw: tree.grandchild, quantity: 5 });
    expect(t.rows('select status from holds where id = ?', own.id)).toEqual([{ status: 'disposed' }]);
  });
});

describe('shredder logging', () => {
  it('serial run-sensor box: the run between startShredding and disposeLot is recorded with its evidence', async () => {
    pty = await openPtyPair();
    const box = new RunSensorBox({ path: pty.b, heartbeatMs: 200 });
    await box.plug();
    cleanups.push(() => box.unplug());
    await fitShredder({ mode: 'serial', path: pty.a, baudRate: 9600 });
    expect(await t.call('getShredderSettings', {}, staff.inspector.session)).toMatchObject({ mode: 'serial', path: pty.a });

    const { shreddingId } = await t.call('startShredding', { method: 'shredding' }, staff.inspector.session);
    const running = stateWhere((s) => s.running);
    box.startRun();
    await running;
    expect((await t.call('shredderStatus', {}, staff.inspector.session)).running).toBe(true);
    const done = stateWhere((s) => !s.running && s.lastRun !== null);
    box.stopRun();
    const { lastRun } = await done;

    const d = await dispose({ shreddingId });
    expect(d.flag).toBeNull();
    expect(d.shredder).toMatchObject({ mode: 'serial', startedAt: lastRun!.startedAt, endedAt: lastRun!.endedAt, durationMs: lastRun!.durationMs, evidence: { counter: 1, startSeen: true } });
    const [row] = t.rows('select shredder_mode, run_started_at, run_ended_at, run_duration_ms, run_evidence, flag from disposals');
    expect(row).toMatchObject({ shredder_mode: 'serial', run_duration_ms: lastRun!.durationMs, flag: null });
    expect(row!.run_ended_at - row!.run_started_at).toBe(row!.run_duration_ms);
    expect(JSON.parse(row!.run_evidence)).toMatchObject({ counter: 1 });
    expect(await pdfText((await t.call('getDisposalCertificate', { disposalId: d.id })).pdf)).not.toContain('未检测到粉碎机运行');
  });

  it('a fitted device that saw no run: the disposal is recorded, flagged, and shown flagged', async () => {
    pty = await openPtyPair();
    const box = new RunSensorBox({ path: pty.b, heartbeatMs: 200 });
    await box.plug();
    cleanups.push(() => box.unplug());
    await fitShredder({ mode: 'serial', path: pty.a });
    const { shreddingId } = await t.call('startShredding', {}, staff.inspector.session);
    const d = await dispose({ shreddingId });
    expect(d).toMatchObject({ flag: 'noRunDetected', shredder: null });
    expect(t.rows('select flag, shredder_mode from disposals')).toEqual([{ flag: 'noRunDetected', shredder_mode: 'serial' }]);
    expect(lotStatuses().map((l) => l.status)).toEqual(['destroyed', 'admitted', 'admitted', 'admitted']);
    expect((await t.call('listDisposals', { limit: 5 }))[0]!.flag).toBe('noRunDetected');
    expect(await pdfText((await t.call('getDisposalCertificate', { disposalId: d.id })).pdf)).toContain('未检测到粉碎机运行');
  });

  it('a method other than shredding expects no run, device or not', async () => {
    pty = await openPtyPair();
    const box = new RunSensorBox({ path: pty.b, heartbeatMs: 200 });
    await box.plug();
    cleanups.push(() => box.unplug());
    await fitShredder({ mode: 'serial', path: pty.a });
    const d = await dispose({ method: 'other', methodText: '化学消毒后填埋' });
    expect(d).toMatchObject({ flag: null, shredder: null, method: 'other', methodText: '化学消毒后填埋' });
  });

  it('Modbus current meter: current above the threshold, then below → a run with peak and mean current', async () => {
    pty = await openPtyPair();
    const meter = new ModbusMeterSimulator({ path: pty.b });
    await meter.plug();
    cleanups.push(() => meter.unplug());
    await fitShredder({ mode: 'modbus', path: pty.a, baudRate: 9600 });

    const { shreddingId } = await t.call('startShredding', {}, staff.inspector.session);
    const running = stateWhere((s) => s.running, 15_000);
    meter.setCurrent(3.5);
    await running;
    const done = stateWhere((s) => !s.running && s.lastRun !== null, 15_000);
    meter.setCurrent(0.1);
    await done;

    const d = await dispose({ shreddingId });
    expect(d.flag).toBeNull();
    expect(d.shredder).toMatchObject({ mode: 'modbus', evidence: { peakAmps: 3.5, endReason: 'currentDropped' } });
    expect(d.shredder!.durationMs).toBeGreaterThan(0);
    const e = d.shredder!.evidence as { meanAmps: number; samples: number };
    expect(e.meanAmps).toBeGreaterThan(1);
    expect(e.meanAmps).toBeLessThanOrEqual(3.5);
  });

  it('manual confirmation: 开始粉碎 and 粉碎完成 are the run', async () => {
    await fitShredder({ mode: 'manual' });
    const { shreddingId, startedAt } = await t.call('startShredding', {}, staff.inspector.session);
    expect((await t.call('shredderStatus', {})).running).toBe(true);
    await t.call('stopShredding', { shreddingId }, staff.inspector.session);
    expect((await t.call('shredderStatus', {})).running).toBe(false);
    const d = await dispose({ shreddingId });
    expect(d.flag).toBeNull();
    expect(d.shredder).toMatchObject({ mode: 'manual', startedAt, evidence: { mode: 'manual' } });
    expect(d.shredder!.durationMs).toBe(d.shredder!.endedAt - d.shredder!.startedAt);
    expect((await apiError(t.call('stopShredding', { shreddingId }))).params?.reason).toBe('unknownShredding');
  });

  it('manual mode without 开始粉碎 is flagged; the settings are checked', async () => {
    await fitShredder({ mode: 'manual' });
    expect((await dispose()).flag).toBe('noRunDetected');
    const bad = await apiError(t.call('saveShredderSettings', { ...NO_DEVICE, mode: 'serial', path: ' ' }));
    expect(bad.issues).toEqual([{ path: 'path', code: 'required' }]);
    expect((await apiError(t.call('saveShredderSettings', { ...NO_DEVICE, mode: 'none' }, staff.manager.session))).code).toBe('forbidden');
  });
});

describe('weighing the goods', () => {
  let sim: ScaleSimulator | undefined;
  afterEach(async () => {
    await sim?.unplug();
    sim = undefined;
  });

  function weightWhere(test: (w: Weight) => boolean) {
    return nextCoreEvent(t, 'weight', test);
  }

  it('takes only the stable reading, once, before the goods go into the shredder', async () => {
    pty = await openPtyPair();
    sim = new ScaleSimulator({ path: pty.b, protocol: protocolById('ascii-st-gs')!, intervalMs: 40 });
    await sim.plug();
    const scale = await t.call('saveScale', { name: '销毁秤', path: pty.a, protocolId: 'ascii-st-gs', baudRate: null, stableReadings: 4 });

    sim.put(12.5);
    sim.wobble(5_000);
    await weightWhere((w) => w.kind === 'reading' && !w.stable);
    expect((await apiError(dispose({ quantity: 12.5, scaleId: scale.id }))).params?.reason).toBe('weightNotStable');
    expect((await apiError(t.call('startShredding', { weighed: { scaleId: scale.id, quantity: 12.5 } }, staff.inspector.session))).params?.reason).toBe('weightNotStable');

    sim.put(12.5);
    sim.settle();
    await weightWhere((w) => w.stable && Math.abs(w.kg! - 12.5) < 1e-9);
    const { shreddingId, weighedKg } = await t.call('startShredding', { weighed: { scaleId: scale.id, quantity: 12.5 } }, staff.inspector.session);
    expect(weighedKg).toBe(12.5);
    // The same goods are not weighed twice.
    expect((await apiError(t.call('startShredding', { weighed: { scaleId: scale.id, quantity: 12.5 } }, staff.inspector.session))).params?.reason).toBe('weightAlreadyUsed');
    // The plate is empty now (the goods went in): the window keeps the reading.
    sim.put(0);
    sim.settle();
    await weightWhere((w) => w.stable && w.kg === 0);
    expect((await apiError(dispose({ quantity: 12.4, scaleId: scale.id, shreddingId }))).params?.reason).toBe('weightChanged');
    const d = await dispose({ quantity: 12.5, scaleId: scale.id, shreddingId });
    expect(d).toMatchObject({ quantity: 12.5, weighed: true });
    expect(t.rows('select quantity, weighed from disposals')).toEqual([{ quantity: 12.5, weighed: 1 }]);
  });
});
