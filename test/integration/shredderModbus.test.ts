import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ModbusShredderMonitor, type ModbusShredderOptions } from '../../drivers/shredder/modbusMonitor';
import { ModbusMeterSimulator, openPtyPair, type PtyPair } from '../../drivers/shredder/simulator';
import type { ShredderRun, ShredderStatus } from '../../drivers/shredder/types';
import { nextEvent } from '../unit/shredder/waitForEvent';

/** Fast polling so debounce, silence and reconnect paths run in well under a second each. */
const FAST: Partial<ModbusShredderOptions> = { pollIntervalMs: 40, timeoutMs: 150, failuresBeforeError: 2, reconnectMs: 150, startSamples: 2, stopSamples: 2 };

async function rig() {
  let pty: PtyPair = await openPtyPair();
  const meter = new ModbusMeterSimulator({ path: pty.b });
  await meter.plug();
  const monitor = new ModbusShredderMonitor({ path: pty.a, ...FAST });
  return {
    meter,
    monitor,
    async pull() {
      await meter.unplug();
      await pty.close();
    },
    async replug() {
      pty = await openPtyPair({ dir: pty.dir });
      await meter.plug();
    },
    async dispose() {
      await monitor.stop();
      await meter.unplug();
      await pty.close();
      await rm(pty.dir, { recursive: true, force: true });
    },
  };
}

const reads = (meter: ModbusMeterSimulator, amps: number, n: number) => {
  let count = 0;
  return nextEvent<number>(meter, 'read', (a) => a === amps && ++count >= n);
};
const statusWhere = (monitor: ModbusShredderMonitor, test: (s: ShredderStatus) => boolean) => nextEvent<ShredderStatus>(monitor, 'status', test);

describe('Modbus RTU power meter over a PTY', () => {
  let current: Awaited<ReturnType<typeof rig>> | undefined;
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  it('current above the threshold, then below → one run with peak and mean current', async () => {
    const { meter, monitor } = (current = await rig());
    const connected = statusWhere(monitor, (s) => s.state === 'connected');
    monitor.start();
    await connected;
    await reads(meter, 0, 2);

    const started = nextEvent<{ startedAt: number }>(monitor, 'runStart');
    meter.setCurrent(2.5);
    const { startedAt } = await started;
    const highReads = reads(meter, 4.5, 3);
    meter.setCurrent(4.5);
    await highReads;
    const ended = nextEvent<ShredderRun>(monitor, 'run');
    meter.setCurrent(0.25);
    const run = await ended;

    expect(run.mode).toBe('modbus');
    expect(run.startedAt).toBe(startedAt);
    expect(run.durationMs).toBe(run.endedAt - run.startedAt);
    expect(run.durationMs).toBeGreaterThan(0);
    const e = run.evidence as { peakAmps: number; meanAmps: number; samples: number; endReason: string };
    expect(e.peakAmps).toBe(4.5);
    expect(e.meanAmps).toBeGreaterThan(2.5);
    expect(e.meanAmps).toBeLessThan(4.5);
    expect(e.samples).toBeGreaterThanOrEqual(5);
    expect(e.endReason).toBe('currentDropped');
    expect(monitor.runsBetween(run.startedAt, run.endedAt)).toEqual([run]);
  });

  it('meter stops answering → status error noData; answers again → connected', async () => {
    const { meter, monitor } = (current = await rig());
    const connected = statusWhere(monitor, (s) => s.state === 'connected');
    monitor.start();
    await connected;
    const silent = statusWhere(monitor, (s) => s.state === 'error');
    await meter.unplug();
    const status = await silent;
    expect(status.error).toBe('noData');
    expect(status.message).toMatch(/not answering/);
    const back = statusWhere(monitor, (s) => s.state === 'connected');
    await meter.plug();
    await back;
  });

  it('unplugged mid-run → run closed as meterLost, disconnected, error notFound → replug → reconnects', async () => {
    const r = (current = await rig());
    const { meter, monitor } = r;
    const connected = statusWhere(monitor, (s) => s.state === 'connected');
    monitor.start();
    await connected;
    const started = nextEvent(monitor, 'runStart');
    meter.setCurrent(3);
    await started;

    const lost = nextEvent<ShredderRun>(monitor, 'run');
    const down = statusWhere(monitor, (s) => s.state === 'disconnected' || s.state === 'error');
    await r.pull();
    await down;
    const run = await lost;
    expect(run.evidence).toMatchObject({ endReason: 'meterLost', peakAmps: 3, meanAmps: 3 });
    await statusWhere(monitor, (s) => s.state === 'error' && s.error === 'notFound');

    const back = statusWhere(monitor, (s) => s.state === 'connected');
    await r.replug();
    await back;
  });
});
