import { describe, expect, it } from 'vitest';
import { CurrentRunDetector, type DetectorEvent } from '../../../drivers/shredder/currentDetector';

const options = { startAmps: 1.0, stopAmps: 0.6, startSamples: 3, stopSamples: 2 };

/** Samples one second apart, starting at t = 0. */
function run(samples: number[], detector = new CurrentRunDetector(options)): (DetectorEvent & { i: number })[] {
  return samples.flatMap((amps, i) => {
    const event = detector.push(amps, i * 1000);
    return event ? [{ ...event, i }] : [];
  });
}

describe('current run detector', () => {
  it('a spike shorter than startSamples is not a run (debounce)', () => {
    expect(run([0, 5, 5, 0, 0, 8, 0.2, 0])).toEqual([]);
  });

  it('start at the first of N high samples, end at the first of M low ones, with peak/mean/count', () => {
    expect(run([0, 2, 3, 4, 3, 0.1, 0.1, 0])).toEqual([
      { type: 'start', startedAt: 1000, i: 3 },
      { type: 'run', run: { startedAt: 1000, endedAt: 5000, peakAmps: 4, meanAmps: 3, samples: 4 }, i: 6 },
    ]);
  });

  it('hysteresis: samples between stopAmps and startAmps keep a run going but never start one', () => {
    // 0.8 A is in the band: it neither starts (idle) nor stops (running).
    expect(run([0.8, 0.8, 0.8, 0.8])).toEqual([]);
    expect(run([2, 2, 2, 0.8, 0.8, 0.8, 0.5, 0.5])).toEqual([
      { type: 'start', startedAt: 0, i: 2 },
      { type: 'run', run: { startedAt: 0, endedAt: 6000, peakAmps: 2, meanAmps: (2 * 3 + 0.8 * 3) / 6, samples: 6 }, i: 7 },
    ]);
  });

  it('a dip shorter than stopSamples stays inside the run and counts in its mean', () => {
    const events = run([2, 2, 2, 0.1, 4, 0.1, 0.1]);
    expect(events.map((e) => e.type)).toEqual(['start', 'run']);
    expect(events[1]).toMatchObject({ run: { startedAt: 0, endedAt: 5000, peakAmps: 4, samples: 5 } });
    expect((events[1] as { run: { meanAmps: number } }).run.meanAmps).toBeCloseTo((2 + 2 + 2 + 0.1 + 4) / 5, 10);
  });

  it('a high sample interrupting the rise restarts the count', () => {
    expect(run([2, 2, 0.5, 2, 2, 2]).map((e) => [e.type, e.i])).toEqual([['start', 5]]);
  });

  it('abort() closes an open run at the last time it was seen running', () => {
    const detector = new CurrentRunDetector(options);
    run([2, 2, 2, 3], detector);
    expect(detector.running).toBe(true);
    expect(detector.abort(3000)).toEqual({ startedAt: 0, endedAt: 3000, peakAmps: 3, meanAmps: 2.25, samples: 4 });
    expect(detector.running).toBe(false);
    expect(detector.abort(4000)).toBeNull();
  });

  it('rejects a stop threshold above the start threshold', () => {
    expect(() => new CurrentRunDetector({ ...options, stopAmps: 2 })).toThrow(RangeError);
  });
});
