import { EventEmitter } from 'node:events';
import { decodeScan, type ScanEncoding } from './decode';

export interface ScanEvent {
  text: string;
  encoding: ScanEncoding;
  aim?: string;
  /** Date.now() when the scan was complete. */
  at: number;
}

export type ScannerErrorKind = 'notFound' | 'permission' | 'busy' | 'other';

export interface ScannerStatus {
  state: 'connected' | 'disconnected' | 'error';
  error?: ScannerErrorKind;
  message: string;
}

export interface ScannerEvents {
  scan: [ScanEvent];
  status: [ScannerStatus];
}

/** What the station sees of any byte-delivering scanner (HID POS over USB, USB-CDC serial). */
export interface Scanner {
  on<K extends keyof ScannerEvents>(event: K, listener: (...args: ScannerEvents[K]) => void): this;
  off<K extends keyof ScannerEvents>(event: K, listener: (...args: ScannerEvents[K]) => void): this;
  /** Connects, and keeps reconnecting until stop(). */
  start(): void;
  stop(): Promise<void>;
  currentStatus(): ScannerStatus;
}

/** Status bookkeeping and scan decoding shared by the transports. */
export abstract class ScannerBase extends EventEmitter<ScannerEvents> implements Scanner {
  private status: ScannerStatus = { state: 'disconnected', message: 'not started' };

  constructor(private readonly aimPrefix: boolean) {
    super();
  }

  abstract start(): void;
  abstract stop(): Promise<void>;

  currentStatus(): ScannerStatus {
    return this.status;
  }

  /** Repeats of the same state and error (a retry failing again) are not news. */
  protected setStatus(status: ScannerStatus): void {
    const same = status.state === this.status.state && status.error === this.status.error;
    this.status = status;
    if (!same) this.emit('status', status);
  }

  /** `aim` from a transport field (HID POS) wins over none; an AIM prefix in the data is parsed when configured. */
  protected emitScan(bytes: Uint8Array, aim?: string): void {
    const decoded = decodeScan(bytes, { aimPrefix: this.aimPrefix });
    if (decoded.text === '') return;
    const scan: ScanEvent = { text: decoded.text, encoding: decoded.encoding, at: Date.now() };
    const symbology = decoded.aim ?? aim;
    if (symbology !== undefined) scan.aim = symbology;
    this.emit('scan', scan);
  }
}
