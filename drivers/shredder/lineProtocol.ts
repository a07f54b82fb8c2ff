/**
 * The run-sensor box's line protocol (docs/shredder.md): ASCII lines ending CRLF (LF accepted),
 *   RUN,START,<counter>,<uptime_ms>
 *   RUN,STOP,<counter>,<uptime_ms>,<duration_ms>
 *   HB,<uptime_ms>,<counter>,<running 0|1>
 *   ERR,<code>,<text>
 * each optionally followed by `*XX`: the XOR of every byte before the `*`, two hex digits (NMEA style).
 */

export type BoxMessage =
  | { type: 'start'; counter: number; uptimeMs: number; checksummed: boolean }
  | { type: 'stop'; counter: number; uptimeMs: number; durationMs: number; checksummed: boolean }
  | { type: 'heartbeat'; uptimeMs: number; counter: number; running: boolean; checksummed: boolean }
  | { type: 'error'; code: string; text: string; checksummed: boolean };

export interface LineStats {
  lines: number;
  badChecksum: number;
  /** Lines without a checksum while one is required. */
  missingChecksum: number;
  malformed: number;
  /** Runs of bytes longer than a line with no line end: discarded. */
  overflow: number;
}

/** Longest valid line is ~60 bytes; anything longer is noise or a stuck line. */
export const MAX_LINE_BYTES = 128;

const UINT = /^\d{1,10}$/;

export function checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** A line as the box sends it, with CRLF. */
export function encodeLine(body: string, withChecksum = true): string {
  return withChecksum ? `${body}*${checksum(body)}\r\n` : `${body}\r\n`;
}

/**
 * Splits bytes into lines across arbitrary chunking and decodes them. Pure and bounded: it holds at
 * most MAX_LINE_BYTES, and bad lines are dropped and counted, never thrown.
 */
export class LineDecoder {
  readonly stats: LineStats = { lines: 0, badChecksum: 0, missingChecksum: 0, malformed: 0, overflow: 0 };
  private buffer: number[] = [];
  /** After an overflow, bytes up to the next line end belong to the broken line. */
  private discarding = false;

  constructor(private readonly requireChecksum = false) {}

  get buffered(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): BoxMessage[] {
    const out: BoxMessage[] = [];
    for (const byte of chunk) {
      if (byte === 0x0a) {
        if (!this.discarding) {
          const message = this.decode(this.buffer);
          if (message) out.push(message);
        }
        this.buffer = [];
        this.discarding = false;
      } else if (!this.discarding) {
        this.buffer.push(byte);
        if (this.buffer.length > MAX_LINE_BYTES) {
          this.stats.overflow += 1;
          this.buffer = [];
          this.discarding = true;
        }
      }
    }
    return out;
  }

  private decode(bytes: number[]): BoxMessage | null {
    // Power-up glitches and line noise before a line are typically NUL/0xFF bytes: skip them.
    let start = 0;
    while (start < bytes.length && (bytes[start] < 0x20 || bytes[start] > 0x7e)) start += 1;
    let end = bytes.length;
    if (end > start && bytes[end - 1] === 0x0d) end -= 1;
    if (end === start) return null; // blank line: not worth counting
    this.stats.lines += 1;
    const slice = bytes.slice(start, end);
    if (slice.some((b) => b < 0x20 || b > 0x7e)) return this.malformed();
    const line = String.fromCharCode(...slice);
    const star = line.lastIndexOf('*');
    let body = line;
    let checksummed = false;
    if (star >= 0 && star === line.length - 3) {
      body = line.slice(0, star);
      if (line.slice(star + 1).toUpperCase() !== checksum(body)) {
        this.stats.badChecksum += 1;
        return null;
      }
      checksummed = true;
    } else if (this.requireChecksum) {
      this.stats.missingChecksum += 1;
      return null;
    }
    return parseBody(body, checksummed) ?? this.malformed();
  }

  private malformed(): null {
    this.stats.malformed += 1;
    return null;
  }
}

function parseBody(body: string, checksummed: boolean): BoxMessage | null {
  const f = body.split(',');
  const uints = (from: number, count: number) => f.length === from + count && f.slice(from).every((x) => UINT.test(x));
  if (f[0] === 'RUN' && f[1] === 'START' && uints(2, 2)) {
    return { type: 'start', counter: Number(f[2]), uptimeMs: Number(f[3]), checksummed };
  }
  if (f[0] === 'RUN' && f[1] === 'STOP' && uints(2, 3)) {
    return { type: 'stop', counter: Number(f[2]), uptimeMs: Number(f[3]), durationMs: Number(f[4]), checksummed };
  }
  if (f[0] === 'HB' && f.length === 4 && UINT.test(f[1]) && UINT.test(f[2]) && (f[3] === '0' || f[3] === '1')) {
    return { type: 'heartbeat', uptimeMs: Number(f[1]), counter: Number(f[2]), running: f[3] === '1', checksummed };
  }
  if (f[0] === 'ERR' && f.length >= 3 && f[1] !== '') {
    // The text may itself contain commas.
    return { type: 'error', code: f[1], text: f.slice(2).join(','), checksummed };
  }
  return null;
}
