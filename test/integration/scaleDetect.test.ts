import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { detectScale } from '../../drivers/scale/autodetect';
import { protocolById } from '../../drivers/scale/protocols';
import { ScaleSimulator, openPtyPair, type PtyPair } from '../../drivers/scale/simulator';

/** On a PTY the baud rate is ignored, so these check that the protocol is found. */
describe('scale auto-detection over a PTY', () => {
  let pty: PtyPair | undefined;
  let sim: ScaleSimulator | undefined;
  afterEach(async () => {
    await sim?.unplug();
    await pty?.close();
    if (pty) await rm(pty.dir, { recursive: true, force: true });
    pty = sim = undefined;
  });

  async function scaleSending(id: string, kg: number) {
    pty = await openPtyPair();
    sim = new ScaleSimulator({ path: pty.b, protocol: protocolById(id)!, intervalMs: 50 });
    sim.put(kg);
    await sim.plug();
    return pty.a;
  }

  for (const id of ['ascii-st-gs', 'toledo-continuous', 'toledo-continuous-chk', 'yaohua-a9', 'mt-sics', 'toledo-8217', 'yaohua-equals-reversed', 'yaohua-equals-normal', 'retail-enq-dc1']) {
    it(`finds ${id}`, async () => {
      const path = await scaleSending(id, 1.234);
      const started = Date.now();
      const candidates = await detectScale(path, { listenMs: 400 });
      expect(candidates[0]?.protocol.id).toBe(id);
      expect(candidates[0].baudRate).toBe(9600);
      expect(candidates[0].ambiguous).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  }

  it('耀华 "=" at 10 kg, which both digit orders read: both proposed as ambiguous; the known weight settles it', async () => {
    const path = await scaleSending('yaohua-equals-reversed', 10);
    const tied = await detectScale(path, { baudRates: [9600], listenMs: 400 });
    expect(tied.map((c) => [c.protocol.id, c.ambiguous, c.readings.at(-1)])).toEqual([
      ['yaohua-equals-reversed', true, 10],
      ['yaohua-equals-normal', true, 0.01],
    ]);
    const known = await detectScale(path, { baudRates: [9600], listenMs: 400, knownKg: 10 });
    expect(known.map((c) => [c.protocol.id, c.ambiguous])).toEqual([['yaohua-equals-reversed', false]]);
  });

  it('proposes nothing on a silent port', async () => {
    pty = await openPtyPair();
    expect(await detectScale(pty.a, { baudRates: [9600, 4800], listenMs: 150 })).toEqual([]);
  });
});
