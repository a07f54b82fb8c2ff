import { describe, expect, it } from 'vitest';
import { StabilityTracker } from '../../../drivers/scale/stability';
import type { ScaleEvent } from '../../../drivers/scale/types';

const r = (kg: number, stable: boolean | null = null): ScaleEvent => ({ kind: 'reading', kg, value: kg, unit: 'kg', net: false, stable });
const flags = (t: StabilityTracker, events: ScaleEvent[]) => events.map((e) => t.apply(e)).map((e) => (e.kind === 'reading' ? e.stable : e.kind));

describe('StabilityTracker', () => {
  it('stable after N identical readings in a row (default 5)', () => {
    expect(
      flags(
        new StabilityTracker(),
        [1, 1, 1, 1, 1, 1].map((kg) => r(kg)),
      ),
    ).toEqual([false, false, false, false, true, true]);
  });

  it('resets on a change, overload, underload or error', () => {
    const t = new StabilityTracker(3);
    expect(flags(t, [r(1), r(1), r(2), r(2), r(2)])).toEqual([false, false, false, false, true]);
    for (const fault of [{ kind: 'overload' }, { kind: 'underload' }, { kind: 'error', reason: 'x' }] as ScaleEvent[]) {
      expect(flags(t, [r(2), fault, r(2), r(2), r(2)])).toEqual([true, fault.kind, false, false, true]);
    }
  });

  it('tolerance in kg', () => {
    expect(flags(new StabilityTracker(3, 0.002), [r(1), r(1.001), r(0.999), r(1.01)])).toEqual([false, false, true, false]);
  });

  it('leaves flagged readings alone', () => {
    expect(flags(new StabilityTracker(1), [r(1, false), r(1, true)])).toEqual([false, true]);
  });
});
