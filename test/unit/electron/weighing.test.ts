import { describe, expect, it } from 'vitest';
import type { Weight } from '../../../shared/contract';
import { takeWeighed, type ScaleReadings } from '../../../electron/services/weighing';
import { quantityProblem } from '../../../shared/domain/quantity';

const reading = (kg: number): ScaleReadings => ({
  current: () => ({ scaleId: 's', kind: 'reading', kg, net: false, tareKg: null, stable: true, at: 0 }) as unknown as Weight,
  take: () => ({ kg }),
  giveBack: () => {},
});

describe('a weighed quantity', () => {
  it('is the reading as the screen shows it: either gram next to a reading halfway between, and a whole number of grams', () => {
    for (const [kg, shown] of [
      [1.2345, 1.234],
      [1.2345, 1.235],
      [0.45359237, 0.454],
      [0.6175, 0.617],
      [0.6175, 0.618],
    ] as const) {
      expect(() => takeWeighed(reading(kg), 's', shown, 'kg'), `${kg} shown as ${shown}`).not.toThrow();
      expect(quantityProblem(shown, 'kg')).toBeNull();
    }
  });

  it('is refused a gram or more away from the reading', () => {
    expect(() => takeWeighed(reading(1.2345), 's', 1.233, 'kg')).toThrow(/weight changed/);
    expect(() => takeWeighed(reading(1.2345), 's', 1.236, 'kg')).toThrow(/weight changed/);
  });
});
