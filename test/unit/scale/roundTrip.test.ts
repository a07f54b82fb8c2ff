import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BUFFER, shownKg } from '../../../drivers/scale/framing';
import { SCALE_PROTOCOLS } from '../../../drivers/scale/protocols';
import type { ScaleProtocol, SimState } from '../../../drivers/scale/types';
import { bytes, concat, prng, pushChunked, randomBytes, readings, simState } from './helpers';

// Auto-detecting "=" needs a few frames to settle the order; it has its own tests.
const PROTOCOLS = SCALE_PROTOCOLS.filter((p) => p.id !== 'yaohua-equals');
/** One display division of the coarsest unit used by any encoder, in kg. */
const TOLERANCE_KG = 0.0006;
/**
 * "=" frames have no terminator: a frame is complete when the byte after it arrives (a `-` there is
 * its sign), so tests end such a stream with the next frame's `=`.
 */
const flush = (p: ScaleProtocol) => bytes(p.id.startsWith('yaohua-equals') ? '=' : '');
/** Garbage that starts with `-` right after an "=" frame would be read as that frame's sign. */
const garbage = (rand: () => number) => randomBytes(rand, Math.floor(rand() * 40)).map((b) => (b === 0x2d ? 0x20 : b));
const NO_STABILITY_FLAG = new Set(['yaohua-a9', 'yaohua-equals-reversed', 'yaohua-equals-normal', 'yaohua-a12']);

function checkState(p: ScaleProtocol, s: SimState) {
  const events = p.createDecoder().push(concat(p.encode(s), flush(p)));
  const negative = s.underload || s.kg < 0;
  if (s.overload) {
    // Either the overload itself or silence (formats with no overload code); never a weight.
    expect(readings(events)).toEqual([]);
    if (events.length) expect(events.map((e) => e.kind)).toEqual([p.id === 'retail-enq-dc1' ? 'error' : negative && p.id.startsWith('toledo-continuous') ? 'underload' : 'overload']);
  } else if (negative && (p.id === 'toledo-8217' || (p.id === 'mt-sics' && s.underload))) expect(events).toEqual([{ kind: 'underload' }]);
  else if (p.id === 'toledo-8217' && !s.stable) expect(events).toEqual([{ kind: 'busy' }]);
  else {
    expect(events).toHaveLength(1);
    const [r] = events;
    if (r.kind !== 'reading') throw new Error(`expected a reading, got ${r.kind}`);
    // Formats that send a value show below zero as a negative reading (MT-SICS its own value, the others at least 0.1 kg).
    const kg = !negative || p.id === 'mt-sics' ? s.kg : -shownKg(s);
    expect(Math.abs(r.kg - kg)).toBeLessThanOrEqual(TOLERANCE_KG);
    expect(r.stable).toBe(NO_STABILITY_FLAG.has(p.id) ? null : s.stable);
    if (['toledo-continuous', 'toledo-continuous-chk', 'yaohua-a12', 'ascii-st-gs'].includes(p.id)) expect(r.net).toBe(s.tareKg > 0);
    if (r.net && r.tareKg !== undefined) expect(Math.abs(r.tareKg - s.tareKg)).toBeLessThanOrEqual(TOLERANCE_KG);
  }
}

describe.each(PROTOCOLS.map((p) => [p.id, p] as const))('%s', (_id, p) => {
  it('encode(state) → decoder round trip for many states', () => {
    fc.assert(
      fc.property(simState, (s) => checkState(p, s)),
      { numRuns: 500 },
    );
  });

  it('random 1–3-byte chunks give the same events as whole frames', () => {
    fc.assert(
      fc.property(fc.array(simState, { minLength: 1, maxLength: 8 }), fc.integer(), (states, seed) => {
        const data = concat(...states.map((s) => p.encode(s)), flush(p));
        expect(pushChunked(p.createDecoder(), data, prng(seed))).toEqual(p.createDecoder().push(data));
      }),
      { numRuns: 300 },
    );
  });

  it('garbage before and between frames: resyncs, no reading beyond the real frames', () => {
    fc.assert(
      fc.property(fc.array(simState, { minLength: 1, maxLength: 5 }), fc.integer(), (states, seed) => {
        const rand = prng(seed);
        const clean = states.map((s) => p.encode(s));
        const dirty = concat(...clean.flatMap((f) => [garbage(rand), f]), flush(p));
        const expected = readings(p.createDecoder().push(concat(...clean, flush(p))));
        expect(readings(pushChunked(p.createDecoder(), dirty, rand))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it(`keeps at most ${MAX_BUFFER} bytes buffered`, () => {
    const d = p.createDecoder();
    const rand = prng(7);
    for (let i = 0; i < 200; i++) {
      d.push(randomBytes(rand, 1 + Math.floor(rand() * 600)));
      expect(d.buffered()).toBeLessThanOrEqual(MAX_BUFFER);
    }
    // A frame start with no end (e.g. a cut cable mid-frame) followed by endless filler.
    d.push(p.encode({ kg: 1, tareKg: 0, stable: true, overload: false, underload: false }).subarray(0, 3));
    d.push(new Uint8Array(1000).fill(0x30));
    expect(d.buffered()).toBeLessThanOrEqual(MAX_BUFFER);
  });
});
