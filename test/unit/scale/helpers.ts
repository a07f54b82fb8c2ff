import fc from 'fast-check';
import type { ScaleDecoder, ScaleEvent, ScaleProtocol, SimState } from '../../../drivers/scale/types';

/** The same chunking and noise on every run. */
export { seededRandom as prng } from '../../fixtures/seededRandom';

export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

export function randomBytes(rand: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
}

/** Feeds `data` in random 1–3-byte chunks. */
export function pushChunked(decoder: ScaleDecoder, data: Uint8Array, rand: () => number): ScaleEvent[] {
  const out: ScaleEvent[] = [];
  for (let i = 0; i < data.length;) {
    const n = 1 + Math.floor(rand() * 3);
    out.push(...decoder.push(data.subarray(i, i + n)));
    i += n;
  }
  return out;
}

export const decodeAll = (p: ScaleProtocol, data: Uint8Array): ScaleEvent[] => p.createDecoder().push(data);

export const STATE: SimState = { kg: 1.234, tareKg: 0, stable: true, overload: false, underload: false };
export const state = (over: Partial<SimState>): SimState => ({ ...STATE, ...over });

export const simState = fc.record({
  kg: fc.integer({ min: -300_000, max: 300_000 }).map((g) => g / 1000),
  tareKg: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 50_000 }).map((g) => g / 1000),
  ),
  stable: fc.boolean(),
  overload: fc.boolean(),
  underload: fc.boolean(),
  unit: fc.constantFrom('kg', 'g', 'lb', 'jin', 'liang', 'twCatty', 'hkCatty' as const),
});

export const readings = (events: ScaleEvent[]) => events.filter((e) => e.kind === 'reading');
