import { openSerialPort, SerialLink, type SerialStatus } from '../serial/link';
import { listSerialPorts } from '../serial/ports';
import { DEFAULT_TERMINATORS, SuffixFramer } from './framer';
import { ScannerBase } from './types';

export interface SerialScannerOptions {
  path: string;
  /** USB-CDC ignores it; real RS-232 scanners mostly ship at 9600. */
  baudRate?: number;
  /** Suffix bytes that end a scan (default CR, LF, Tab); [] for a scanner that sends none. */
  terminators?: readonly number[];
  /** Quiet time that ends a scan without a suffix; 0 turns idle-gap framing off. */
  idleMs?: number;
  /** The scanner is configured to send an AIM symbology prefix: report and strip it. */
  aimPrefix?: boolean;
  reconnectMs?: number;
}

/**
 * A USB-CDC (virtual COM) or RS-232 scanner: frames scans on the suffix or on an idle gap and decodes
 * them (UTF-8, else GB18030). Opening and reopening after an unplug are the SerialLink's.
 */
export class SerialScanner extends ScannerBase {
  private readonly link: SerialLink;
  private readonly terminators: readonly number[];
  private readonly idleMs: number;
  private framer?: SuffixFramer;
  private idle?: NodeJS.Timeout;

  constructor(options: SerialScannerOptions) {
    super(options.aimPrefix ?? false);
    const { path, baudRate = 9600, reconnectMs } = options;
    // Field by field: a config may pass undefined for "default".
    this.terminators = options.terminators ?? DEFAULT_TERMINATORS;
    this.idleMs = options.idleMs ?? 50;
    // No silence watchdog: a scanner is quiet until something is scanned.
    this.link = new SerialLink({ path, open: openSerialPort({ baudRate }), reconnectMs });
    this.link.on('status', (s) => this.report(s, path));
    this.link.on('attach', () => (this.framer = new SuffixFramer({ terminators: this.terminators })));
    this.link.on('data', (chunk) => this.receive(chunk));
    this.link.on('detach', () => clearTimeout(this.idle));
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  private receive(chunk: Buffer): void {
    const framer = this.framer!;
    clearTimeout(this.idle);
    for (const frame of framer.push(chunk)) this.emitScan(frame);
    if (framer.buffered > 0 && this.idleMs > 0) {
      this.idle = setTimeout(() => {
        const frame = framer.flush();
        if (frame) this.emitScan(frame);
      }, this.idleMs);
    }
  }

  /** A scanner has no 'connecting' state, and no 'noData' without a watchdog. */
  private report({ state, error, message }: SerialStatus, path: string): void {
    if (state === 'connecting' || state === 'noData') return;
    if (state === 'error') this.setStatus({ state, error: error === 'noData' ? 'other' : error, message: message ?? path });
    else this.setStatus({ state, message: state === 'connected' ? path : (message ?? path) });
  }
}

export interface ScannerPortInfo {
  /** The /dev/serial/by-id link when there is one (ttyACM numbers change between plug-ins). */
  path: string;
  device: string;
  manufacturer: string | null;
}

export async function listScannerPorts(): Promise<ScannerPortInfo[]> {
  return (await listSerialPorts()).map((p) => ({ path: p.path, device: p.device, manufacturer: p.manufacturer ?? null }));
}
