import { PAYLOAD_HEADER, SIGNATURE_PREFIX } from '../../shared/domain/labelPayload';

/** Bytes that end a scan on scanners set to send a suffix: CR, LF (CRLF gives one frame), Tab. */
export const DEFAULT_TERMINATORS: readonly number[] = [0x0d, 0x0a, 0x09];

const LF = 0x0a;
const CR = 0x0d;
const HEADER = [...new TextEncoder().encode(PAYLOAD_HEADER)];
const SIGNATURE = [...new TextEncoder().encode(SIGNATURE_PREFIX)];
const startsWith = (bytes: number[], from: number, prefix: number[]) => prefix.every((b, i) => bytes[from + i] === b);

export interface FramerOptions {
  /** Suffix bytes; empty for a scanner that sends none (idle-gap framing only). */
  terminators?: readonly number[];
  /** A frame longer than this is noise (wrong baud rate): dropped. */
  maxBytes?: number;
}

/**
 * Splits a serial byte stream into scans on suffix bytes. Safe for multi-byte text: no byte of a
 * UTF-8 or GB18030 sequence falls in 0x00–0x2F outside ASCII itself. The idle-gap rule (a scan
 * ends when the line goes quiet) lives with the port: flush() is its hook.
 */
export class SuffixFramer {
  private readonly terminators: Set<number>;
  private readonly maxBytes: number;
  private pending: number[] = [];
  /** After an overlong frame: skip to the next suffix so its tail is not taken for a scan. */
  private dropping = false;

  constructor({ terminators = DEFAULT_TERMINATORS, maxBytes = 4096 }: FramerOptions = {}) {
    this.terminators = new Set(terminators);
    this.maxBytes = maxBytes;
  }

  get buffered(): number {
    return this.pending.length;
  }

  /**
   * A station label's QR (UTF-8, lines joined by LF) sent by a scanner that passes the line breaks
   * through: its CR/LF are the payload's own until the signature line, the last one, is complete.
   */
  private insideLabel(byte: number): boolean {
    if ((byte !== CR && byte !== LF) || !startsWith(this.pending, 0, HEADER)) return false;
    const lineStart = this.pending.lastIndexOf(LF) + 1;
    if (lineStart > 0 && startsWith(this.pending, lineStart, SIGNATURE)) return false;
    // CRLF or CR inside the label is one line break, as in the payload.
    if (this.pending[this.pending.length - 1] !== LF) this.pending.push(LF);
    return true;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const byte of chunk) {
      if (!this.dropping && this.insideLabel(byte)) continue;
      if (this.terminators.has(byte)) {
        // CRLF and repeated suffixes leave empty frames: not scans.
        if (this.pending.length > 0 && !this.dropping) frames.push(Uint8Array.from(this.pending));
        this.pending = [];
        this.dropping = false;
      } else if (this.dropping) {
        continue;
      } else if (this.pending.length < this.maxBytes) {
        this.pending.push(byte);
      } else {
        this.pending = [];
        this.dropping = true;
      }
    }
    return frames;
  }

  /** What is held without a suffix, as one frame (idle gap), or null. */
  flush(): Uint8Array | null {
    this.dropping = false;
    if (this.pending.length === 0) return null;
    const frame = Uint8Array.from(this.pending);
    this.pending = [];
    return frame;
  }
}
