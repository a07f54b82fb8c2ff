import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placements, SETTLE_FRAMES, type DigitOrder } from '../../../drivers/scale/protocols/digitOrder';
import { yaohuaEquals } from '../../../drivers/scale/protocols/yaohuaEquals';
import { StabilityTracker } from '../../../drivers/scale/stability';
import type { ScaleEvent } from '../../../drivers/scale/types';
import { bytes, concat, decodeAll, prng, pushChunked, readings } from './helpers';

const auto = yaohuaEquals();
const fixed = (order: DigitOrder) => yaohuaEquals('kg', order);
const reverse = (s: string) => [...s].reverse().join('');
const kgs = (events: ScaleEvent[]) => readings(events).map((e) => (e.kind === 'reading' ? e.kg : NaN));

/**
 * One frame as an indicator sends it: the display (3 decimals, zero-padded) in `order`; a negative
 * weight's `-` after the eight characters, or (`signAt` 8) in the display's own sign place, which
 * is the eighth character sent in reversed order.
 */
function frame(grams: number, order: DigitOrder, signAt: 8 | 9 = 9): string {
  const text = (Math.abs(grams) / 1000).toFixed(3);
  if (grams < 0 && signAt === 8) return `=${order === 'reversed' ? reverse(text.padStart(7, '0')) : text.padStart(7, '0')}-`;
  const display = text.padStart(8, '0');
  return `=${order === 'reversed' ? reverse(display) : display}${grams < 0 ? '-' : ''}`;
}
/** "=" frames end when the next byte arrives: a space after each one completes it (indicators send nothing between). */
const stream = (grams: number[], order: DigitOrder, signAt: 8 | 9 = 9) => bytes(grams.map((g) => frame(g, order, signAt)).join(' ') + ' ');

/** Weights across the range 0.001–999.999 kg: decades, round and ragged values, both signs. */
const RANGE = [1, 9, 10, 100, 500, 1000, 1234, 1235, 3000, 10_000, 12_340, 99_999, 100_000, 120_000, 123_456, 500_000, 999_000, 999_999];
const WEIGHTS = [...RANGE, ...RANGE.map((g) => -g)];

describe('Yaohua "=" frames in a fixed order', () => {
  it('reversed `=000.3000` and normal `=0003.000` are 3.000 kg, with no stability flag', () => {
    expect(decodeAll(fixed('reversed'), bytes('=000.3000='))).toEqual([{ kind: 'reading', kg: 3, value: 3, unit: 'kg', net: false, stable: null }]);
    expect(kgs(decodeAll(fixed('normal'), bytes('=0003.000=')))).toEqual([3]);
  });

  for (const order of ['reversed', 'normal'] as const) {
    for (const signAt of [9, 8] as const) {
      it(`${order}, sign in place ${signAt}: every weight of the range, whole and in 1–3-byte chunks`, () => {
        const data = stream(WEIGHTS, order, signAt);
        const whole = decodeAll(fixed(order), data);
        expect(kgs(whole)).toEqual(WEIGHTS.map((g) => g / 1000));
        expect(whole.every((e) => e.kind === 'reading')).toBe(true);
        for (const seed of [1, 2, 3]) expect(pushChunked(fixed(order).createDecoder(), data, prng(seed))).toEqual(whole);
      });
    }
  }

  it('a negative weight is a negative reading, whichever place the sign takes; a signed zero is zero', () => {
    expect(kgs(decodeAll(fixed('reversed'), bytes('=005.0000-=005.000-=')))).toEqual([-0.5, -0.5]);
    expect(kgs(decodeAll(fixed('normal'), bytes('=0000.500-=000.500-=')))).toEqual([-0.5, -0.5]);
    expect(decodeAll(fixed('normal'), bytes('=0000.000-='))).toEqual([{ kind: 'reading', kg: 0, value: 0, unit: 'kg', net: false, stable: null }]);
  });

  it('a frame only the other order can read is an error, never a weight', () => {
    // 1.234 kg sent reversed: read in normal order its display would be full (4321 kg and more).
    expect(decodeAll(fixed('normal'), bytes('=432.1000='))).toEqual([{ kind: 'error', reason: 'frame only fits the reversed digit order' }]);
    expect(decodeAll(fixed('reversed'), bytes('=0001.234='))).toEqual([{ kind: 'error', reason: 'frame only fits the normal digit order' }]);
  });

  it('a frame no order can place is noise: no event at all', () => {
    // Full display either way, two points, seven decimals or full, a sign in the middle.
    for (const junk of ['=9999.999', '=5000.005', '=1.2.3456', '=.0000001', '=00.0-000']) {
      expect(decodeAll(auto, bytes(`${junk}=`)), junk).toEqual([]);
      expect(decodeAll(fixed('normal'), bytes(`${junk}=`)), junk).toEqual([]);
    }
  });
});

