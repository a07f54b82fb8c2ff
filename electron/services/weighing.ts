import { refused, type Unit, type Weight } from '../../shared/contract';

/** What a sale, an entry or a disposal needs from the scales (scales.ts). */
export interface ScaleReadings {
  /** The weight a scale vouches for right now (fresh), or null. */
  current(scaleId: string): Weight | null;
  /** Spends the current stable reading on one record. */
  take(scaleId: string): { kg: number } | { refused: 'weightNotStable' | 'weightNegative' | 'weightAlreadyUsed' };
  giveBack(scaleId: string): void;
}

/**
 * Matches the scale's own resolution: a reading and the quantity shown for it agree to the gram
 * (the screen rounds a reading such as 1.2345 kg to either neighbour; the slack covers binary fractions).
 */
const SAME_WEIGHT_KG = 0.0005 + 1e-9;

/**
 * Spends the scale's reading on a quantity the screen showed from it. Never an unstable, stale,
 * overloaded, negative or other weight than the one the user saw, and never the same goods twice. Returns
 * the give-back to call when the record is not written after all.
 */
export function takeWeighed(scale: ScaleReadings, scaleId: string, quantity: number, unit: Unit): () => void {
  const w = scale.current(scaleId);
  if (unit !== 'kg' || !w || w.kind !== 'reading' || !w.stable || w.kg === null) throw refused('conflict', 'no stable weight', 'weightNotStable');
  if (w.kg < 0) throw refused('conflict', 'negative weight', 'weightNegative', { kg: w.kg });
  if (Math.abs(w.kg - quantity) > SAME_WEIGHT_KG) throw refused('conflict', 'weight changed', 'weightChanged', { kg: w.kg });
  const taken = scale.take(scaleId);
  if ('refused' in taken) throw refused('conflict', 'weight not usable', taken.refused);
  return () => scale.giveBack(scaleId);
}

/** Runs write() with the weighed quantity spent; gives the reading back if write() throws. */
export function withWeighed<T>(scale: ScaleReadings, scaleId: string | undefined, quantity: number, unit: Unit, write: () => T): T {
  const giveBack = scaleId ? takeWeighed(scale, scaleId, quantity, unit) : undefined;
  try {
    return write();
  } catch (e) {
    giveBack?.();
    throw e;
  }
}
