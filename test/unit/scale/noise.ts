import { MAX_BUFFER } from '../../../drivers/scale/framing';
import { StabilityTracker } from '../../../drivers/scale/stability';
import type { ScaleProtocol } from '../../../drivers/scale/types';
import { prng } from './helpers';

export interface NoiseReport {
  sequences: number;
  bytes: number;
  /** Readings that noise produced at all (any stability). */
  readings: number;
  /** Readings flagged stable by the protocol itself: must stay 0. */
  stableReadings: number;
  /** Readings the StabilityTracker declared stable: must stay 0. */
  trackerStable: number;
  maxBuffered: number;
  /** First exception, if any. */
  thrown?: string;
}

/**
 * Feeds `sequences` random byte sequences (1–64 bytes each, uniformly random bytes) through one
 * decoder as a continuous stream, as line noise would arrive, and through a StabilityTracker.
 */
export function fuzzProtocol(p: ScaleProtocol, sequences: number, seed: number): NoiseReport {
  const rand = prng(seed);
  const decoder = p.createDecoder();
  const tracker = new StabilityTracker();
  const report: NoiseReport = { sequences, bytes: 0, readings: 0, stableReadings: 0, trackerStable: 0, maxBuffered: 0 };
  const chunk = new Uint8Array(64);
  try {
    for (let s = 0; s < sequences; s++) {
      const n = 1 + Math.floor(rand() * 64);
      for (let i = 0; i < n; i++) chunk[i] = Math.floor(rand() * 256);
      report.bytes += n;
      for (const e of decoder.push(chunk.subarray(0, n))) {
        if (e.kind !== 'reading') {
          tracker.apply(e);
          continue;
        }
        report.readings++;
        if (e.stable === true) report.stableReadings++;
        const t = tracker.apply(e);
        if (t.kind === 'reading' && t.stable === true) report.trackerStable++;
      }
      report.maxBuffered = Math.max(report.maxBuffered, decoder.buffered());
    }
  } catch (err) {
    report.thrown = String(err);
  }
  return report;
}

export const noisePassed = (r: NoiseReport): boolean => r.thrown === undefined && r.stableReadings === 0 && r.trackerStable === 0 && r.maxBuffered <= MAX_BUFFER;
