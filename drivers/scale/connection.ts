import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { StabilityTracker } from './stability';
import type { ScaleEvent, ScaleProtocol } from './types';

/** A decoded weight with its stability resolved (flag or StabilityTracker) and its time. */
export interface TimedReading {
  kg: number;
  net: boolean;
  tareKg?: number;
  stable: boolean;
  /** Date.now() when the frame was decoded. */
  at: number;
}

export type ScaleErrorKind = 'busy' | 'permission' | 'notFound' | 'noData' | 'other';

export interface ScaleStatus {
  state: 'connecting' | 'connected' | 'noData' | 'disconnected' | 'error';
  error?: ScaleErrorKind;
  message?: string;
}

export interface ScaleConnectionOptions {
  path: string;
  protocol: ScaleProtocol;
  /** Overrides the protocol's default baud rate (indicators let the user change it). */
  baudRate?: number;
  pollIntervalMs?: number;
  /** A reading older than this is unusable: latest() returns null. */
  staleAfterMs?: number;
  /** No bytes for this long → 'noData', and the port is reopened. */
  silenceMs?: number;
  reconnectMs?: number;
  /** For protocols without a stability flag: identical readings in a row that count as stable. */
  stableReadings?: number;
}

type Command = 'zero' | 'tare' | 'clearTare';

interface Events {
  reading: [TimedReading];
  overload: [];
  underload: [];
  /** No weight right now: in motion (Toledo 8217 sends only a status then) or busy (MT-SICS `S I`). */
  busy: [];
  /** A weight that cannot be told yet (耀华 "=" digit order not settled). */
  uncertain: [];
  status: [ScaleStatus];
}

const ENQ = 0x05;
const ACK = 0x06;
const DC1 = Uint8Array.of(0x11);

/**
 * Retail ENQ/DC1: the scale ACKs the ENQ poll and only DC1 then asks for the weight.
 * A frame whose BCC happens to be 0x06 draws one extra DC1, which costs one extra reply.
 */
export function pollFollowUp(poll: Uint8Array | undefined, chunk: Uint8Array): Uint8Array | null {
  return poll?.length === 1 && poll[0] === ENQ && chunk.includes(ACK) ? DC1 : null;
}

/** Maps a serialport error to what the operator can do about it. */
export function classifySerialError(err: unknown): { error: ScaleErrorKind; message: string } {
  const text = err instanceof Error ? err.message : String(err);
  if (/Access denied|EBUSY|Resource busy|Cannot lock port/i.test(text)) return { error: 'busy', message: `port held by another program (${text})` };
  if (/EACCES|Permission denied/i.test(text)) return { error: 'permission', message: `Linux: add the user to the dialout group (${text})` };
  if (/ENOENT|No such file|File not found|cannot find the file/i.test(text)) return { error: 'notFound', message: `port not found — unplugged? (${text})` };
  return { error: 'other', message: text };
}

/**
 * One scale on one serial port: opens it with the protocol's framing, polls request/response
 * protocols, decodes frames into readings, and keeps reconnecting until stop() — a USB-serial
 * adapter that is pulled and plugged back in resumes on its own.
 */
export class ScaleConnection extends EventEmitter<Events> {
  private readonly opts: Required<Omit<ScaleConnectionOptions, 'baudRate'>> & { baudRate: number };
  private port?: SerialPort;
  private running = false;
  private last: TimedReading | null = null;
  private status: ScaleStatus = { state: 'disconnected' };
  private lastByteAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private retry?: NodeJS.Timeout;

