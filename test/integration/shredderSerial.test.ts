import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialShredderMonitor } from '../../drivers/shredder/serialMonitor';
import { RunSensorBox, openPtyPair, type PtyPair } from '../../drivers/shredder/simulator';
import type { MissedRuns, ShredderRun, ShredderStatus } from '../../drivers/shredder/types';
import { nextEvent } from '../unit/shredder/waitForEvent';

/** A run-sensor box on one end of a socat PTY pair, the station's monitor on the other. */
async function rig() {
  let pty: PtyPair = await openPtyPair();
  const box = new RunSensorBox({ path: pty.b, heartbeatMs: 100 });
  await box.plug();
  const monitor = new SerialShredderMonitor({ path: pty.a, silenceMs: 800, reconnectMs: 150 });
  return {
    box,
    monitor,
    /** Pull the adapter: socat dies, both PTY links vanish. */
    async pull() {
      await box.unplug();
      await pty.close();
    },
    /** Plug it back: a new pair at the same paths, the box talking again. */
    async replug() {
      pty = await openPtyPair({ dir: pty.dir });
      await box.plug();
    },
    async dispose() {
      await monitor.stop();
      await box.unplug();
      await pty.close();
      await rm(pty.dir, { recursive: true, force: true });
    },
  };
}

const statusIs =
  (...states: ShredderStatus['state'][]) =>
  (s: ShredderStatus) =>
    states.includes(s.state);

describe('serial run-sensor box over a PTY', () => {
  let current: Awaited<ReturnType<typeof rig>> | undefined;
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });

  it('detects a run with the duration the box timed, and drops a corrupt line', async () => {
    const { box, monitor } = (current = await rig());
    const connected = nextEvent<ShredderStatus>(monitor, 'status', statusIs('connected'));
    monitor.start();
    await connected;
    // Noise first: a line with a bad checksum must not start anything.
    box.sendCorrupt();
    const started = nextEvent<{ startedAt: number }>(monitor, 'runStart');
    const before = Date.now();
    expect(box.startRun()).toBe(1);
    const { startedAt } = await started;
    expect(startedAt).toBeGreaterThanOrEqual(before);
    const ended = nextEvent<ShredderRun>(monitor, 'run');
    const duration = box.stopRun();
    const run = await ended;
    expect(run.mode).toBe('serial');
    expect(run.durationMs).toBe(duration);
    expect(run.endedAt - run.startedAt).toBe(duration);
    expect(run.evidence).toMatchObject({ mode: 'serial', counter: 1, boxDurationMs: duration, startSeen: true, startSeenAt: startedAt, checksummed: true });
    expect(monitor.runsBetween(run.startedAt, run.endedAt)).toEqual([run]);
    expect(monitor.lineStats().badChecksum).toBe(1);
    expect(monitor.lineStats().malformed).toBe(0);
  });

  it('unplug → disconnected → replug → reconnects, and reports the run made while it was out', async () => {
    const r = (current = await rig());
    const { box, monitor } = r;
    const connected = nextEvent<ShredderStatus>(monitor, 'status', statusIs('connected'));
    monitor.start();
    await connected;
    const first = nextEvent<ShredderRun>(monitor, 'run');
    box.startRun();
    box.stopRun();
    expect((await first).evidence.counter).toBe(1);

    // The port's close usually reports the unplug; on a loaded machine the silence check may be first.
    const down = nextEvent<ShredderStatus>(monitor, 'status', statusIs('disconnected', 'error'));
    await r.pull();
    await down;
    const gone = await nextEvent<ShredderStatus>(monitor, 'status', (s) => s.state === 'error' && s.error === 'notFound');
    expect(gone.message).toMatch(/unplugged/);

    // Run 2 happens while the cable is out: the station cannot hear it.
    box.startRun();
    box.stopRun();
    const missed = nextEvent<MissedRuns>(monitor, 'missed');
    const back = nextEvent<ShredderStatus>(monitor, 'status', statusIs('connected'));
    await r.replug();
    await back;
    expect(await missed).toMatchObject({ fromCounter: 2, toCounter: 2, reason: 'counterGap' });

    const third = nextEvent<ShredderRun>(monitor, 'run');
    box.startRun();
    box.stopRun();
    expect((await third).evidence).toMatchObject({ counter: 3, startSeen: true });
    expect(monitor.runsBetween(0, Date.now()).map((run) => run.evidence.counter)).toEqual([1, 3]);
  });
});
