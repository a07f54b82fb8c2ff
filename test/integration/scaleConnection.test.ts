import { afterEach, describe, expect, it } from 'vitest';
import { ScaleConnection } from '../../drivers/scale/connection';
import { near, nextEvent, readingWhere, rig, statusIs } from './scaleHarness';

/** A simulated scale on one end of a real PTY pair, the station's connection on the other. */
describe('scale connection over a PTY', () => {
  let current: Awaited<ReturnType<typeof rig>> | undefined;
  const setup = async (...args: Parameters<typeof rig>) => (current = await rig(...args));
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  for (const id of ['ascii-st-gs', 'toledo-continuous', 'yaohua-a9', 'mt-sics', 'toledo-8217', 'retail-enq-dc1']) {
    it(`${id}: readings flow, unstable while wobbling, then stable`, async () => {
      const { sim, conn } = await setup(id);
      sim.put(1.25);
      const connected = nextEvent(conn, statusIs('connected'));
      conn.start();
      await connected;
      await nextEvent(
        conn,
        readingWhere((r) => r.stable && near(r.kg, 1.25)),
      );
      sim.wobble(400);
      // 8217 sends no weight while in motion, only a status: 'busy', and latest() has nothing.
      await nextEvent(conn, id === 'toledo-8217' ? (e) => e.type === 'busy' : readingWhere((r) => !r.stable));
      if (id === 'toledo-8217') expect(conn.latest()).toBeNull();
      const settled = await nextEvent(
        conn,
        readingWhere((r) => r.stable),
      );
      expect(settled.type === 'reading' && settled.reading.kg).toBeCloseTo(1.25, 6);
      expect(conn.latest()?.kg).toBeCloseTo(1.25, 6);
    });
  }

  for (const id of ['yaohua-equals', 'yaohua-a12']) {
    it(`${id} (no stability flag): stable only after N identical readings`, async () => {
      const { sim, conn } = await setup(id, { stableReadings: 4 });
      sim.put(12.345);
      conn.start();
      await nextEvent(
        conn,
        readingWhere((r) => r.stable && near(r.kg, 12.345)),
      );
      sim.wobble(300);
      await nextEvent(
        conn,
        readingWhere((r) => !r.stable),
      );
      // From the first settled frame on, exactly N-1 unstable readings come before a stable one.
      const seen: boolean[] = [];
      conn.on('reading', (r) => near(r.kg, 12.345) && seen.push(r.stable));
      await nextEvent(
        conn,
        readingWhere((r) => r.stable),
        3000,
      );
      expect(seen).toEqual([false, false, false, true]);
    });
  }

  it('耀华 "=" learning its digit order: 10 kg is no weight until a frame tells the order, then 10 kg, stable', async () => {
    const { sim, conn } = await setup('yaohua-equals', { stableReadings: 3 });
    sim.put(10);
    const readings: number[] = [];
    conn.on('reading', (r) => readings.push(r.kg));
    conn.start();
    await nextEvent(conn, (e) => e.type === 'uncertain');
    await nextEvent(conn, (e) => e.type === 'uncertain');
    expect(conn.latest()).toBeNull();
    sim.put(1.234);
    await nextEvent(
      conn,
      readingWhere((r) => r.stable && near(r.kg, 1.234)),
    );
    sim.put(10);
    await nextEvent(
      conn,
      readingWhere((r) => r.stable && near(r.kg, 10)),
    );
    // Never the other order's 0.01 kg or 432.1 kg.
    expect(readings.every((kg) => near(kg, 10) || near(kg, 1.234))).toBe(true);
  });

  it('mt-sics: tare and zero reach the scale and change the readings', async () => {
    const { sim, conn } = await setup('mt-sics');
    sim.put(0.5);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 0.5)),
    );
    await conn.tare();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 0)),
    );
    expect(sim.state.tareKg).toBeCloseTo(0.5, 6);
    sim.put(1.7);
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 1.2)),
    );
    await conn.clearTare();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 1.7)),
    );
    await conn.zero();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 0)),
    );
  });

  it('toledo-8217: tare reaches the scale (single-letter commands between polls)', async () => {
    const { sim, conn } = await setup('toledo-8217');
    sim.put(3);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 3)),
    );
    await conn.tare();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 0)),
    );
    expect(sim.state.tareKg).toBeCloseTo(3, 6);
  });

  it('rejects a command the protocol does not have', async () => {
    const { conn } = await setup('ascii-st-gs');
    conn.start();
    await nextEvent(conn, statusIs('connected'));
    await expect(conn.tare()).rejects.toThrow(/unsupported/);
  });

  it('overload is reported as such, never as a weight; a negative weight is a negative reading', async () => {
    const { sim, conn } = await setup('ascii-st-gs');
    sim.put(1);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 1)),
    );
    const weights: number[] = [];
    conn.on('reading', (r) => weights.push(r.kg));
    sim.overload();
    await nextEvent(conn, (e) => e.type === 'overload');
    expect(conn.latest()).toBeNull();
    // ST,GS sends below zero as a signed value: shown as it is (the services never use it).
    sim.underload();
    await nextEvent(
      conn,
      readingWhere((r) => r.kg < 0),
    );
    expect(conn.latest()?.kg).toBeLessThan(0);
    // Only the 1 kg frames already on the wire and the negative ones may arrive as readings.
    expect(weights.every((kg) => near(kg, 1) || kg < 0)).toBe(true);
  });

  it('under zero with no value to show (MT-SICS `S -`) is underload, never a weight', async () => {
    const { sim, conn } = await setup('mt-sics');
    sim.put(1);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 1)),
    );
    sim.underload();
    await nextEvent(conn, (e) => e.type === 'underload');
    expect(conn.latest()).toBeNull();
  });

  it('latest() returns null once the newest reading is older than staleAfterMs', async () => {
    const { sim, conn } = await setup('ascii-st-gs', { staleAfterMs: 300, silenceMs: 5000 });
    sim.put(0.8);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((r) => near(r.kg, 0.8)),
    );
    expect(conn.latest()?.kg).toBeCloseTo(0.8, 6);
    await sim.unplug();
    const lastAt = conn.latest()!.at;
    await expect.poll(() => conn.latest(), { timeout: 2000, interval: 50 }).toBeNull();
    expect(Date.now() - lastAt).toBeGreaterThanOrEqual(300);
  });

  it('a port another program holds is reported as busy', async () => {
    const { pty, protocol } = await setup('ascii-st-gs');
    const first = new ScaleConnection({ path: pty.a, protocol });
    const second = new ScaleConnection({ path: pty.a, protocol, reconnectMs: 5000 });
    try {
      first.start();
      await nextEvent(first, statusIs('connected'));
      const busy = nextEvent(second, statusIs('error'));
      second.start();
      const e = await busy;
      expect(e.type === 'status' && e.status.error).toBe('busy');
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
