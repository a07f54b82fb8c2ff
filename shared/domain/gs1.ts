/**
 * GS1 element strings as scanners deliver them: GS1-128, GS1 DataMatrix and GS1 QR,
 * with or without the AIM symbology identifier, FNC1 sent as GS (0x1D) or — through a keyboard
 * wedge on Linux — as the literal text `029`, and the bracketed human-readable form.
 */
import { gs1CheckDigit, isValidMod10 } from './gs1Check';
import type { ScanError } from './scanError';

/** Group separator: how scanners transmit FNC1 between fields. */
export const GS = '\u001d';
/** What a Linux keyboard wedge may type instead of GS (Alt+029 arriving as digits). */
export const LITERAL_GS = '029';
/** Longest element string the parser takes (a scan is already capped at 512 characters). */
export const MAX_ELEMENT_STRING = 1024;
/** AIM symbology identifiers that announce GS1 data: GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar. */
export const GS1_SYMBOLOGY_IDS = [']C1', ']d2', ']Q3', ']e0'] as const;

export interface AiDef {
  title: string;
  /** 'N' digits only; 'X' the GS1 AI encodable character set 82. */
  charset: 'N' | 'X';
  /** A predefined length (needs no separator) or a variable length that ends at GS or the end. */
  length: number | { min: number; max: number };
  /** Meaning-level validation beyond charset and length. */
  check?: 'mod10' | 'date' | 'dateTime' | 'currency';
  /** For keys ending in 'n' (decimal-point position): the largest allowed n. */
  maxDecimals?: number;
}

const date = (title: string): AiDef => ({ title, charset: 'N', length: 6, check: 'date' });
const gln = (title: string): AiDef => ({ title, charset: 'N', length: 13, check: 'mod10' });
const text = (title: string, max: number): AiDef => ({ title, charset: 'X', length: { min: 1, max } });

/**
 * The AIs the station understands, as data. Keys ending in 'n' stand for a last digit giving the
 * number of decimals. Anything else is refused as 'unknownAi' rather than guessed at.
 */
export const GS1_AI_TABLE: Readonly<Record<string, AiDef>> = {
  '00': { title: 'SSCC', charset: 'N', length: 18, check: 'mod10' },
  '01': { title: 'GTIN', charset: 'N', length: 14, check: 'mod10' },
  '02': { title: 'CONTENT', charset: 'N', length: 14, check: 'mod10' },
  '10': text('BATCH/LOT', 20),
  '11': date('PROD DATE'),
  '13': date('PACK DATE'),
  '15': date('BEST BEFORE'),
  '16': date('SELL BY'),
  '17': date('USE BY OR EXPIRY'),
  '21': text('SERIAL', 20),
  '22': text('CPV', 20),
  '240': text('ADDITIONAL ID', 30),
  '241': text('CUST. PART No.', 30),
  '251': text('REF. TO SOURCE', 30),
  '30': { title: 'VAR. COUNT', charset: 'N', length: { min: 1, max: 8 } },
  '310n': { title: 'NET WEIGHT (kg)', charset: 'N', length: 6, maxDecimals: 5 },
  '320n': { title: 'NET WEIGHT (lb)', charset: 'N', length: 6, maxDecimals: 5 },
  '37': { title: 'COUNT', charset: 'N', length: { min: 1, max: 8 } },
  '392n': { title: 'PRICE', charset: 'N', length: { min: 1, max: 15 }, maxDecimals: 9 },
  '393n': { title: 'PRICE + ISO', charset: 'N', length: { min: 4, max: 18 }, check: 'currency', maxDecimals: 9 },
  '400': text('ORDER NUMBER', 30),
  '410': gln('SHIP TO LOC'),
  '411': gln('BILL TO'),
  '412': gln('PURCHASE FROM'),
  '413': gln('SHIP FOR LOC'),
  '414': gln('LOC No.'),
  '8008': { title: 'PROD TIME', charset: 'N', length: { min: 8, max: 12 }, check: 'dateTime' },
};

export interface Gs1Options {
  /**
   * Year used to pick the century of YYMMDD dates by the GS1 sliding window (−49…+50 years).
   * Omitted: 20YY, which keeps the parser free of a clock and is right until 2050.
   */
  referenceYear?: number;
}

