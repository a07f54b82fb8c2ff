import type { ScaleDecoder, ScaleEvent, ScaleUnit, SimState } from './types';
import { KG_PER_UNIT } from './types';

/** Junk beyond this is dropped: a scale frame is never this long. */
export const MAX_BUFFER = 256;

export interface FrameSpec {
  /** Applied to every byte on arrival (0x7F strips a parity bit an 8N1 port let through). */
  mask?: number;
  /** Could a frame start with this byte? Other bytes are skipped. */
  isStart(byte: number): boolean;
  /** Length of the complete frame at buf[at], 0 if more bytes are needed, -1 if no frame starts here. */
  frame(buf: readonly number[], at: number): number;
  /** Events of a complete frame; null if it is not a frame after all (garbage that looked like a start). */
  parse(frame: readonly number[]): ScaleEvent[] | null;
}

/** Streaming framer shared by all protocols: resynchronises byte by byte after garbage. */
export function framedDecoder(spec: FrameSpec): ScaleDecoder {
  let buf: number[] = [];
  const mask = spec.mask ?? 0xff;
  return {
    buffered: () => buf.length,
    push(bytes) {
      for (const b of bytes) buf.push(b & mask);
      const out: ScaleEvent[] = [];
      let at = 0;
      while (at < buf.length) {
        if (!spec.isStart(buf[at])) {
          at++;
          continue;
        }
        let n = spec.frame(buf, at);
        let events = n > 0 ? spec.parse(buf.slice(at, at + n)) : null;
        const inner = events?.some((e) => e.kind === 'error') ? innerFrame(spec, buf, at, n) : undefined;
        if (inner === null) events = null;
        else if (inner) [events, n] = [inner.events, inner.end - at];
        if (events) {
          for (const e of events) out.push(e);
          at += n;
        } else if (n > 0) at++;
        else if (n < 0 || buf.length - at >= MAX_BUFFER) at++;
        else break;
      }
      buf = buf.slice(at);
      return out;
    },
  };
}

/**
 * A malformed frame may be garbage that swallowed the start of a real one. Returns the first good
 * frame starting inside it, null if one starts inside but is still incomplete (so skip a byte and
 * wait for it), undefined if there is none (the error stands).
 */
function innerFrame(spec: FrameSpec, buf: readonly number[], at: number, n: number): { events: ScaleEvent[]; end: number } | null | undefined {
  for (let j = at + 1; j < at + n; j++) {
    if (!spec.isStart(buf[j])) continue;
    const m = spec.frame(buf, j);
    if (m === 0) return null;
    const events = m > 0 ? spec.parse(buf.slice(j, j + m)) : null;
    if (events && !events.some((e) => e.kind === 'error')) return { events, end: j + m };
  }
  return undefined;
}

export const ascii = (bytes: readonly number[]): string => String.fromCharCode(...bytes);
export const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A decimal like "001.230" or " 1.23": digits with at most one point; spaces only as leading padding. */
export function parseDecimal(text: string): { value: number } | null {
  const t = text.replace(/^ +/, '');
  return /^(\d+\.?\d*|\.\d+)$/.test(t) ? { value: Number(t) } : null;
}

/** A value shown with a minus sign: negative after tare (a signed zero is zero, never -0). */
export const signed = (value: number, negative: boolean): number => (negative && value !== 0 ? -value : value);

/** Rounds away float noise from unit conversion (1e-9 kg is far below any scale's division). */
export const kgOf = (value: number, unit: ScaleUnit): number => Math.round(value * KG_PER_UNIT[unit] * 1e9) / 1e9;

export function reading(shown: number, unit: ScaleUnit, stable: boolean | null, net = false, tareKg?: number): ScaleEvent {
  // Scaling digits by 10^-decimals can leave float noise (e.g. 1.2340000000000002): round it off.
  const value = Math.round(shown * 1e9) / 1e9;
  return { kind: 'reading', kg: kgOf(value, unit), value, unit, net, stable, ...(tareKg !== undefined ? { tareKg } : {}) };
}

/** Display value of `kg` in `unit`, fixed to `decimals`, never negative. */
export const display = (kg: number, unit: ScaleUnit, decimals: number): string => Math.abs(kg / KG_PER_UNIT[unit]).toFixed(decimals);

/** Zero-padded to exactly `width` characters (the most significant ones dropped if too long). */
export const pad = (s: string, width: number): string => s.padStart(width, '0').slice(-width);

/** Is the simulated display below zero? */
export const isNegative = (s: SimState): boolean => s.underload || s.kg < 0;
/** Magnitude the simulated display shows; under zero at least 0.1 kg so the sign survives rounding. */
export const shownKg = (s: SimState): number => (isNegative(s) ? Math.max(Math.abs(s.kg), 0.1) : s.kg);
