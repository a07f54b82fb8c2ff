import type { Unit } from '../contract';

/**
 * Decimals a quantity of each unit is recorded with: kilograms to the gram (the scales' and the
 * labels' resolution), pieces, heads and boxes whole. A label prints exactly these.
 */
export const UNIT_DECIMALS: Record<Unit, number> = { kg: 3, piece: 0, head: 0, box: 0 };

export type QuantityProblem = 'wholeUnits' | 'kgResolution';

/**
 * Why a quantity cannot be recorded in its unit: not a whole number of steps (0.1 piece, 1.2345 kg)
 * or less than one step (5e-324 kg, which a label would print as 0.000). Null when it can.
 */
export function quantityProblem(quantity: number, unit: Unit): QuantityProblem | null {
  const decimals = UNIT_DECIMALS[unit];
  const steps = quantity * 10 ** decimals;
  // Relative slack for binary fractions: 1.234 kg is 1233.9999999999998 grams.
  const whole = Math.abs(steps - Math.round(steps)) <= 1e-12 * Math.max(1, Math.abs(steps));
  if (Number.isFinite(steps) && Math.round(steps) >= 1 && whole) return null;
  return decimals === 0 ? 'wholeUnits' : 'kgResolution';
}
