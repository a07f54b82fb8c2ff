import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNITS } from '../../../shared/contract';
import { quantityProblem, UNIT_DECIMALS } from '../../../shared/domain/quantity';

describe('quantityProblem', () => {
  it.each([
    [0.001, 'kg', null],
    [12.345, 'kg', null],
    [1.1 + 2.2, 'kg', null],
    [9999999.999, 'kg', null],
    [0.0009, 'kg', 'kgResolution'],
    [1.2345, 'kg', 'kgResolution'],
    [5e-324, 'kg', 'kgResolution'],
    [Number.MIN_VALUE * 1e10, 'kg', 'kgResolution'],
    [Infinity, 'kg', 'kgResolution'],
    [NaN, 'kg', 'kgResolution'],
    [1, 'piece', null],
    [10_000_000, 'box', null],
    [0.1, 'piece', 'wholeUnits'],
    [0.9999999, 'head', 'wholeUnits'],
    [1.0000001, 'box', 'wholeUnits'],
    [0, 'piece', 'wholeUnits'],
  ] as const)('%s %s → %s', (quantity, unit, problem) => {
    expect(quantityProblem(quantity, unit)).toBe(problem);
  });

  it('takes every whole number of grams and of counted units up to the contract’s 10 million', () => {
    fc.assert(
      fc.property(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 10_000_000_000 }), (unit, steps) => {
        const quantity = steps / 10 ** UNIT_DECIMALS[unit];
        return quantity > 1e7 || quantityProblem(quantity, unit) === null;
      }),
    );
  });

  it('refuses anything between two grams', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (grams, part) => quantityProblem((grams + part) / 1000, 'kg') === 'kgResolution'),
    );
  });
});
