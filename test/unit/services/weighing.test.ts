import { describe, expect, it } from 'vitest';
import { ApiError, type Weight } from '../../../shared/contract';
import { takeWeighed, withWeighed, type ScaleReadings } from '../../../electron/services/weighing';

const reading = (over: Partial<Weight> = {}): Weight => ({ scaleId: 's1', kind: 'reading', kg: 2.35, net: false, tareKg: null, stable: true, at: 0, ...over });

/** A scale whose current weight and take() answer are set by the test; it records what was asked of it. */
function fakeScale(weight: Weight | null, taken: ReturnType<ScaleReadings['take']> = { kg: 2.35 }) {
  const calls: string[] = [];
  const scale: ScaleReadings = {
    current: (id) => (calls.push(`current ${id}`), weight),
    take: (id) => (calls.push(`take ${id}`), taken),
    giveBack: (id) => void calls.push(`giveBack ${id}`),
  };
  return { scale, calls };
}

/** The API error a call threw: code and params. */
function refusal(fn: () => unknown): { code: string; params?: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { code: (e as ApiError).code, params: (e as ApiError).params };
  }
  throw new Error('expected a refusal');
}

describe('takeWeighed', () => {
  it('spends a fresh stable reading equal to the quantity shown, and gives it back on request', () => {
    const { scale, calls } = fakeScale(reading());
    const giveBack = takeWeighed(scale, 's1', 2.35, 'kg');
    expect(calls).toEqual(['current s1', 'take s1']);
    giveBack();
    expect(calls).toEqual(['current s1', 'take s1', 'giveBack s1']);
  });

  it('accepts the quantity within half a gram of the reading, not beyond', () => {
    expect(() => takeWeighed(fakeScale(reading({ kg: 2.3504 })).scale, 's1', 2.35, 'kg')).not.toThrow();
    expect(() => takeWeighed(fakeScale(reading({ kg: 2.3496 })).scale, 's1', 2.35, 'kg')).not.toThrow();
    expect(refusal(() => takeWeighed(fakeScale(reading({ kg: 2.3506 })).scale, 's1', 2.35, 'kg'))).toEqual({ code: 'conflict', params: { reason: 'weightChanged', kg: 2.3506 } });
    expect(refusal(() => takeWeighed(fakeScale(reading({ kg: 2.349 })).scale, 's1', 2.35, 'kg'))).toEqual({ code: 'conflict', params: { reason: 'weightChanged', kg: 2.349 } });
  });

  it('refuses an unstable, missing, overloaded or unweighed reading, or a unit other than kg, and takes nothing', () => {
    const cases: [Weight | null, 'kg' | 'piece'][] = [
      [reading({ stable: false }), 'kg'],
      [null, 'kg'],
      [reading({ kind: 'overload' }), 'kg'],
      [reading({ kg: null }), 'kg'],
      [reading(), 'piece'],
    ];
    for (const [weight, unit] of cases) {
      const { scale, calls } = fakeScale(weight);
      expect(
        refusal(() => takeWeighed(scale, 's1', 2.35, unit)),
        JSON.stringify([weight, unit]),
      ).toEqual({ code: 'conflict', params: { reason: 'weightNotStable' } });
      expect(calls.includes('take s1')).toBe(false);
    }
  });

  it('refuses a negative weight (below zero after tare) with the weight; zero itself is a weight', () => {
    expect(refusal(() => takeWeighed(fakeScale(reading({ kg: -0.2 })).scale, 's1', -0.2, 'kg'))).toEqual({ code: 'conflict', params: { reason: 'weightNegative', kg: -0.2 } });
    expect(() => takeWeighed(fakeScale(reading({ kg: 0 }), { kg: 0 }).scale, 's1', 0, 'kg')).not.toThrow();
  });

  it('passes on the scale’s own refusal (the reading was already used)', () => {
    const { scale } = fakeScale(reading(), { refused: 'weightAlreadyUsed' });
    expect(refusal(() => takeWeighed(scale, 's1', 2.35, 'kg'))).toEqual({ code: 'conflict', params: { reason: 'weightAlreadyUsed' } });
  });
});

describe('withWeighed', () => {
  it('writes with the reading spent and keeps it spent', () => {
    const { scale, calls } = fakeScale(reading());
    expect(withWeighed(scale, 's1', 2.35, 'kg', () => 'written')).toBe('written');
    expect(calls).toEqual(['current s1', 'take s1']);
  });

  it('gives the reading back when the write fails, and passes the failure on', () => {
    const { scale, calls } = fakeScale(reading());
    expect(() =>
      withWeighed(scale, 's1', 2.35, 'kg', () => {
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(calls).toEqual(['current s1', 'take s1', 'giveBack s1']);
  });

  it('without a scale writes a typed-in quantity and touches no scale', () => {
    const { scale, calls } = fakeScale(reading());
    expect(withWeighed(scale, undefined, 7, 'kg', () => 7)).toBe(7);
    expect(() =>
      withWeighed(scale, undefined, 7, 'kg', () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(calls).toEqual([]);
  });
});
