import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weight } from '../../shared/contract';
import { protocolById } from '../../drivers/scale/protocols';
import { openPtyPair, ScaleSimulator, type PtyPair } from '../../drivers/scale/simulator';
import { apiError, startTestCore, type TestCore } from '../support/core';

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
});
