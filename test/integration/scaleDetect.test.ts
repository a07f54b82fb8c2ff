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

  for (const id of ['ascii-st-gs', 'toledo-continuous', 'yaohua-a9', 'mt-sics', 'toledo-8217', 'retail-enq-dc1']) {
    it(`finds ${id}`, async () => {
      pty = await openPtyPair();
      sim = new ScaleSimulator({ path: pty.b, protocol: protocolById(id)!, intervalMs: 50 });
      sim.put(1.234);
      await sim.plug();
      const started = Date.now();
      const candidates = await detectScale(pty.a, { listenMs: 400 });
      expect(candidates[0]?.protocol.id).toBe(id);
      expect(candidates[0].baudRate).toBe(9600);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  }

  it('proposes nothing on a silent port', async () => {
    pty = await openPtyPair();
    expect(await detectScale(pty.a, { baudRates: [9600, 4800], listenMs: 150 })).toEqual([]);
  });
});
