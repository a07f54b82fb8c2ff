import type { QRCodeSegment } from 'qrcode';

type Mode = 'numeric' | 'alphanumeric' | 'byte';
const MODES: readonly Mode[] = ['numeric', 'alphanumeric', 'byte'];
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** Character-count field widths by mode for versions 1–9, 10–26 and 27–40 (ISO/IEC 18004 table 3). */
const COUNT_BITS: Record<Mode, readonly [number, number, number]> = { numeric: [10, 12, 14], alphanumeric: [9, 11, 13], byte: [8, 16, 16] };
/** Data bits at ECC M of the largest version of each range, 9 and 26 (40 is the limit itself). */
const RANGE_CAPACITY_BITS = [1456, 8496, Infinity];

/**
 * The text as numeric, alphanumeric and byte (UTF-8) segments in the fewest bits, the same search
 * node-qrcode does for a plain string, in linear time: its graph search was a third of a label's
 * QR time (npm run bench, label raster). Never Kanji mode (it needs Shift JIS).
 */
export function qrSegments(text: string): QRCodeSegment[] {
  const chars = [...text];
  for (let range = 0; range < 3; range++) {
    const runs = cheapestRuns(chars, range);
    if (bits(runs, range) <= RANGE_CAPACITY_BITS[range]) return runs.map(({ mode, text: data }) => ({ mode, data }) as QRCodeSegment);
  }
  throw new RangeError(`${Buffer.byteLength(text)} bytes do not fit a QR code at ECC M`);
}

interface Run {
  mode: Mode;
  text: string;
}

const utf8Length = (ch: string) => Buffer.byteLength(ch);
const fits = (mode: Mode, ch: string) => mode === 'byte' || (mode === 'numeric' ? ch >= '0' && ch <= '9' : ALPHANUMERIC.includes(ch));
/** A character's cost in sixths of a bit: 10 bits per 3 digits, 11 per 2 alphanumerics, 8 per byte. */
const charCost = (mode: Mode, ch: string) => (mode === 'numeric' ? 20 : mode === 'alphanumeric' ? 33 : 48 * utf8Length(ch));
const headerCost = (mode: Mode, range: number) => (4 + COUNT_BITS[mode][range]) * 6;

/** Dynamic programming over the characters: the cheapest mode ending at each one, then walk back. */
function cheapestRuns(chars: string[], range: number): Run[] {
  const n = chars.length;
  // cost[m]: cheapest encoding of the prefix so far whose last segment is in mode m (the header paid).
  let cost = MODES.map((m) => headerCost(m, range));
  const from: Mode[][] = [];
  for (const ch of chars) {
    const next = MODES.map(() => Infinity);
    const prev: Mode[] = [];
    MODES.forEach((m, i) => {
      if (!fits(m, ch)) return;
      // Stay in m, or start a new m-segment after the cheapest other one (rounding partial bits up).
      let best = cost[i];
      let bestFrom = m;
      MODES.forEach((o, j) => {
        if (j === i) return;
        const switched = Math.ceil(cost[j] / 6) * 6 + headerCost(m, range);
        if (switched < best) {
          best = switched;
          bestFrom = o;
        }
      });
      next[i] = best + charCost(m, ch);
      prev[i] = bestFrom;
    });
    from.push(prev);
    cost = next;
  }
  let mode = MODES[cost.indexOf(Math.min(...cost))];
  const modes: Mode[] = new Array(n);
  for (let k = n - 1; k >= 0; k--) {
    modes[k] = mode;
    mode = from[k][MODES.indexOf(mode)];
  }
  const runs: Run[] = [];
  modes.forEach((m, k) => {
    const last = runs.at(-1);
    if (last?.mode === m) last.text += chars[k];
    else runs.push({ mode: m, text: chars[k] });
  });
  return runs;
}

/** The exact length of the data bits, as the encoder will write them. */
function bits(runs: Run[], range: number): number {
  return runs.reduce((sum, { mode, text }) => {
    const n = text.length;
    const payload = mode === 'numeric' ? 10 * Math.floor(n / 3) + [0, 4, 7][n % 3] : mode === 'alphanumeric' ? 11 * Math.floor(n / 2) + 6 * (n % 2) : 8 * Buffer.byteLength(text);
    return sum + 4 + COUNT_BITS[mode][range] + payload;
  }, 0);
}
