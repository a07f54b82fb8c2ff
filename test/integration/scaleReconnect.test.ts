import { afterEach, describe, expect, it } from 'vitest';
import { near, nextEvent, readingWhere, rig, statusIs } from './scaleHarness';

/** Field faults: a pulled USB-serial adapter, and a scale that goes quiet without a close (Windows). */
describe('scale reconnect over a PTY', () => {
  let current: Awaited<ReturnType<typeof rig>> | undefined;
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  for (const id of ['ascii-st-gs', 'mt-sics']) {
    it(`${id}: adapter pulled → disconnected → plugged back → readings resume`, async () => {
      const { sim, conn, ...r } = (current = await rig(id));
      sim.put(1.5);
      conn.start();
      await nextEvent(
        conn,
        readingWhere((x) => near(x.kg, 1.5)),
      );
      // The port's close usually reports the unplug; on a loaded machine the silence check can
      // notice first. Either way the station knows the scale is gone.
      const down = nextEvent(conn, statusIs('disconnected', 'noData'));
      await r.pull();
      await down;
      // Retries find no device while it is out.
      const gone = await nextEvent(conn, statusIs('error'));
      expect(gone.type === 'status' && gone.status.error).toBe('notFound');
      sim.put(2.5);
      const started = Date.now();
      await r.replug();
      await nextEvent(
        conn,
        readingWhere((x) => near(x.kg, 2.5)),
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(conn.currentStatus().state).toBe('connected');
    });
  }

  it('silence → noData, port reopened, readings resume when the scale talks again', async () => {
    const { sim, conn } = (current = await rig('toledo-continuous'));
    sim.put(0.9);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((x) => near(x.kg, 0.9)),
    );
    const quiet = nextEvent(conn, statusIs('noData'), 2000);
    await sim.unplug();
    const e = await quiet;
    expect(e.type === 'status' && e.status.error).toBe('noData');
    expect(e.type === 'status' && e.status.message).toMatch(/baud rate/);
    expect(conn.latest()).toBeNull();
    sim.put(1.1);
    await sim.plug();
    await nextEvent(conn, statusIs('connected'));
    await nextEvent(
      conn,
      readingWhere((x) => near(x.kg, 1.1)),
    );
  });

  it('mt-sics: a scale that stops answering polls goes noData, then resumes', async () => {
    const { sim, conn } = (current = await rig('mt-sics'));
    sim.put(4);
    conn.start();
    await nextEvent(
      conn,
      readingWhere((x) => near(x.kg, 4)),
    );
    const quiet = nextEvent(conn, statusIs('noData'), 2000);
    await sim.unplug();
    await quiet;
    await sim.plug();
    await nextEvent(
      conn,
      readingWhere((x) => near(x.kg, 4)),
    );
  });
});
