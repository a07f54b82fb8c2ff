/**
 * GS1 mod-10 check digit (GS1 General Specifications 7.9.1), shared by GTIN, GLN and SSCC:
 * weights 3,1,3,1… starting from the rightmost data digit.
 */

const DIGITS = /^\d+$/;

/** Check digit for the data digits (everything but the check digit). Throws on non-digits. */
export function gs1CheckDigit(dataDigits: string): number {
  if (!DIGITS.test(dataDigits)) throw new RangeError('gs1CheckDigit needs digits');
  let sum = 0;
  for (let i = dataDigits.length - 1, w = 3; i >= 0; i--, w = 4 - w) {
    sum += (dataDigits.charCodeAt(i) - 48) * w;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `s` is all digits (at least 2) and its last digit is the mod-10 check of the rest. */
export function isValidMod10(s: string): boolean {
  return s.length >= 2 && DIGITS.test(s) && gs1CheckDigit(s.slice(0, -1)) === s.charCodeAt(s.length - 1) - 48;
}

/** A GLN (market, party): 13 digits with its mod-10 check digit. */
export const isValidGln = (gln: string): boolean => gln.length === 13 && isValidMod10(gln);

export const GTIN_LENGTHS = [8, 12, 13, 14] as const;

/** GTIN-8, -12, -13 or -14 with a correct check digit. */
export function isValidGtin(s: string): boolean {
  return (GTIN_LENGTHS as readonly number[]).includes(s.length) && isValidMod10(s);
}

/** The 14-digit form used as the GTIN's canonical identity (AI 01, Digital Link). */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}
