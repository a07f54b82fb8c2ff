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
  const chars = scan(text);
  for (let range = 0; range < 3; range++) {
    const runs = cheapestRuns(text, chars, range);
    if (bits(runs, range) <= RANGE_CAPACITY_BITS[range]) return runs.map(({ mode, text: data }) => ({ mode, data }) as QRCodeSegment);
  }
  throw new RangeError(`${Buffer.byteLength(text)} bytes do not fit a QR code at ECC M`);
}

interface Run {
  mode: Mode;
  text: string;
}

/** Alphanumeric-mode characters by char code (all ASCII). */
const IS_ALPHANUMERIC = new Uint8Array(128);
for (const ch of ALPHANUMERIC) IS_ALPHANUMERIC[ch.charCodeAt(0)] = 1;

/** The characters (code points) of the text: where each starts (UTF-16 index), its class and UTF-8 length. */
interface Chars {
  n: number;
  /** starts[k]: UTF-16 index of character k; starts[n] = text.length. */
  starts: Uint32Array;
  /** 0 digit, 1 other alphanumeric, 2 byte only. */
  kind: Uint8Array;
  utf8: Uint8Array;
}

/**
 * One pass over the text into typed arrays: the search below then allocates nothing per character
 * (it runs for every label, and its garbage was most of a label's QR cost).
 */
function scan(text: string): Chars {
  const starts = new Uint32Array(text.length + 1);
  const kind = new Uint8Array(text.length);
  const utf8 = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; n++) {
    const cp = text.codePointAt(i)!;
    starts[n] = i;
    kind[n] = cp >= 0x30 && cp <= 0x39 ? 0 : cp < 0x80 && IS_ALPHANUMERIC[cp] ? 1 : 2;
    // UTF-8 length; a lone surrogate becomes U+FFFD, 3 bytes.
    utf8[n] = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  starts[n] = text.length;
  return { n, starts, kind, utf8 };
}

const headerCost = (m: number, range: number) => (4 + COUNT_BITS[MODES[m]][range]) * 6;

/** The mode of the cheapest of three costs; staying (`stay`) wins a tie, then the first other mode. */
function cheapest(stay: number, m: number, costA: number, a: number, costB: number, b: number): number {
  if (costA < stay) return costB < costA ? b : a;
  return costB < stay ? b : m;
}

/**
 * Dynamic programming over the characters: the cheapest mode ending at each one, then walk back.
 * Costs are in sixths of a bit: 10 bits per 3 digits, 11 per 2 alphanumerics, 8 per byte.
 */
function cheapestRuns(text: string, chars: Chars, range: number): Run[] {
  const { n, starts, kind, utf8 } = chars;
  const h0 = headerCost(0, range);
  const h1 = headerCost(1, range);
  const h2 = headerCost(2, range);
  // c0..c2: cheapest encoding of the prefix so far whose last segment is in that mode (its header
  // paid); from[k * 3 + m]: the mode before character k when it is encoded in mode m.
  let c0 = h0;
  let c1 = h1;
  let c2 = h2;
  const from = new Uint8Array(n * 3);
  // Switching into mode m after a segment costing c (partial bits rounded up).
  const after = (c: number, h: number) => Math.ceil(c / 6) * 6 + h;
  for (let k = 0; k < n; k++) {
    const kd = kind[k];
    const add0 = kd === 0 ? 20 : Infinity;
    const add1 = kd <= 1 ? 33 : Infinity;
    const add2 = 48 * utf8[k];
    // For each mode: stay in it, or start it after the cheapest other one (the first on a tie).
    const f0 = cheapest(c0, 0, after(c1, h0), 1, after(c2, h0), 2);
    const f1 = cheapest(c1, 1, after(c0, h1), 0, after(c2, h1), 2);
    const f2 = cheapest(c2, 2, after(c0, h2), 0, after(c1, h2), 1);
    const b0 = f0 === 0 ? c0 : after(f0 === 1 ? c1 : c2, h0);
    const b1 = f1 === 1 ? c1 : after(f1 === 0 ? c0 : c2, h1);
    const b2 = f2 === 2 ? c2 : after(f2 === 0 ? c0 : c1, h2);
    from[k * 3] = f0;
    from[k * 3 + 1] = f1;
    from[k * 3 + 2] = f2;
    c0 = b0 + add0;
    c1 = b1 + add1;
    c2 = b2 + add2;
  }
  let mode = c0 <= c1 && c0 <= c2 ? 0 : c1 <= c2 ? 1 : 2;
  const modes = new Uint8Array(n);
  for (let k = n - 1; k >= 0; k--) {
    modes[k] = mode;
    mode = from[k * 3 + mode];
  }
  const runs: Run[] = [];
  for (let k = 0; k < n;) {
    let end = k + 1;
    while (end < n && modes[end] === modes[k]) end++;
    runs.push({ mode: MODES[modes[k]], text: text.slice(starts[k], starts[end]) });
    k = end;
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
