import { setTimeout as sleep } from 'node:timers/promises';
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import { HID_POS_LAYOUTS, type HidPosLayout } from './hidPos';
import type { ScanEncoding } from './decode';

export { openPtyPair, type PtyPair } from '../serial/pty';

export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | 'TAB' | 'none';

const SUFFIX_BYTES: Record<ScanSuffix, number[]> = { CR: [0x0d], LF: [0x0a], CRLF: [0x0d, 0x0a], TAB: [0x09], none: [] };

export interface SimulatedScan {
  encoding?: ScanEncoding;
  suffix?: ScanSuffix;
  /** Send in chunks of 1..chunkMax bytes (random sizes) with gapMs between them; whole when unset. */
  chunkMax?: number;
  gapMs?: number;
  /** AIM identifier sent before the data (`]Q1`), as a scanner with AIM prefix enabled does. */
  aim?: string;
}

/** The bytes a serial scanner sends for one scan. */
export function scanBytes(text: string, { encoding = 'utf-8', suffix = 'CR', aim = '' }: SimulatedScan = {}): Uint8Array {
  const body = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf-8');
  return Uint8Array.from([...Buffer.from(aim, 'latin1'), ...body, ...SUFFIX_BYTES[suffix]]);
}

/** A USB-CDC scanner on the device end of a PTY pair (openPtyPair().b). */
export class ScannerSimulator {
  private port?: SerialPort;

  constructor(private readonly path: string) {}

  async plug(): Promise<void> {
    if (this.port) return;
    const port = new SerialPort({ path: this.path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    // The station end may vanish (socat killed): the simulator just goes quiet.
    port.on('error', () => {});
    this.port = port;
  }

  async unplug(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** "Scans" a text: resolves once every byte is written. */
  async scan(text: string, options: SimulatedScan = {}): Promise<Uint8Array> {
    const bytes = scanBytes(text, options);
    const { chunkMax, gapMs = 5 } = options;
    if (!chunkMax) {
      await this.write(bytes);
      return bytes;
    }
    for (let at = 0; at < bytes.length;) {
      const size = 1 + Math.floor(Math.random() * chunkMax);
      await this.write(bytes.subarray(at, at + size));
      at += size;
      if (at < bytes.length) await sleep(gapMs);
    }
    return bytes;
  }

  private write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new Error('scanner simulator not plugged'));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => err && reject(err));
      port.drain((err) => (err ? reject(err) : resolve()));
    });
  }
}

export interface HidPosReportOptions {
  layout?: HidPosLayout;
  encoding?: ScanEncoding;
  /** Written into the layout's AIM field; `]Q1` (QR) by default. */
  aim?: string;
  /** Bytes per report including the report ID (the interrupt endpoint's packet size). */
  reportSize?: number;
}

/** The input reports a HID POS scanner sends for one scan: 56-byte pieces, all but the last flagged "continued". */
export function hidPosReports(text: string, { layout = HID_POS_LAYOUTS.aimFirst, encoding = 'utf-8', aim = ']Q1', reportSize = 64 }: HidPosReportOptions = {}): Uint8Array[] {
  const data = scanBytes(text, { encoding, suffix: 'none' });
  const idBytes = layout.reportId === null ? 0 : 1;
  const reports: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < data.length; at += layout.dataCapacity) {
    const piece = data.subarray(at, at + layout.dataCapacity);
    const report = new Uint8Array(reportSize);
    if (layout.reportId !== null) report[0] = layout.reportId;
    const payload = report.subarray(idBytes);
    payload[layout.lengthOffset] = piece.length;
    if (layout.aimOffset !== null) payload.set(Buffer.from(aim.slice(0, 3), 'latin1'), layout.aimOffset);
    payload.set(piece, layout.dataOffset);
    if (at + layout.dataCapacity < data.length) payload[layout.flagsOffset] = layout.moreDataMask;
    reports.push(report);
  }
  return reports;
}