/** The fields every reader of a GS1 code (element string or Digital Link) produces. */
export interface Gs1Data {
  /** Every AI as received (GTIN as 14 digits), keyed by AI. */
  ais: Record<string, string>;
  gtin?: string;
  batch?: string;
  serial?: string;
  /** (11) production date. */
  productionDate?: string;
  /** (17) use by / expiry, (15) best before, (16) sell by: each kept apart, never one for another. */
  expiryDate?: string;
  bestBeforeDate?: string;
  sellByDate?: string;
  netWeightKg?: number;
  price?: number;
  sourceRef?: string;
}

export type Gs1Result = { ok: true; data: Gs1Data } | { ok: false; error: ScanError };

const fail = (code: ScanError['code'], params?: ScanError['params']): { ok: false; error: ScanError } => ({
  ok: false,
  error: params ? { code, params } : { code },
});

/** The definition of an exact AI such as '3103', or undefined if the station does not know it. */
export function lookupAi(ai: string): AiDef | undefined {
  if (!/^\d{2,4}$/.test(ai)) return undefined;
  const exact = GS1_AI_TABLE[ai];
  if (exact) return exact;
  if (ai.length !== 4) return undefined;
  const def = GS1_AI_TABLE[ai.slice(0, 3) + 'n'];
  return def && Number(ai[3]) <= (def.maxDecimals ?? 9) ? def : undefined;
}

