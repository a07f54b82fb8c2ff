/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters, the last one a
 * mod-31 check over the first 17. Only the check is confirmed (DOMAIN §2), so the inner structure
 * (registration office, organisation type, region) is deliberately not validated.
 */

/** The code's alphabet: digits and capitals without I O Z S V (too easily misread). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_CHARS = /^[0-9A-HJ-NPQRTUWXY]*$/;

export type UsccCheck = { ok: true } | { ok: false; code: 'length' | 'charset' | 'checkChar' };

/** Check character for the first 17 characters. Throws RangeError on malformed input. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || !USCC_CHARS.test(first17)) {
    throw new RangeError('usccCheckChar needs 17 characters of the USCC alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Validates a code exactly as given: callers upper-case and trim user input first (lower case is
 * refused as 'charset' so that a stored code is always canonical).
 */
export function checkUscc(s: string): UsccCheck {
  if (s.length !== 18) return { ok: false, code: 'length' };
  if (!USCC_CHARS.test(s)) return { ok: false, code: 'charset' };
  if (usccCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, code: 'checkChar' };
  return { ok: true };
}
