/**
 * The station's own trace code: 19 digits = station id (7) + sequence (11) + Damm check (1).
 * Numeric and ≤ 20 digits so it is a valid GS1 lot (AI 10) and packs into Code 128 subset C and QR
 * numeric mode; the registered station id keeps offline issuers from colliding: no two stations
 * share an id, and each issues its own sequence.
 * 19 digits also keeps it apart from MOFCOM (20), weighed-goods (18) codes and GTINs.
 */
import { dammDigit, dammValid } from './damm';

export const OWN_CODE = {
  length: 19,
  stationIdLength: 7,
  sequenceLength: 11,
  /** Largest sequence that fits: 10^11 − 1 (well inside Number.MAX_SAFE_INTEGER). */
  maxSequence: 99_999_999_999,
} as const;

const STATION_ID = /^\d{7}$/;
const OWN = /^\d{19}$/;

/** Builds a code. Throws RangeError for a malformed station id or an out-of-range sequence. */
export function formatOwnCode(stationId: string, seq: number): string {
  if (!STATION_ID.test(stationId)) throw new RangeError('station id must be 7 digits');
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > OWN_CODE.maxSequence) {
    throw new RangeError(`sequence must be an integer in 0..${OWN_CODE.maxSequence}`);
  }
  const body = stationId + String(seq).padStart(OWN_CODE.sequenceLength, '0');
  return body + String(dammDigit(body));
}

/** Reads a code; null unless it is exactly 19 digits with a valid Damm check digit. */
export function parseOwnCode(s: string): { stationId: string; sequence: number } | null {
  if (!OWN.test(s) || !dammValid(s)) return null;
  const { stationIdLength: a, sequenceLength: b } = OWN_CODE;
  return { stationId: s.slice(0, a), sequence: Number(s.slice(a, a + b)) };
}