// GS1 AI encodable character set 82 (General Specifications figure 7.11-1).
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;
const DIGITS = /^\d+$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fullYear(yy: number, referenceYear?: number): number {
  if (referenceYear === undefined) return 2000 + yy;
  const century = referenceYear - (referenceYear % 100);
  const diff = yy - (referenceYear % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * YYMMDD → YYYY-MM-DD, or null if impossible. DD = 00 means "day not stated": expiry-like dates
 * become the month's last day (GS1 rule), production-like dates its first (the earliest possible).
 */
function yymmdd(v: string, dayZero: 'end' | 'start' | 'forbid', referenceYear?: number): string | null {
  const year = fullYear(Number(v.slice(0, 2)), referenceYear);
  const month = Number(v.slice(2, 4));
  let day = Number(v.slice(4, 6));
  if (month < 1 || month > 12) return null;
  const last = daysInMonth(year, month);
  if (day > last) return null;
  if (day === 0) {
    if (dayZero === 'forbid') return null;
    day = dayZero === 'end' ? last : 1;
  }
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Checks one AI value; null when valid. */
export function validateAiValue(ai: string, value: string, options: Gs1Options = {}): ScanError | null {
  const def = lookupAi(ai);
  if (!def) return { code: 'unknownAi', params: { ai } };
  if (typeof def.length === 'number') {
    if (value.length !== def.length) return { code: 'badLength', params: { ai, expected: def.length, got: value.length } };
  } else if (value.length < def.length.min || value.length > def.length.max) {
    return { code: 'badLength', params: { ai, min: def.length.min, max: def.length.max, got: value.length } };
  }
  if (!(def.charset === 'N' ? DIGITS : CSET82).test(value)) return { code: 'badGs1', params: { ai, reason: 'charset' } };
  switch (def.check) {
    case 'mod10':
      if (!isValidMod10(value)) {
        return { code: 'badCheckDigit', params: { ai, expected: String(gs1CheckDigit(value.slice(0, -1))), got: value.slice(-1) } };
      }
      break;
    case 'date':
      if (yymmdd(value, 'end', options.referenceYear) === null) return { code: 'badDate', params: { ai, value } };
      break;
    case 'dateTime': {
      // YYMMDDHH with optional minutes and seconds.
      if (value.length % 2 !== 0) return { code: 'badLength', params: { ai, got: value.length } };
      const hh = Number(value.slice(6, 8));
      const mi = Number(value.slice(8, 10) || '0');
      const ss = Number(value.slice(10, 12) || '0');
      if (hh > 23 || mi > 59 || ss > 59 || yymmdd(value.slice(0, 6), 'forbid', options.referenceYear) === null) {
        return { code: 'badDate', params: { ai, value } };
      }
      break;
    }
    case 'currency':
      // ISO 4217 numeric code first; which codes exist is not ours to police.
      break;
  }
  return null;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const LB_KG = 0.45359237;

/** Decodes validated AIs into the station's fields. */
export function decodeAis(ais: Record<string, string>, options: Gs1Options = {}): Gs1Data {
  const out: Gs1Data = { ais };
  const y = options.referenceYear;
  if (ais['01'] !== undefined) out.gtin = ais['01'];
  if (ais['10'] !== undefined) out.batch = ais['10'];
  if (ais['21'] !== undefined) out.serial = ais['21'];
  if (ais['251'] !== undefined) out.sourceRef = ais['251'];
  const day = (ai: string, dayZero: 'start' | 'end') => (ais[ai] === undefined ? null : yymmdd(ais[ai], dayZero, y));
  const prod = day('11', 'start');
  if (prod) out.productionDate = prod;
  const expiry = day('17', 'end');
  if (expiry) out.expiryDate = expiry;
  const bestBefore = day('15', 'end');
  if (bestBefore) out.bestBeforeDate = bestBefore;
  const sellBy = day('16', 'end');
  if (sellBy) out.sellByDate = sellBy;
  const keys = Object.keys(ais);
  const kg = keys.find((k) => /^310\d$/.test(k));
  const lb = keys.find((k) => /^320\d$/.test(k));
  if (kg) out.netWeightKg = Number(ais[kg]) / 10 ** Number(kg[3]);
  else if (lb) out.netWeightKg = round6((Number(ais[lb]) / 10 ** Number(lb[3])) * LB_KG);
  const price = keys.find((k) => /^392\d$/.test(k));
  const priceIso = keys.find((k) => /^393\d$/.test(k));
  if (price) out.price = Number(ais[price]) / 10 ** Number(price[3]);
  else if (priceIso) out.price = Number(ais[priceIso]!.slice(3)) / 10 ** Number(priceIso[3]);
  return out;
}

type Fields = Array<[string, string]>;
type Step = { ok: true; fields: Fields } | { ok: false; error: ScanError };

/** AI length implied by its first two digits (GS1 numbering), for naming an unknown AI. */
function unknownAiAt(s: string, p: number): string {
  const n = Number(s.slice(p, p + 2));
  const len = (n >= 23 && n <= 25) || (n >= 40 && n <= 42) || n === 71 ? 3 : (n >= 31 && n <= 36) || n === 39 || n === 43 || n === 70 || (n >= 72 && n <= 89) ? 4 : 2;
  return s.slice(p, p + len);
}

/**
 * Unbracketed element string. Fields of predefined length end by length; variable ones at GS or
 * the end — or at a literal `029`, but only when everything after it then parses as valid AIs
 * (backtracking); otherwise `029` is data. A literal `029` straight after a predefined-length field
 * is likewise skipped only when the direct reading fails. A scanner that sends real GS separators
 * sends all of them that way, so a string with a GS between fields never reads `029` as one (a lot
 * "AB02911…" stays whole). Memoised per position, so O(n²) at worst.
 */
function parseUnbracketed(s: string, options: Gs1Options): Step {
  const memo = new Map<number, Step>();
  const literalGs = !s.includes(GS);
  const join = (ai: string, value: string, rest: Step): Step => (rest.ok ? { ok: true, fields: [[ai, value], ...rest.fields] } : rest);

  const at = (p: number, mayBeLiteralGs: boolean): Step => {
    if (s[p] === GS) {
      // Real separators: tolerated at any field boundary, never followed by a literal one.
      while (s[p] === GS) p++;
      mayBeLiteralGs = false;
    }
    if (p >= s.length) return { ok: true, fields: [] };
    const key = p * 2 + (mayBeLiteralGs ? 1 : 0);
    const known = memo.get(key);
    if (known) return known;
    let result = field(p);
    if (!result.ok && mayBeLiteralGs && literalGs && s.startsWith(LITERAL_GS, p) && p + 3 < s.length && s[p + 3] !== GS) {
      const alt = at(p + 3, false);
      if (alt.ok) result = alt;
    }
    memo.set(key, result);
    return result;
  };

  const field = (p: number): Step => {
    if (!/^\d\d/.test(s.slice(p, p + 2))) return fail('badGs1', { reason: 'aiExpected', at: p });
    let ai = '';
    for (const len of [2, 3, 4]) {
      const cand = s.slice(p, p + len);
      if (cand.length === len && /^\d+$/.test(cand) && lookupAi(cand)) {
        ai = cand;
        break;
      }
    }
    if (!ai) return fail('unknownAi', { ai: unknownAiAt(s, p) });
    const def = lookupAi(ai)!;
    const vs = p + ai.length;
    const gsAt = s.indexOf(GS, vs);
    const limit = gsAt < 0 ? s.length : gsAt;

    if (typeof def.length === 'number') {
      const value = s.slice(vs, Math.min(vs + def.length, limit));
      const err = validateAiValue(ai, value, options);
      if (err) return { ok: false, error: err };
      return join(ai, value, at(vs + def.length, true));
    }

    const { min, max } = def.length;
    const firstLiteral = literalGs ? s.indexOf(LITERAL_GS, vs + Math.max(min, 1)) : -1;
    for (let k = firstLiteral; k !== -1 && k < limit; k = s.indexOf(LITERAL_GS, k + 1)) {
      if (k - vs > max || k + 3 >= limit) break;
      const value = s.slice(vs, k);
      if (validateAiValue(ai, value, options)) continue;
      const rest = at(k + 3, false);
      if (rest.ok) return join(ai, value, rest);
    }
    const value = s.slice(vs, limit);
    const err = validateAiValue(ai, value, options);
    if (err) return { ok: false, error: err };
    return join(ai, value, at(limit, false));
  };

  return at(0, false);
}

const BRACKET_AI = /\((\d{2,4})\)/g;

/** Human-readable form `(01)…(10)…`: every `(digits)` starts a field, the text up to the next is its value. */
function parseBracketed(s: string, options: Gs1Options): Step {
  const marks = [...s.matchAll(BRACKET_AI)];
  if (marks.length === 0 || marks[0]!.index !== 0) return fail('badGs1', { reason: 'bracket', at: 0 });
  const fields: Fields = [];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const ai = m[1]!;
    const value = s.slice(m.index + m[0].length, i + 1 < marks.length ? marks[i + 1]!.index : s.length);
    const err = validateAiValue(ai, value, options);
    if (err) return { ok: false, error: err };
    fields.push([ai, value]);
  }
  return { ok: true, fields };
}

/** Removes a leading GS1 AIM symbology identifier; null when there is none. */
export function stripGs1SymbologyId(s: string): string | null {
  const id = GS1_SYMBOLOGY_IDS.find((x) => s.startsWith(x));
  return id ? s.slice(id.length) : null;
}

/**
 * Parses a GS1 element string (symbology id optional, GS or literal `029` separators, or the
 * bracketed form), validating lengths, character set, check digits and dates.
 */
export function parseGs1(input: string, options: Gs1Options = {}): Gs1Result {
  const body = stripGs1SymbologyId(input) ?? input;
  // Some readers send FNC1-in-first-position as a GS; a trailing GS is harmless too.
  let from = 0;
  let to = body.length;
  while (body[from] === GS) from++;
  while (to > from && body[to - 1] === GS) to--;
  const s = body.slice(from, to);
  if (s === '') return fail('badGs1', { reason: 'empty' });
  // Bounds the parser's recursion; real element strings are far shorter (GS1-128: 48 characters).
  if (s.length > MAX_ELEMENT_STRING) return fail('badGs1', { reason: 'tooLong' });
  const step = s.startsWith('(') ? parseBracketed(s, options) : parseUnbracketed(s, options);
  if (!step.ok) return step;
  const ais: Record<string, string> = {};
  for (const [ai, value] of step.fields) {
    if (ai in ais && ais[ai] !== value) return fail('badGs1', { reason: 'duplicateAi', ai });
    ais[ai] = value;
  }
  return { ok: true, data: decodeAis(ais, options) };
}

/**
 * Builds an unbracketed element string, putting a GS after every variable-length field that is
 * followed by another (as GS1 requires). Unknown AIs are treated as variable-length.
 */
export function toElementString(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields
    .map(([ai, value], i) => {
      const fixed = typeof lookupAi(ai)?.length === 'number';
      return ai + value + (fixed || i === fields.length - 1 ? '' : GS);
    })
    .join('');
}
