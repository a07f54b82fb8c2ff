/**
 * In-store weighed-goods codes (GS1 restricted circulation prefixes 20–29). Layouts differ from
 * scale to scale, so they are data. These codes mean something only inside the store
 * that printed them: never send them outside.
 */
import { gs1CheckDigit } from './gs1Check';
import type { ScanError } from './scanError';

export interface WeightLayout {
  id: string;
  length: 13 | 18;
  /** Leading digits that select this layout, e.g. '2' or '26'. */
  prefix: string;
  /** 0-based positions: [start, length] and, for numbers, the count of decimals. */
  fields: {
    plu: [start: number, len: number];
    /** Weight in kg. */
    weight?: [start: number, len: number, decimals: number];
    /** Money amount (price to pay). */
    amount?: [start: number, len: number, decimals: number];
  };
  /**
   * Verify the GS1 price/weight check digit (General Specifications 7.9.2–7.9.4) that sits just
   * before the amount field (or the weight field when there is no amount); that field must have
   * 4 or 5 digits. Scales differ in whether and how they fill it, hence off by default.
   */
  priceCheck?: boolean;
}

export const DEFAULT_WEIGHT_LAYOUTS: readonly WeightLayout[] = [
  // 2 P IIIII V WWWW C — flag, 5-digit item, price/weight check V, weight in grams (kg, 3 decimals).
  { id: 'ean13-weight', length: 13, prefix: '2', fields: { plu: [2, 5], weight: [8, 4, 3] }, priceCheck: false },
  // 26 PPPPP MMMMM WWWWW C — PLU, amount (2 decimals), weight (kg, 3 decimals).
  {
    id: 'gs1-18-amount-weight',
    length: 18,
    prefix: '26',
    fields: { plu: [2, 5], amount: [7, 5, 2], weight: [12, 5, 3] },
  },
];

// Digit maps of the price/weight check (weighting factors 2-, 3, 5+ and 5-).
const W2M = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const W3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const W5P = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const W5M = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/** GS1 price/weight check digit of a 4- or 5-digit field. Throws on other input. */
export function priceCheckDigit(field: string): number {
  if (!/^\d{4,5}$/.test(field)) throw new RangeError('priceCheckDigit needs 4 or 5 digits');
  const d = [...field].map(Number);
  if (d.length === 4) return ((W2M[d[0]!]! + W2M[d[1]!]! + W3[d[2]!]! + W5M[d[3]!]!) * 3) % 10;
  const sum = W5P[d[0]!]! + W2M[d[1]!]! + W5M[d[2]!]! + W5P[d[3]!]! + W2M[d[4]!]!;
  // The check digit is the one whose 5- product makes the total a multiple of 10.
  return W5M.indexOf((10 - (sum % 10)) % 10);
}

/** Configuration problems of a layout (empty when usable): for the settings screen. */
export function weightLayoutProblems(layout: WeightLayout): string[] {
  const problems: string[] = [];
  const last = layout.length - 1; // the final mod-10 check digit
  if (!/^\d{1,3}$/.test(layout.prefix)) problems.push('prefix');
  const spans: Array<[string, number, number, number?]> = [['plu', ...layout.fields.plu]];
  if (layout.fields.weight) spans.push(['weight', ...layout.fields.weight]);
  if (layout.fields.amount) spans.push(['amount', ...layout.fields.amount]);
  for (const [name, start, len, decimals] of spans) {
    const inRange = Number.isInteger(start) && Number.isInteger(len) && start >= 0 && len >= 1 && start + len <= last;
    if (!inRange) problems.push(name);
    if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 6)) problems.push(`${name}.decimals`);
  }
  if (!layout.fields.weight && !layout.fields.amount) problems.push('noValue');
  if (layout.priceCheck) {
    const checked = layout.fields.amount ?? layout.fields.weight;
    if (!checked || (checked[1] !== 4 && checked[1] !== 5) || checked[0] < 1) problems.push('priceCheck');
  }
  return problems;
}

/** The layout a string belongs to: right length and prefix, the longest prefix winning. */
export function matchWeightLayout(s: string, layouts: readonly WeightLayout[] = DEFAULT_WEIGHT_LAYOUTS): WeightLayout | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  return layouts.filter((l) => l.length === s.length && s.startsWith(l.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

export interface WeightCode {
  layoutId: string;
  plu: string;
  weightKg?: number;
  amount?: number;
}

export type WeightResult = { ok: true; value: WeightCode } | { ok: false; error: ScanError };

/** Reads a weighed-goods code; null when no layout matches (so it is not one). */
export function parseWeightCode(s: string, layouts: readonly WeightLayout[] = DEFAULT_WEIGHT_LAYOUTS): WeightResult | null {
  const layout = matchWeightLayout(s, layouts);
  if (!layout) return null;
  const expected = gs1CheckDigit(s.slice(0, -1));
  if (String(expected) !== s.slice(-1)) {
    return { ok: false, error: { code: 'badCheckDigit', params: { expected: String(expected), got: s.slice(-1) } } };
  }
  const { plu, weight, amount } = layout.fields;
  const num = ([start, len, decimals]: [number, number, number]) => Number(s.slice(start, start + len)) / 10 ** decimals;
  const checked = amount ?? weight;
  // A misconfigured check (see weightLayoutProblems) is skipped rather than thrown at the desk.
  if (layout.priceCheck && checked && (checked[1] === 4 || checked[1] === 5) && checked[0] >= 1) {
    const [start, len] = checked;
    const v = priceCheckDigit(s.slice(start, start + len));
    if (String(v) !== s[start - 1]) {
      return { ok: false, error: { code: 'badCheckDigit', params: { expected: String(v), got: s[start - 1]!, check: 'price' } } };
    }
  }
  const value: WeightCode = { layoutId: layout.id, plu: s.slice(plu[0], plu[0] + plu[1]) };
  if (weight) value.weightKg = num(weight);
  if (amount) value.amount = num(amount);
  return { ok: true, value };
}
