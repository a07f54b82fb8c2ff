import type { ParsedCode } from './codes';

/** Longest opaque text accepted as a lot code: provincial platform codes run up to 64 characters. */
export const MAX_OPAQUE_LOT_CODE = 64;

/**
 * Opaque lot codes are kept verbatim but must look like a code: letters, digits and the
 * characters URLs use. Spaces, quotes, semicolons, backslashes and angle brackets never occur in
 * issued codes, and their presence means typed text or an injection attempt, not a scan.
 */
const OPAQUE_LOT_CHARS = /^[A-Za-z0-9\-._~:/?#@!$&()*+,=%]+$/;

export type LotCodeRefusal = 'weightCode' | 'tooLongForLot' | 'badCharset';

/** Whether a parsed scan may identify an arriving lot, and why not. */
export function lotCodeRefusal(code: ParsedCode): LotCodeRefusal | null {
  if (code.kind === 'weight') return 'weightCode';
  if (code.kind !== 'opaque') return null;
  if (code.text.length > MAX_OPAQUE_LOT_CODE) return 'tooLongForLot';
  if (!OPAQUE_LOT_CHARS.test(code.text)) return 'badCharset';
  return null;
}
