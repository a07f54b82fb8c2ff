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

/** Per mode, in MODES order: can it hold the character, and its cost in sixths of a bit (10 bits per 3 digits, 11 per 2 alphanumerics, 8 per byte). */
function charCosts(ch: string): [number, number, number] {
  const cp = ch.codePointAt(0) ?? 0;
  const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // UTF-8 (a lone surrogate becomes U+FFFD, 3)
  const digit = ch >= '0' && ch <= '9';
  return [digit ? 20 : Infinity, ALPHANUMERIC.includes(ch) ? 33 : Infinity, 48 * bytes];
}

const headerCost = (m: number, range: number) => (4 + COUNT_BITS[MODES[m]][range]) * 6;

/** Dynamic programming over the characters: the cheapest mode ending at each one, then walk back. */
function cheapestRuns(chars: string[], range: number): Run[] {
  const n = chars.length;
  const headers = [0, 1, 2].map((m) => headerCost(m, range));
  // cost[m]: cheapest encoding of the prefix so far whose last segment is in mode m (its header paid);
  // from[k * 3 + m]: the mode before character k when it is encoded in mode m.
  const cost = [...headers];
  const from = new Uint8Array(n * 3);
  const next = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    const add = charCosts(chars[k]);
    for (let m = 0; m < 3; m++) {
      // Stay in m, or start a new m-segment after the cheapest other one (partial bits rounded up).
      let best = cost[m];
      let bestFrom = m;
      for (let o = 0; o < 3; o++) {
        if (o === m) continue;
        const switched = Math.ceil(cost[o] / 6) * 6 + headers[m];
        if (switched < best) {
          best = switched;
          bestFrom = o;
        }
      }
      next[m] = best + add[m];
      from[k * 3 + m] = bestFrom;
    }
    cost[0] = next[0];
    cost[1] = next[1];
    cost[2] = next[2];
  }
  let mode = cost.indexOf(Math.min(...cost));
  const modes = new Uint8Array(n);
  for (let k = n - 1; k >= 0; k--) {
    modes[k] = mode;
    mode = from[k * 3 + mode];
  }
  const runs: Run[] = [];
  for (let k = 0; k < n; k++) {
    const last = runs.at(-1);
    if (last?.mode === MODES[modes[k]]) last.text += chars[k];
    else runs.push({ mode: MODES[modes[k]], text: chars[k] });
  }
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
