import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weight } from '../../shared/contract';
import { protocolById } from '../../drivers/scale/protocols';
import { openPtyPair, ScaleSimulator, type PtyPair } from '../../drivers/scale/simulator';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
let pty: PtyPair;
let sim: ScaleSimulator;

/** The first pushed weight that passes `test`, event-driven and bounded. */
function weightWhere(test: (w: Weight) => boolean, ms = 5000): Promise<Weight> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('no such weight pushed'))), ms);
    const off = t.core.onEvent((event, payload) => {
      if (event === 'weight' && test(payload as Weight)) {
        clearTimeout(timer);
        off();
        resolve(payload as Weight);
      }
    });
  });
}

async function connectScale(protocolId: string) {
  sim = new ScaleSimulator({ path: pty.b, protocol: protocolById(protocolId)!, intervalMs: 40 });
  await sim.plug();
  return t.call('saveScale', { name: '1号秤', path: pty.a, protocolId, baudRate: null, stableReadings: 4 });
}

beforeEach(async () => {
  t = await startTestCore();
  pty = await openPtyPair();
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await sim?.unplug();
  await pty.close();
});

describe('scales on the Node side', () => {
  it('pushes the live weight to every screen and reports only a fresh stable reading as usable', async () => {
    const scale = await connectScale('ascii-st-gs');
    sim.put(1.234);
    sim.settle();
    const w = await weightWhere((x) => x.kind === 'reading' && x.stable && Math.abs(x.kg! - 1.234) < 1e-9);
    expect(w).toMatchObject({ scaleId: scale.id, net: false });
    const [listed] = await t.call('listScales', {});
    expect(listed.status.state).toBe('connected');
    expect(listed.weight).toMatchObject({ kind: 'reading', stable: true });
    sim.overload();
    await weightWhere((x) => x.kind === 'overload' && x.kg === null && !x.stable);
  });

  it('tares through the protocol when it can, and says clearly when it cannot', async () => {
    const ascii = await connectScale('ascii-st-gs');
    expect((await apiError(t.call('scaleCommand', { scaleId: ascii.id, command: 'tare' }))).params?.reason).toBe('commandUnsupported');
    await sim.unplug();
    const mt = await connectScale('mt-sics');
    sim.put(2.5);
    sim.settle();
    await weightWhere((x) => x.scaleId === mt.id && x.stable && Math.abs(x.kg! - 2.5) < 1e-9);
    await t.call('scaleCommand', { scaleId: mt.id, command: 'tare' });
    await weightWhere((x) => x.scaleId === mt.id && x.stable && Math.abs(x.kg!) < 1e-9);
    expect((await t.call('listScaleProtocols', {})).find((p) => p.id === 'mt-sics')?.commands).toEqual(expect.arrayContaining(['zero', 'tare']));
  });

  it('sells a portion only on the fresh, stable weight the scale shows', async () => {
    await t.call('setStationId', { stationId: '3050102', name: '2号摊' });
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const today = new Date().toLocaleDateString('sv');
    const parentRaw = gs1Scan('1', 'W1');
    await t.call('checkEntry', {
      raw: parentRaw,
      source: 'wedge',
      supplierId: supplier.id,
      varietyId: cabbage.id,
      quantity: 50,
      unit: 'kg',
      certificates: [
        { type: 'commitment', number: 'C-W1', issuer: '合作社', issueDate: today },
        { type: 'testReport', number: 'T-W1', issuer: '检测站', issueDate: today },
      ],
    });
    const scale = await connectScale('ascii-st-gs');
    sim.put(1.234);
    sim.settle();
    await weightWhere((x) => x.stable && Math.abs(x.kg! - 1.234) < 1e-9);
    const sale = { parentRaw, unit: 'kg' as const, scaleId: scale.id, closing: false };
    expect((await apiError(t.call('splitLot', { ...sale, quantity: 1.3 }))).params).toMatchObject({ reason: 'weightChanged', kg: 1.234 });
    const r = await t.call('splitLot', { ...sale, quantity: 1.234 });
    expect(r.child.lot.quantity).toBe(1.234);
    // The same goods still on the plate are not sold twice…
    expect((await apiError(t.call('splitLot', { ...sale, quantity: 1.234 }))).params?.reason).toBe('weightAlreadyUsed');
    // …but the next goods are, once the plate has changed.
    sim.put(0.8);
    sim.settle();
    await weightWhere((x) => x.stable && Math.abs(x.kg! - 0.8) < 1e-9);
    expect((await t.call('splitLot', { ...sale, quantity: 0.8 })).child.lot.quantity).toBe(0.8);
    sim.wobble(5_000);
    await weightWhere((x) => x.kind === 'reading' && !x.stable);
    expect((await apiError(t.call('splitLot', { ...sale, quantity: 0.8 }))).params?.reason).toBe('weightNotStable');
    expect(t.rows(`select count(*) n from lots where code_kind = 'own'`)[0].n).toBe(2);
  });

  it('weighs an arriving lot at the receiving desk: only a fresh, stable reading, and never twice', async () => {
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const today = new Date().toLocaleDateString('sv');
    const entry = (batch: string, quantity: number, scaleId: string) => ({
      raw: gs1Scan('1', batch),
      source: 'wedge' as const,
      supplierId: supplier.id,
      varietyId: cabbage.id,
      quantity,
      unit: 'kg' as const,
      scaleId,
      certificates: [
        { type: 'commitment' as const, number: `C-${batch}`, issuer: '合作社', issueDate: today },
        { type: 'testReport' as const, number: `T-${batch}`, issuer: '检测站', issueDate: today },
      ],
    });
    const scale = await connectScale('ascii-st-gs');
    sim.put(23.45);
    sim.settle();
    await weightWhere((x) => x.stable && Math.abs(x.kg! - 23.45) < 1e-9);
    expect((await apiError(t.call('checkEntry', entry('R1', 20, scale.id)))).params).toMatchObject({ reason: 'weightChanged', kg: 23.45 });
    const { view } = await t.call('checkEntry', entry('R1', 23.45, scale.id));
    expect(view.lot.quantity).toBe(23.45);
    // The same crate left on the platform is not a second lot's weight.
    expect((await apiError(t.call('checkEntry', entry('R2', 23.45, scale.id)))).params?.reason).toBe('weightAlreadyUsed');
    sim.wobble(5_000);
    await weightWhere((x) => x.kind === 'reading' && !x.stable);
    expect((await apiError(t.call('checkEntry', entry('R2', 23.45, scale.id)))).params?.reason).toBe('weightNotStable');
    // A refused weighing wrote nothing.
    expect(t.rows('select quantity from lots order by created_at')).toEqual([{ quantity: 23.45 }]);
    expect(t.rows('select count(*) n from entry_checks')[0].n).toBe(1);
  });

  it('a negative reading (below zero after tare) is pushed as negative, stable or not, and never weighs a lot', async () => {
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const today = new Date().toLocaleDateString('sv');
    const scale = await connectScale('ascii-st-gs');
    sim.put(-0.25);
    const w = await weightWhere((x) => x.kind === 'reading' && x.stable && x.kg === -0.25);
    expect(w.scaleId).toBe(scale.id);
    const refused = await apiError(
      t.call('checkEntry', {
        raw: gs1Scan('1', 'N1'),
        source: 'wedge',
        supplierId: supplier.id,
        varietyId: cabbage.id,
        quantity: 0.25,
        unit: 'kg',
        scaleId: scale.id,
        certificates: [
          { type: 'commitment', number: 'C-N1', issuer: '合作社', issueDate: today },
          { type: 'testReport', number: 'T-N1', issuer: '检测站', issueDate: today },
        ],
      }),
    );
    expect(refused.params).toMatchObject({ reason: 'weightNegative', kg: -0.25 });
    expect(t.rows('select count(*) n from lots')[0].n).toBe(0);
  });

  it('lists serial ports where udevadm is missing (containers, minimal installs), never an internal error', async () => {
    const ports = await t.call('listScalePorts', {});
    expect(Array.isArray(ports)).toBe(true);
  });

  it('auto-detect borrows the port from its configured scale and gives it back; a removed scale lets go', async () => {
    const scale = await connectScale('ascii-st-gs');
    sim.put(3.2);
    sim.settle();
    await weightWhere((x) => x.stable && Math.abs(x.kg! - 3.2) < 1e-9);
    const candidates = await t.call('detectScale', { path: pty.a });
    expect(candidates[0]).toMatchObject({ protocolId: 'ascii-st-gs', baudRate: 9600, kg: 3.2, ambiguous: false });
    // Reconnected after detection: weights flow again.
    sim.put(3.3);
    await weightWhere((x) => x.scaleId === scale.id && x.stable && Math.abs(x.kg! - 3.3) < 1e-9);
    await t.call('removeScale', { id: scale.id });
    expect(await t.call('listScales', {})).toEqual([]);
    expect((await apiError(t.call('removeScale', { id: scale.id }))).code).toBe('notFound');
    // The port is free again: detection opens it without a busy error.
    expect((await t.call('detectScale', { path: pty.a }))[0]?.protocolId).toBe('ascii-st-gs');
  });
});
