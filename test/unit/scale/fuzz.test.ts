import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BUFFER } from '../../../drivers/scale/framing';
import { SCALE_PROTOCOLS } from '../../../drivers/scale/protocols';
import { bytes } from './helpers';
import { fuzzProtocol } from './noise';

/**
 * ≥100,000 random sequences in total. Flagged protocols must never yield a stable reading from
 * noise: their framing (fixed shape, digits, delimiters) and checksums make that vanishingly rare.
 * Protocols without a flag (Yaohua A9, "=", A12) report stable: null; for them the assertion is that
 * the StabilityTracker never declares stable from the noise stream (5 identical readings in a row).
 */
const TOTAL = 120_000;
const PER_PROTOCOL = Math.ceil(TOTAL / SCALE_PROTOCOLS.length);

describe('fuzz: random bytes', () => {
  it.each(SCALE_PROTOCOLS.map((p, i) => [p.id, p, i] as const))('%s: never throws, never stable from noise, bounded buffer', (_id, p, i) => {
    const r = fuzzProtocol(p, PER_PROTOCOL, 0x5ca1e + i);
    expect(r.thrown).toBeUndefined();
    expect(r.stableReadings).toBe(0);
    expect(r.trackerStable).toBe(0);
    expect(r.maxBuffered).toBeLessThanOrEqual(MAX_BUFFER);
  });
});

describe('fuzz: bytes from the protocols’ own alphabet', () => {
  // Digits, signs, points, letters and delimiters hit the deeper parser paths that uniform noise rarely reaches.
  const alphabet = fc.constantFrom(...bytes('0123456789 .+-=,STUGNOLDIZAkglbwnt?\r\n'), 0x01, 0x02, 0x03, 0x04, 0xbd, 0xef, 0xc1);
  it.each(SCALE_PROTOCOLS.map((p) => [p.id, p] as const))('%s: never throws, bounded buffer', (_id, p) => {
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { maxLength: 80 }), { maxLength: 8 }), (chunks) => {
        const d = p.createDecoder();
        for (const c of chunks) {
          d.push(Uint8Array.from(c));
          expect(d.buffered()).toBeLessThanOrEqual(MAX_BUFFER);
        }
      }),
      { numRuns: 300 },
    );
  });
});
