import { parseGs1 } from './gs1';

const GS1_KEY = /^(0[01]\d|gs1:)/;

/**
 * How a stored lot identity reads to people: GS1 keys in the bracketed human-readable form
 * printed under barcodes — (01)06901234567892(10)A1 — and opaque or own codes as they are.
 */
export function codeLabel(codeKey: string): string {
  if (codeKey.startsWith('x:') || codeKey.startsWith('w:')) return codeKey.slice(2);
  if (!GS1_KEY.test(codeKey)) return codeKey;
  const parsed = parseGs1(codeKey.replace(/^gs1:/, ''));
  if (!parsed.ok) return codeKey;
  // Sorted explicitly: integer-like AIs ('10', '21') would otherwise come before '01'.
  return Object.entries(parsed.data.ais)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ai, value]) => `(${ai})${value}`)
    .join('');
}
