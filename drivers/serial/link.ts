import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import { classifySerialError, type SerialErrorKind } from './errors';

export interface SerialStatus {
  state: 'connecting' | 'connected' | 'noData' | 'disconnected' | 'error';
  error?: SerialErrorKind;
  message?: string;
}

/** What the link needs of an open port: serialport's SerialPort, or a protocol client that owns one (modbus-serial). */
export interface LinkPort {
  readonly isOpen: boolean;
  close(callback?: (err?: Error | null) => void): void;
  on(event: 'data' | 'error' | 'close', listener: (arg?: never) => void): unknown;
}

/** Why a port stopped being used: unplugged or failed, closed after silence, or stop(). */
export type DetachReason = 'lost' | 'silent' | 'stopped';

export interface SerialLinkOptions<P extends LinkPort> {
  path: string;
  /** Opens the port at `path`: openSerialPort(settings), or a protocol library's own opener. */
  open: (path: string) => Promise<P>;
  /** No bytes for this long → 'noData', and the port is reopened. 0: no watchdog (a scanner is quiet between scans). */
  silenceMs?: number;
  /** What to check, shown with 'noData'. */
  silenceHint?: string;
  /** The first reopen comes after this; each open that finds no port doubles it, up to maxReconnectMs. */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

interface LinkEvents<P> {
  status: [SerialStatus];
  /** The port is open and in use: start polling. */
  attach: [P];
  data: [Buffer];
  /** The port is no longer in use: stop what 'attach' started. */
  detach: [P, DetachReason];
}

/**
 * One serial device's connection lifecycle, shared by scales, serial scanners, the shredder box and
 * the Modbus meter: opens the port, reports status in words, closes it after prolonged silence, and
 * keeps reopening it (backing off while it stays gone) until stop() — a USB-serial adapter that is
 * pulled and plugged back in resumes on its own. The device's protocol listens to the events.
 */
export class SerialLink<P extends LinkPort = SerialPort> extends EventEmitter<LinkEvents<P>> {
  private readonly opts: Required<SerialLinkOptions<P>>;
  private current?: P;
  private status: SerialStatus = { state: 'disconnected' };
  private running = false;
  /** Bumped by start() and stop(): an open or reopen from an earlier session lets go of its port. */
  private session = 0;
  /** Opens in a row that found no port: the reopen delay doubles with each. */
  private failures = 0;
  private lastByteAt = 0;
  private watchdog?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  /** An open in flight: stop() waits for it, so the port is free when stop() resolves. */
  private opening?: Promise<void>;

  constructor(options: SerialLinkOptions<P>) {
    super();
    // Field by field: a device may pass undefined for "default".
    const { reconnectMs = 1000, silenceMs = 0, silenceHint = 'check the cable' } = options;
    this.opts = { ...options, reconnectMs, silenceMs, silenceHint, maxReconnectMs: options.maxReconnectMs ?? Math.max(reconnectMs, 5000) };
  }

  /** The open port, if any. */
  get port(): P | undefined {
    return this.current;
  }

  currentStatus(): SerialStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.opening = this.open(++this.session);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.session++;
    clearTimeout(this.retry);
    await this.opening;
    await this.release('stopped');
    this.setStatus({ state: 'disconnected', message: 'stopped' });
  }

  private live(session: number): boolean {
    return this.running && session === this.session;
  }

  private async open(session: number): Promise<void> {
    if (!this.live(session)) return;
    // A retry keeps what the last attempt found: flapping to 'connecting' and back helps no one.
    // After silence the link is connected again only once the device talks.
    const { state } = this.status;
    const silent = state === 'noData';
    if (!silent && state !== 'error') this.setStatus({ state: 'connecting' });
    let port: P;
    try {
      port = await this.opts.open(this.opts.path);
    } catch (err) {
      if (!this.live(session)) return;
      // A failed reopen after silence is news too: the adapter is gone, not just quiet.
      const failure = classifySerialError(err);
      this.setStatus({ state: 'error', ...failure });
      // Only a port that is not there is tried less and less often: a busy one is taken once it is free.
      this.reopenLater(session, failure.error === 'notFound');
      return;
    }
    if (!this.live(session)) return closePort(port);
    this.attach(port, silent, session);
  }

  private attach(port: P, silent: boolean, session: number): void {
    this.current = port;
    this.failures = 0;
    this.lastByteAt = Date.now();
    port.on('data', (chunk?: Buffer) => {
      if (this.current !== port || !chunk) return;
      this.lastByteAt = Date.now();
      if (this.status.state !== 'connected') this.setStatus({ state: 'connected' });
      this.emit('data', chunk);
    });
    // An error on an open port (EIO after an unplug) may come without 'close'. These listeners stay
    // after the port is let go of, so a late error is never an unhandled one.
    port.on('error', (err?: Error) => void this.lose(port, err));
    port.on('close', (err?: Error | null) => void this.lose(port, err ?? undefined));
    if (!silent) this.setStatus({ state: 'connected' });
    this.emit('attach', port);
    const { silenceMs } = this.opts;
    // Windows may never fire 'close' for a pulled adapter, and a dead device just goes quiet.
    if (silenceMs > 0) this.watchdog = setInterval(() => this.checkSilence(session), Math.min(silenceMs / 4, 500));
  }

  private async lose(port: P, err?: Error): Promise<void> {
    if (this.current !== port) return;
    const session = this.session;
    await this.release('lost');
    if (!this.live(session)) return;
    this.setStatus({ state: 'disconnected', message: err?.message ?? `${this.opts.path} closed` });
    this.reopenLater(session);
  }

  private checkSilence(session: number): void {
    const { silenceMs, silenceHint } = this.opts;
    if (Date.now() - this.lastByteAt < silenceMs) return;
    this.setStatus({ state: 'noData', error: 'noData', message: `no bytes for ${silenceMs} ms — ${silenceHint}` });
    void this.release('silent').then(() => this.reopenLater(session));
  }

  private reopenLater(session: number, backOff = false): void {
    if (!this.live(session)) return;
    clearTimeout(this.retry);
    const { reconnectMs, maxReconnectMs } = this.opts;
    const delay = backOff ? Math.min(reconnectMs * 2 ** ++this.failures, maxReconnectMs) : reconnectMs;
    this.retry = setTimeout(() => (this.opening = this.open(session)), delay);
  }

  private async release(reason: DetachReason): Promise<void> {
    clearInterval(this.watchdog);
    const port = this.current;
    this.current = undefined;
    if (!port) return;
    this.emit('detach', port, reason);
    await closePort(port);
  }

  /** Repeats of the same state and error (a retry failing again) are not news. */
  private setStatus(status: SerialStatus): void {
    const same = status.state === this.status.state && status.error === this.status.error;
    this.status = status;
    if (!same) this.emit('status', status);
  }
}

export interface SerialSettings {
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
}

/** An opener for serialport itself, loaded on first use: a station without serial devices never loads it. */
export function openSerialPort(settings: SerialSettings): (path: string) => Promise<SerialPort> {
  return async (path) => {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, ...settings, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return port;
  };
}

function closePort(port: LinkPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}
