import type { Unit } from '../../../shared/contract';

// Shared with receipts, which print the code grouped as the screen shows it.
export { groupedCode } from '../../../shared/domain/label';

/** Kilograms to the scale's 3 decimals, counted units whole (as on the label). */
export function amountText(quantity: number, unit: Unit): string {
  return unit === 'kg' ? quantity.toFixed(3) : String(Math.round(quantity));
}
