import type { Input, Unit } from '../../../../shared/contract';
import { typedUscc, usccProblem } from '../subjects/usccProblem';

/** One portion as typed at the counter: strings until 出码 turns them into splitLot input. */
export interface PortionDraft {
  /** Typed now; a scale's live reading will fill the same field. */
  quantity: string;
  buyerName: string;
  buyerUscc: string;
  buyerPhone: string;
  /** 元 as typed. */
  price: string;
  closing: boolean;
}

export const emptyPortion = (): PortionDraft => ({ quantity: '', buyerName: '', buyerUscc: '', buyerPhone: '', price: '', closing: false });

const KG = /^\d{1,7}(?:[.,]\d{1,3})?$/;
// 0.01 斤 is 5 g: kilograms stay exact to the gram.
const JIN = /^\d{1,7}(?:[.,]\d{1,2})?$/;
const COUNT = /^\d{1,7}$/;
// The same shape splitLot's schema accepts.
const PHONE = /^[\d+\- ]{5,20}$/;

/**
 * A typed portion: kilograms to 3 decimals (scale resolution), pieces/heads/boxes whole; null if
 * not that. `jin`: a weight typed in 市斤 (2 decimals), returned in kilograms.
 */
export function parseQuantity(text: string, unit: Unit, jin = false): number | null {
  const s = text.trim();
  const inJin = jin && unit === 'kg';
  if (!(unit !== 'kg' ? COUNT : inJin ? JIN : KG).test(s)) return null;
  const n = Number(s.replace(',', '.'));
  if (!(n > 0)) return null;
  return inJin ? Math.round(n * 500) / 1000 : n;
}

/** A kilogram reading as 市斤, to the gram (3 decimals). */
export const kgToJin = (kg: string) => (Math.round(Number(kg) * 2000) / 1000).toFixed(3);

/** 元 → integer 分, digit by digit so 0.29 元 is 29 分 and not 28.999…; null if not an amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/**
 * The splitLot input for a portion of the scanned lot, or what to fix first as i18n keys (nothing
 * is sent). `jin`: the vendor weighs in 斤 — typed so, and printed so on the label and receipt.
 */
export function splitInput(parentRaw: string, unit: Unit, d: PortionDraft, jin = false): { input: Input<'splitLot'> } | { problems: string[] } {
  const problems: string[] = [];
  const inJin = jin && unit === 'kg';
  const quantity = parseQuantity(d.quantity, unit, inJin);
  if (quantity === null) problems.push(unit !== 'kg' ? 'counter.problem.quantityCount' : inJin ? 'counter.problem.quantityJin' : 'counter.problem.quantityKg');
  const uscc = usccProblem(d.buyerUscc);
  if (uscc) problems.push(`uscc.${uscc}`);
  const phone = d.buyerPhone.trim();
  if (phone && !PHONE.test(phone)) problems.push('counter.problem.phone');
  const priceFen = d.price.trim() ? yuanToFen(d.price) : undefined;
  if (priceFen === null) problems.push('counter.problem.price');
  if (problems.length > 0 || quantity === null || priceFen === null) return { problems };

  const buyer = {
    ...(d.buyerName.trim() && { name: d.buyerName.trim() }),
    ...(typedUscc(d.buyerUscc) && { uscc: typedUscc(d.buyerUscc) }),
    ...(phone && { phone }),
  };
  return {
    input: {
      parentRaw,
      quantity,
      unit,
      ...(Object.keys(buyer).length > 0 && { buyer }),
      ...(priceFen !== undefined && { priceFen }),
      ...(inJin && { displayUnit: 'jin' as const }),
      closing: d.closing,
    },
  };
}