describe('Yaohua "=" digit order learnt from the data', () => {
  it('placements: each order that can read the characters, with its weight', () => {
    expect(placements('532.1000')).toEqual({ reversed: 1.235 });
    expect(placements('0001.235')).toEqual({ normal: 1.235 });
    expect(placements('000.0100')).toEqual({ normal: 0.01, reversed: 10 });
    expect(placements('0120.000')).toEqual({ normal: 120, reversed: 0.021 });
    expect(placements('0000.000')).toEqual({ normal: 0, reversed: 0 });
    expect(placements('9999.999')).toEqual({});
  });

  it('a reversed indicator that starts at 10 kg is never read as 0.01 kg: uncertain until a frame tells', () => {
    const events = decodeAll(auto, stream([10_000, 10_000, 10_000, 10_000, 10_000, 10_000], 'reversed'));
    expect(events).toEqual(Array(6).fill({ kind: 'uncertain' }));
  });

  it('a normal-order indicator at 120 kg is never read as 0.021 kg', () => {
    expect(decodeAll(auto, stream([120_000, 120_000, 120_000], 'normal'))).toEqual(Array(3).fill({ kind: 'uncertain' }));
  });

  it(`settles after ${SETTLE_FRAMES} frames that only one order reads; frames before are unstable; 10 kg then reads 10 kg`, () => {
    const events = decodeAll(auto, stream([10_000, 1234, 10_000, 1234, 1234, 10_000, 1234], 'reversed'));
    expect(events).toEqual([
      { kind: 'uncertain' },
      { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: false },
      { kind: 'uncertain' },
      { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: false },
      { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: null },
      { kind: 'reading', kg: 10, value: 10, unit: 'kg', net: false, stable: null },
      { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: null },
    ]);
  });

  it('normal order is learnt the same way', () => {
    expect(kgs(decodeAll(auto, stream([120_000, 1235, 1235, 1235, 120_000], 'normal')))).toEqual([1.235, 1.235, 1.235, 120]);
  });

  it('re-checks a settled order: a frame only the other order reads unsettles it and restarts stability', () => {
    const decoder = auto.createDecoder();
    const tracker = new StabilityTracker(2);
    const run = (data: Uint8Array) => decoder.push(data).map((e) => tracker.apply(e));
    run(stream([1234, 1234, 1234, 1234], 'reversed'));
    // The other order's frames now (an indicator swapped on the same port): never stable in the old order.
    const after = run(stream([5678, 10_000, 5678, 10_000], 'normal'));
    expect(after[0]).toEqual({ kind: 'error', reason: 'digit order contradicted' });
    expect(after.slice(1)).toEqual([
      { kind: 'reading', kg: 5.678, value: 5.678, unit: 'kg', net: false, stable: false },
      { kind: 'uncertain' },
      { kind: 'reading', kg: 5.678, value: 5.678, unit: 'kg', net: false, stable: false },
      { kind: 'uncertain' },
    ]);
  });

  it('zero reads the same either way, so it is a weight before the order is known', () => {
    expect(kgs(decodeAll(auto, bytes('=0000.000=000.0000=')))).toEqual([0, 0]);
  });

  it('the same events whatever the chunking, whole range both orders', () => {
    for (const order of ['reversed', 'normal'] as const) {
      const data = stream(WEIGHTS, order);
      expect(pushChunked(auto.createDecoder(), data, prng(5))).toEqual(decodeAll(auto, data));
    }
  });
});

describe('property: valid frames of one order are never read in the other', () => {
  const weights = fc.array(fc.integer({ min: -999_999, max: 999_999 }), { minLength: 1, maxLength: 40 });
  const settings = fc.record({ order: fc.constantFrom<DigitOrder>('reversed', 'normal'), signAt: fc.constantFrom<8 | 9>(8, 9), n: fc.integer({ min: 2, max: 5 }), seed: fc.integer() });

  it('auto: every reading, stable or not, is the weight of the frame it came from', () => {
    fc.assert(
      fc.property(weights, settings, (grams, { order, signAt, n, seed }) => {
        const decoder = auto.createDecoder();
        const tracker = new StabilityTracker(n);
        const rand = prng(seed);
        for (const g of grams) {
          // Each frame and the space that completes it, in 1–3-byte chunks: what comes out is this frame's.
          for (const e of pushChunked(decoder, bytes(`${frame(g, order, signAt)} `), rand).map((x) => tracker.apply(x))) {
            if (e.kind === 'reading') expect(e.kg).toBe(g / 1000);
            else expect(['uncertain', 'error']).toContain(e.kind);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("auto, back to back with no separator: the readings are the frames' weights in order, so none is ever stable in the other order", () => {
    fc.assert(
      fc.property(weights, settings, (grams, { order, signAt, seed }) => {
        const data = concat(bytes(grams.map((g) => frame(g, order, signAt)).join('')), bytes('='));
        const read = kgs(pushChunked(auto.createDecoder(), data, prng(seed)));
        // Frames that told nothing yield no reading: the rest must be a subsequence of the truth.
        let i = 0;
        for (const g of grams) if (i < read.length && read[i] === g / 1000) i++;
        expect(i).toBe(read.length);
      }),
      { numRuns: 400 },
    );
  });
});
