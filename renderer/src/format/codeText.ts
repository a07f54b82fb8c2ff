import type { Unit } from '../../../shared/contract';

const OWN_CODE = /^(\d{7})(\d{12})$/;

/**
 * An own 19-digit code as people read it back: station id, then fours —
 * `3050102 0000 0000 0017`. Other codes (GS1 bracketed, opaque) stay as they are.
 */
export function groupedCode(code: string): string {
  const m = OWN_CODE.exec(code);
  return m ? `${m[1]} ${m[2]!.replace(/(\d{4})(?=\d)/g, '$1 ')}` : code;
}

/** Kilograms to the scale's 3 decimals, counted units whole (as on the label). */
export function amountText(quantity: number, unit: Unit): string {
  return unit === 'kg' ? quantity.toFixed(3) : String(Math.round(quantity));
}
