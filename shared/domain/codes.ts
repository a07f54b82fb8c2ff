/**
 * One entry point for every scan (GS1, Digital Link, EAN, weight codes, the station's own codes,
 * opaque provincial codes): decides what kind of code arrived, validates what can
 * be validated, and gives it a canonical `key` so the same lot is recognised however it was read.
 */
import { dammDigit } from './damm';
import { looksLikeDigitalLink, parseDigitalLink } from './digitalLink';
import { GS, parseGs1, stripGs1SymbologyId, toElementString, type Gs1Data, type Gs1Options, type Gs1Result } from './gs1';
import { gs1CheckDigit, isValidGtin, toGtin14 } from './gs1Check';
import { parseOwnCode } from './ownCode';
import type { ScanError } from './scanError';
import { sanitizeScan } from './scanText';
import { DEFAULT_WEIGHT_LAYOUTS, parseWeightCode, type WeightLayout } from './weightCode';

export { SCAN_ERROR_CODES, type ScanError, type ScanErrorCode } from './scanError';

export const CODE_KINDS = ['own', 'gs1', 'digitalLink', 'gtin', 'weight', 'opaque'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];
export type OpaqueHint = 'provincial' | 'url' | 'mofcom' | 'text';

/** GS1 fields (from an element string or Digital Link) are present when the code carries them. */
export interface ParsedCode extends Partial<Gs1Data> {
  kind: CodeKind;
  /** Canonical identity for duplicate detection (see gs1Key and parseCode). */
  key: string;
  /** The scan after sanitising, without a recognised AIM symbology identifier. */
  text: string;
  stationId?: string;
  sequence?: number;
  plu?: string;
  amount?: number;
  hint?: OpaqueHint;
}

export type ParseResult = { ok: true; code: ParsedCode } | { ok: false; error: ScanError };

export interface ParseOptions extends Gs1Options {
  /** Weighed-goods layouts of this store; defaults to DEFAULT_WEIGHT_LAYOUTS. */
  weightLayouts?: readonly WeightLayout[];
}

/**
 * AIM identifiers of non-GS1 symbologies (Code 128, EAN-13, EAN-8, QR, DataMatrix), sent when a
 * scanner is set to prefix them. Dropped so a code keys the same with or without them.
 */
const PLAIN_SYMBOLOGY_IDS = [']C0', ']E0', ']E4', ']Q1', ']d1'] as const;

/**
 * Identity of a GS1 item: GTIN + lot + serial as a canonical element string, so a GS1-128 label
 * and a Digital Link of the same lot share it. A GS sits between lot and serial (as GS1 requires
 * after a variable field), which keeps lot "A21B" apart from lot "A" + serial "B". Without a GTIN
 * the SSCC identifies the unit; failing both, all AIs (in AI order) prefixed `gs1:`.
 */
export function gs1Key(ais: Record<string, string>): string {
  if (ais['01'] !== undefined) {
    const fields: Array<[string, string]> = [['01', ais['01']]];
    if (ais['10'] !== undefined) fields.push(['10', ais['10']]);
    if (ais['21'] !== undefined) fields.push(['21', ais['21']]);
    return toElementString(fields);
  }
  if (ais['00'] !== undefined) return '00' + ais['00'];
  const sorted = Object.entries(ais).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return 'gs1:' + toElementString(sorted);
}

const fail = (code: ScanError['code'], params?: ScanError['params']): ParseResult => ({
  ok: false,
  error: params ? { code, params } : { code },
});

function fromGs1(kind: 'gs1' | 'digitalLink', text: string, result: Gs1Result): ParseResult {
  if (!result.ok) return result;
  const { ais, ...fields }: Gs1Data = result.data;
  return { ok: true, code: { kind, key: gs1Key(ais), text, ais, ...fields } };
}

function opaque(text: string): ParseResult {
  const hint: OpaqueHint = /^FJ\d{10}$/.test(text) ? 'provincial' : /^\d{20}$/.test(text) ? 'mofcom' : /^https?:\/\//i.test(text) ? 'url' : 'text';
  return { ok: true, code: { kind: 'opaque', key: 'x:' + text, text, hint } };
}

/**
 * Classifies and validates one scan. Order: sanitise → GS1 element string (GS1 symbology id,
 * bracketed, or containing GS) → Digital Link → own code (19 digits) → weighed goods (13/18
 * digits with a layout prefix) → GTIN (8/12/13/14 digits) → unmarked `01`+GTIN element string →
 * opaque. Never throws.
 */
export function parseCode(raw: string, options: ParseOptions = {}): ParseResult {
  const clean = sanitizeScan(raw);
  if (!clean.ok) return fail(clean.code);
  let text = clean.text;

  const gs1Body = stripGs1SymbologyId(text);
  if (gs1Body !== null) return fromGs1('gs1', gs1Body, parseGs1(gs1Body, options));
  const plainId = PLAIN_SYMBOLOGY_IDS.find((id) => text.startsWith(id));
  if (plainId) {
    text = text.slice(plainId.length);
    if (text.trim() === '') return fail('empty');
  }

  if (text.includes(GS) || /^\(\d{2,4}\)/.test(text)) return fromGs1('gs1', text, parseGs1(text, options));
  if (looksLikeDigitalLink(text)) return fromGs1('digitalLink', text, parseDigitalLink(text, options));

  if (/^\d+$/.test(text)) {
    const n = text.length;
    if (n === 19) {
      const own = parseOwnCode(text);
      if (own) return { ok: true, code: { kind: 'own', key: text, text, ...own } };
      const gs1 = unmarkedGs1(text, options);
      if (gs1) return gs1;
      // 19 digits are reserved for our own codes: a typo must not slip in as an opaque lot.
      return fail('badCheckDigit', { expected: String(dammDigit(text.slice(0, -1))), got: text.slice(-1) });
    }
    const weight = parseWeightCode(text, options.weightLayouts ?? DEFAULT_WEIGHT_LAYOUTS);
    if (weight) {
      if (!weight.ok) return weight;
      const { plu, weightKg, amount } = weight.value;
      const code: ParsedCode = { kind: 'weight', key: 'w:' + text, text, plu };
      if (weightKg !== undefined) code.netWeightKg = weightKg;
      if (amount !== undefined) code.amount = amount;
      return { ok: true, code };
    }
    if (n === 8 || n === 12 || n === 13 || n === 14) {
      if (!isValidGtin(text)) {
        return fail('badCheckDigit', { expected: String(gs1CheckDigit(text.slice(0, -1))), got: text.slice(-1) });
      }
      const gtin = toGtin14(text);
      return { ok: true, code: { kind: 'gtin', key: '01' + gtin, text, gtin } };
    }
    // Exactly 20 digits is a MOFCOM trace code first: never reread it as an element string.
    if (n === 20) return opaque(text);
  }

  return unmarkedGs1(text, options) ?? opaque(text);
}

/** `01` + 14 digits + more AIs without any marker: GS1 only if it parses completely, else null. */
function unmarkedGs1(text: string, options: Gs1Options): ParseResult | null {
  if (!/^01\d{14}./.test(text)) return null;
  const result = parseGs1(text, options);
  return result.ok ? fromGs1('gs1', text, result) : null;
}
