import iconv from 'iconv-lite';

export type ScanEncoding = 'utf-8' | 'gb18030';

export interface DecodedScan {
  text: string;
  encoding: ScanEncoding;
  /** AIM symbology identifier (`]Q1`, `]C1`, `]E0`…), when the scanner sends one. */
  aim?: string;
}

export interface DecodeOptions {
  /** The scanner is configured to prefix each scan with its AIM identifier: report and strip it. */
  aimPrefix?: boolean;
}

const NUL = 0x00;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BRACKET = 0x5d; // ']'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Raw scanner bytes → text: strict UTF-8 first, GB18030 when the bytes are not valid
 * UTF-8 (Chinese scanners default to GBK/GB18030 output). The suffix (CR, LF, CRLF, Tab) and NUL
 * padding go; GS (0x1D) stays, as it separates GS1 fields.
 */
export function decodeScan(bytes: Uint8Array, options: DecodeOptions = {}): DecodedScan {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === NUL) start++;
  if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
  while (end > start && isTrailer(bytes[end - 1]!)) end--;

  let aim: string | undefined;
  if (options.aimPrefix && end - start >= 3 && bytes[start] === BRACKET && isAimChar(bytes[start + 1]!) && isAimChar(bytes[start + 2]!)) {
    aim = String.fromCharCode(bytes[start]!, bytes[start + 1]!, bytes[start + 2]!);
    start += 3;
  }

  const body = bytes.subarray(start, end);
  const decoded = decodeBody(body);
  return aim === undefined ? decoded : { ...decoded, aim };
}

function decodeBody(body: Uint8Array): DecodedScan {
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
}

function isTrailer(b: number): boolean {
  return b === NUL || b === CR || b === LF || b === TAB;
}

/** AIM: `]`, a symbology letter, a modifier digit or letter. */
function isAimChar(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}
