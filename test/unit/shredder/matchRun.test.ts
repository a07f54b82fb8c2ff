import { describe, expect, it } from 'vitest';
import { ManualShredderMonitor } from '../../../drivers/shredder/manualMonitor';
import { matchRun } from '../../../drivers/shredder/matchRun';
import type { ShredderRun } from '../../../drivers/shredder/types';

const run = (startedAt: number, endedAt: number, counter = 0): ShredderRun => ({
  mode: 'serial',
  startedAt,
  endedAt,
  durationMs: endedAt - startedAt,
  evidence: { counter },
});

describe('matchRun', () => {
  const runs = [run(0, 100, 1), run(1000, 1300, 2), run(1250, 2000, 3)];

  it('picks the run overlapping the disposal window the most', () => {
    expect(matchRun(runs, { from: 1100, to: 1400 }, true)).toEqual({ run: runs[1], flag: null });
    expect(matchRun(runs, { from: 1200, to: 1900 }, true)).toEqual({ run: runs[2], flag: null });
  });

  it('a run touching the window edge counts; on equal overlap the later run wins', () => {
    expect(matchRun(runs, { from: 100, to: 500 }, true).run).toBe(runs[0]);
    expect(matchRun([run(0, 10, 1), run(20, 30, 2)], { from: 5, to: 25 }, true).run?.evidence.counter).toBe(2);
  });

  it('device fitted and no overlapping run → flagged', () => {
    expect(matchRun(runs, { from: 200, to: 900 }, true)).toEqual({ run: null, flag: 'noRunDetected' });
    expect(matchRun([], { from: 0, to: 1 }, true)).toEqual({ run: null, flag: 'noRunDetected' });
  });

  it('no device fitted → never flagged', () => {
    expect(matchRun([], { from: 200, to: 900 }, false)).toEqual({ run: null, flag: null });
  });
});

describe('manual monitor', () => {
  it('operator start/stop gives the common run shape, kept for runsBetween', () => {
    const monitor = new ManualShredderMonitor();
    const seen: unknown[] = [];
    monitor.on('runStart', (e) => seen.push(e));
    monitor.on('run', (r) => seen.push(r));
    monitor.start();
    monitor.confirmStart(1000);
    expect(monitor.running).toBe(true);
    expect(() => monitor.confirmStart(1100)).toThrow(/already/);
    const r = monitor.confirmStop(4000);
    expect(r).toEqual({ mode: 'manual', startedAt: 1000, endedAt: 4000, durationMs: 3000, evidence: { mode: 'manual' } });
    expect(seen).toEqual([{ mode: 'manual', startedAt: 1000 }, r]);
    expect(monitor.runsBetween(3500, 9000)).toEqual([r]);
    expect(monitor.runsBetween(4001, 9000)).toEqual([]);
    expect(() => monitor.confirmStop(5000)).toThrow(/no shredder run/);
    expect(matchRun(monitor.runsBetween(0, 5000), { from: 2000, to: 5000 }, true)).toEqual({ run: r, flag: null });
  });

  it('keeps only the most recent runs', () => {
    const monitor = new ManualShredderMonitor(3);
    for (let i = 0; i < 5; i++) {
      monitor.confirmStart(i * 10);
      monitor.confirmStop(i * 10 + 5);
    }
    expect(monitor.runsBetween(0, 100).map((r) => r.startedAt)).toEqual([20, 30, 40]);
  });
});
