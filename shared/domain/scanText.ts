/**
 * First gate for anything a scanner, camera or paste delivers: refuse what cannot be a code and
 * keep everything else verbatim (certificate QR payloads and provincial codes may hold Chinese or
 * URLs, so no charset is imposed here).
 */

/** No lot code, GS1 string or certificate QR we accept is longer; a 10 kB paste fails here. */
export const MAX_SCAN_LENGTH = 512;

export type SanitizeCode = 'empty' | 'tooLong' | 'controlChars' | 'replacementChar';
export type SanitizeResult = { ok: true; text: string } | { ok: false; code: SanitizeCode };

// C0, DEL and C1 controls except GS (0x1D), which carries FNC1 in GS1 data. AIM symbology ids
// (`]C1`…) are printable, so a leading one passes without a special case.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001c\u001e-\u001f\u007f-\u009f]/;
// U+FFFD, or a lone surrogate: both mean the bytes were decoded with the wrong charset or cut.
const GARBAGE = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function sanitizeScan(raw: string): SanitizeResult {
  // The scanner's terminator (Enter, sometimes Tab); nothing else is trimmed.
  const text = raw.replace(/[\r\n\t]+$/, '');
  if (text.trim() === '') return { ok: false, code: 'empty' };
  // Count code points (an astral character is two UTF-16 units); the cheap bound first.
  if (text.length > 2 * MAX_SCAN_LENGTH) return { ok: false, code: 'tooLong' };
  if (text.length > MAX_SCAN_LENGTH && [...text].length > MAX_SCAN_LENGTH) return { ok: false, code: 'tooLong' };
  if (CONTROL.test(text)) return { ok: false, code: 'controlChars' };
  if (GARBAGE.test(text)) return { ok: false, code: 'replacementChar' };
  return { ok: true, text };
}
