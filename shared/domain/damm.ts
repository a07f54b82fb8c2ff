/**
 * Damm check digit: one digit that catches every single-digit error and every adjacent
 * transposition, which GS1 mod-10 does not (it misses swaps of digits 5 apart, such as 16 ↔ 61).
 * The table is the standard weakly totally anti-symmetric quasigroup of order 10 with a zero
 * diagonal, so appending the check digit makes the whole string reduce to 0.
 */
const TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];
const DIGITS = /^\d+$/;

function interim(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = TABLE[r]![digits.charCodeAt(i) - 48]!;
  return r;
}

/** Check digit to append to `digits`. Throws RangeError on an empty or non-digit string. */
export function dammDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new RangeError('dammDigit needs digits');
  return interim(digits);
}

/** True when `digitsWithCheck` (body + check digit, at least 2 digits) passes the Damm check. */
export function dammValid(digitsWithCheck: string): boolean {
  return digitsWithCheck.length >= 2 && DIGITS.test(digitsWithCheck) && interim(digitsWithCheck) === 0;
}
