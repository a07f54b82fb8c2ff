import { SerialPort } from 'serialport';
import { classifySerialError } from '../scale/connection';
import { listSerialPorts } from '../serial/ports';
import { DEFAULT_TERMINATORS, SuffixFramer } from './framer';
import { ScannerBase, type ScannerErrorKind } from './types';

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
 * A USB-CDC (virtual COM) or RS-232 scanner: frames scans on the suffix or on an idle gap, decodes
 * them (UTF-8, else GB18030), and keeps reopening the port until stop() — a scanner pulled and
 * plugged back in resumes on its own.
 */
export class SerialScanner extends ScannerBase {
  private readonly opts: Required<Omit<SerialScannerOptions, 'aimPrefix'>>;
  private port?: SerialPort;
  private running = false;
  private retry?: NodeJS.Timeout;
  private idle?: NodeJS.Timeout;

  constructor(options: SerialScannerOptions) {
    super(options.aimPrefix ?? false);
    // Field by field: a config may pass undefined for "default".
    this.opts = {
      path: options.path,
      baudRate: options.baudRate ?? 9600,
      terminators: options.terminators ?? DEFAULT_TERMINATORS,
      idleMs: options.idleMs ?? 50,
      reconnectMs: options.reconnectMs ?? 1000,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    await this.closePort();
    this.setStatus({ state: 'disconnected', message: 'stopped' });
  }

  private open(): void {
    if (!this.running) return;
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    port.open((err) => {
      if (!this.running) {
        if (!err) port.close();
        return;
      }
      if (err) {
        this.setStatus({ state: 'error', ...serialError(err) });
        this.scheduleReopen();
        return;
      }
      this.attach(port);
    });
  }

  private attach(port: SerialPort): void {
    const framer = new SuffixFramer({ terminators: this.opts.terminators });
    this.port = port;
    this.setStatus({ state: 'connected', message: this.opts.path });
    port.on('data', (chunk: Buffer) => {
      clearTimeout(this.idle);
      for (const frame of framer.push(chunk)) this.emitScan(frame);
      if (framer.buffered > 0 && this.opts.idleMs > 0) {
        this.idle = setTimeout(() => {
          const frame = framer.flush();
          if (frame) this.emitScan(frame);
        }, this.opts.idleMs);
      }
    });
    // An error on an open port (EIO after an unplug) may come without 'close': close it ourselves.
    port.on('error', (err) => {
      if (this.port === port) void this.closePort().then(() => this.lostPort(err));
    });
    port.on('close', (err?: Error | null) => {
      if (this.port !== port) return;
      clearTimeout(this.idle);
      this.port = undefined;
      this.lostPort(err ?? undefined);
    });
  }

  private lostPort(err?: Error): void {
    if (!this.running) return;
    this.setStatus({ state: 'disconnected', message: err ? err.message : `${this.opts.path} closed` });
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (!this.running) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.open(), this.opts.reconnectMs);
  }

  private async closePort(): Promise<void> {
    clearTimeout(this.idle);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** The scale connection's classification; a scanner has no 'noData' state. */
function serialError(err: unknown): { error: ScannerErrorKind; message: string } {
  const { error, message } = classifySerialError(err);
  return { error: error === 'noData' ? 'other' : error, message };
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