  constructor(options: ScaleConnectionOptions) {
    super();
    this.opts = {
      pollIntervalMs: 200,
      staleAfterMs: 2000,
      silenceMs: 3000,
      reconnectMs: 1000,
      stableReadings: 5,
      ...options,
      baudRate: options.baudRate ?? options.protocol.serial.baudRate,
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
    this.setStatus({ state: 'disconnected' });
  }

  /** The newest reading, or null when there is none younger than staleAfterMs. */
  latest(): TimedReading | null {
    return this.last && Date.now() - this.last.at <= this.opts.staleAfterMs ? this.last : null;
  }

  currentStatus(): ScaleStatus {
    return this.status;
  }

  /** Commands resolve once the bytes are written; the readings that follow show their effect. */
  zero(): Promise<void> {
    return this.command('zero');
  }

  tare(): Promise<void> {
    return this.command('tare');
  }

  clearTare(): Promise<void> {
    return this.command('clearTare');
  }

  private async command(name: Command): Promise<void> {
    const bytes = this.opts.protocol.commands[name];
    if (!bytes) throw new Error(`unsupported: ${this.opts.protocol.name} has no ${name} command`);
    const port = this.port;
    if (!port?.isOpen) throw new Error(`scale not connected (${this.opts.path})`);
    await write(port, bytes);
  }

  private open(): void {
    if (!this.running) return;
    // While silent, a reopen keeps the 'noData' status: flapping to connected and back helps no one.
    const silent = this.status.state === 'noData';
    if (!silent) this.setStatus({ state: 'connecting' });
    const { path, baudRate, protocol } = this.opts;
    const { dataBits, parity, stopBits } = protocol.serial;
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
    port.open((err) => {
      if (!this.running) {
        if (!err) port.close();
        return;
      }
      if (err) {
        // A failed reopen after silence is news too: the adapter is gone, not just quiet.
        this.setStatus({ state: 'error', ...classifySerialError(err) });
        this.scheduleReopen();
        return;
      }
      this.attach(port, silent);
    });
  }

  private attach(port: SerialPort, silent: boolean): void {
    const { protocol, pollIntervalMs, silenceMs, stableReadings } = this.opts;
    const decoder = protocol.createDecoder();
    const tracker = new StabilityTracker(stableReadings);
    this.port = port;
    this.lastByteAt = Date.now();
    if (!silent) this.setStatus({ state: 'connected' });

    port.on('data', (chunk: Buffer) => {
      this.lastByteAt = Date.now();
      const followUp = pollFollowUp(protocol.poll, chunk);
      if (followUp) port.write(Buffer.from(followUp));
      if (this.status.state !== 'connected') this.setStatus({ state: 'connected' });
      for (const event of decoder.push(chunk)) this.handle(event, tracker);
    });
    // An error on an open port (EIO after an unplug) may come without 'close': close it ourselves.
    port.on('error', (err) => {
      if (this.port === port) void this.closePort().then(() => this.lostPort(err));
    });
    port.on('close', (err?: Error | null) => {
      if (this.port !== port) return;
      this.clearTimers();
      this.port = undefined;
      this.lostPort(err ?? undefined);
    });

    if (protocol.poll) {
      const poll = protocol.poll;
      this.timers.push(setInterval(() => port.isOpen && port.write(Buffer.from(poll)), pollIntervalMs));
      port.write(Buffer.from(poll));
    }
    // Windows may never fire 'close' for a pulled adapter: prolonged silence is treated as one.
    this.timers.push(
      setInterval(() => {
        if (Date.now() - this.lastByteAt < silenceMs) return;
        this.setStatus({ state: 'noData', error: 'noData', message: `no bytes for ${silenceMs} ms — check baud rate / protocol / cable` });
        void this.closePort().then(() => this.scheduleReopen());
      }, Math.min(silenceMs / 4, 500)),
    );
  }

  private handle(raw: ScaleEvent, tracker: StabilityTracker): void {
    // The tracker fills in stability for protocols without a flag and restarts its count on faults.
    const event = tracker.apply(raw);
    switch (event.kind) {
      case 'reading': {
        const reading: TimedReading = { kg: event.kg, net: event.net, stable: event.stable === true, at: Date.now() };
        if (event.tareKg !== undefined) reading.tareKg = event.tareKg;
        this.last = reading;
        this.emit('reading', reading);
        return;
      }
      case 'overload':
      case 'underload':
      case 'busy':
      case 'uncertain':
        // Out of range, in motion or unplaced is never a weight: drop the last one so nothing is sold on it.
        this.last = null;
        this.emit(event.kind);
        return;
      default:
        // Command acks and undecodable frames carry no weight.
        return;
    }
  }

  private lostPort(err?: Error): void {
    if (!this.running) return;
    this.setStatus({ state: 'disconnected', ...(err ? { message: err.message } : {}) });
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (!this.running) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.open(), this.opts.reconnectMs);
  }

  private async closePort(): Promise<void> {
    this.clearTimers();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  private setStatus(status: ScaleStatus): void {
    const same = status.state === this.status.state && status.error === this.status.error;
    this.status = status;
    if (!same) this.emit('status', status);
  }
}

function write(port: SerialPort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(bytes), (err) => err && reject(err));
    port.drain((err) => (err ? reject(err) : resolve()));
  });
}
