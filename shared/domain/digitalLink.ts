/**
 * GS1 Digital Link URIs (`https://any.domain/[prefix/]01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}]
 * ?17=YYMMDD&15=…&16=…&11=…&3103=001234`): the same fields as an element string, so the same lot
 * scanned from a GS1-128 label or from a phone-readable QR yields the same identity. Only numeric
 * AI keys are read (short names such as `gtin` are not needed); other query parameters are ignored.
 * Qualifiers written before the GTIN (`/10/{lot}/01/{gtin}`, out of the standard's order) are read
 * too rather than dropped as path prefix.
 */
import { decodeAis, validateAiValue, type Gs1Options, type Gs1Result } from './gs1';
import { toGtin14 } from './gs1Check';
import type { ScanError } from './scanError';

/** Key qualifiers that may follow the GTIN in the path, in this order. */
const GTIN_QUALIFIERS = ['22', '10', '21'] as const;

/**
 * A key or qualifier value as a Digital Link path segment. GS1 Digital Link (URI syntax, table of
 * characters to percent-encode) also wants `! ' ( ) *` encoded, which encodeURIComponent leaves
 * bare; a batch `A(1)` is `A%281%29`. parseDigitalLink reads either form back to the same value.
 */
export function encodeDigitalLinkValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Cheap shape test used for classification: http(s) URL with a `/01/` segment of 13 or 14 digits. */
const CANDIDATE = /^https?:\/\/[^/?#\s]+\/(?:[^?#]*\/)?01\/(?:\d{13}|\d{14})(?:[/?#]|$)/i;

export function looksLikeDigitalLink(s: string): boolean {
  return CANDIDATE.test(s);
}

const fail = (code: ScanError['code'], params?: ScanError['params']): Gs1Result => ({
  ok: false,
  error: params ? { code, params } : { code },
});

/** A path tail `01/x[/22/y][/10/z][/21/w]`: qualifiers in order, none repeated. */
function isKeyPath(tail: string[]): boolean {
  if (tail.length < 2 || tail.length % 2 !== 0 || tail[0] !== '01') return false;
  let last = -1;
  for (let i = 2; i < tail.length; i += 2) {
    const q = GTIN_QUALIFIERS.indexOf(tail[i] as (typeof GTIN_QUALIFIERS)[number]);
    if (q <= last) return false;
    last = q;
  }
  return true;
}

/**
 * Where qualifier pairs written before the GTIN begin (`/10/ABC/01/…`). The standard puts them
 * after it, so a strict reader would take `/10/ABC` for path prefix and lose the batch; labels
 * printed that way exist, so a run of qualifier pairs right before `/01/` is read as qualifiers.
 */
function leadingQualifiers(segments: string[], start: number): number {
  let from = start;
  while (from >= 2 && (GTIN_QUALIFIERS as readonly string[]).includes(segments[from - 2]!)) from -= 2;
  return from;
}

/** The AI/value pairs of segments[from, to). */
function pathPairs(segments: string[], from: number, to: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = from; i < to; i += 2) out.push([segments[i]!, segments[i + 1]!]);
  return out;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseDigitalLink(uri: string, options: Gs1Options = {}): Gs1Result {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return fail('badGs1', { reason: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('badGs1', { reason: 'url' });

  // The path as written: URL parsing drops `.` and `..` segments (even as %2E), which are batches too.
  const rawPath = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(uri)?.[1] ?? url.pathname;
  const segments = rawPath.split('/').filter((x) => x !== '');
  // The first `01` whose tail is a well-formed key path: anything before it is the path prefix.
  const start = segments.findIndex((seg, i) => seg === '01' && isKeyPath(segments.slice(i)));
  if (start < 0) return fail('badGs1', { reason: 'noGtin' });

  // Pairs keep the URI's order for validation (object keys like '10' would be reordered).
  const pairs: Array<[string, string]> = [];
  const keyPairs = [...pathPairs(segments, start, segments.length), ...pathPairs(segments, leadingQualifiers(segments, start), start)];
  for (const [ai, raw] of keyPairs) {
    const value = decode(raw);
    if (value === null) return fail('badGs1', { reason: 'percent' });
    pairs.push([ai, value]);
  }
  // Digital Link allows GTIN-8/12/13 in the path; the canonical form is 14 digits.
  const gtin = pairs[0]![1];
  if (/^\d+$/.test(gtin) && [8, 12, 13].includes(gtin.length)) pairs[0]![1] = toGtin14(gtin);

  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (key === null || value === null) return fail('badGs1', { reason: 'percent' });
    if (!/^\d+$/.test(key)) continue; // linkType, tracking parameters, short names
    pairs.push([key, value]);
  }

  const ais: Record<string, string> = {};
  for (const [ai, value] of pairs) {
    const err = validateAiValue(ai, value, options);
    if (err) return { ok: false, error: err };
    if (ai in ais && ais[ai] !== value) return fail('badGs1', { reason: 'duplicateAi', ai });
    ais[ai] = value;
  }
  return { ok: true, data: decodeAis(ais, options) };
}
