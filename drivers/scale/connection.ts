import { EventEmitter } from 'node:events';
import type { SerialPort } from 'serialport';
import type { SerialErrorKind } from '../serial/errors';
import { openSerialPort, SerialLink, type SerialStatus } from '../serial/link';
import { StabilityTracker } from './stability';
import type { ScaleDecoder, ScaleEvent, ScaleProtocol } from './types';

/** A decoded weight with its stability resolved (flag or StabilityTracker) and its time. */
export interface TimedReading {
  kg: number;
  net: boolean;
  tareKg?: number;
  stable: boolean;
  /** Date.now() when the frame was decoded. */
  at: number;
}

export type ScaleErrorKind = SerialErrorKind;

export type ScaleStatus = SerialStatus;

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

/**
 * One scale on one serial port: polls request/response protocols and decodes frames into readings.
 * Opening, silence and reconnecting after an unplug are the SerialLink's.
 */
export class ScaleConnection extends EventEmitter<Events> {
  private readonly opts: Required<Omit<ScaleConnectionOptions, 'baudRate' | 'silenceMs' | 'reconnectMs'>>;
  private readonly link: SerialLink;
  private last: TimedReading | null = null;
  private polls?: NodeJS.Timeout;
  private decoder?: ScaleDecoder;
  private tracker?: StabilityTracker;

  constructor(options: ScaleConnectionOptions) {
    super();
    const { path, protocol, baudRate = protocol.serial.baudRate, silenceMs = 3000, reconnectMs = 1000 } = options;
    this.opts = { pollIntervalMs: 200, staleAfterMs: 2000, stableReadings: 5, ...options };
    const { dataBits, parity, stopBits } = protocol.serial;
    this.link = new SerialLink({
      path,
      open: openSerialPort({ baudRate, dataBits, parity, stopBits }),
      silenceMs,
      silenceHint: 'check baud rate / protocol / cable',
      reconnectMs,
    });
    this.link.on('status', (status) => this.emit('status', status));
    this.link.on('attach', (port) => this.attach(port));
    this.link.on('data', (chunk) => this.receive(chunk));
    this.link.on('detach', () => clearInterval(this.polls));
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  /** The newest reading, or null when there is none younger than staleAfterMs. */
  latest(): TimedReading | null {
    return this.last && Date.now() - this.last.at <= this.opts.staleAfterMs ? this.last : null;
  }

  currentStatus(): ScaleStatus {
    return this.link.currentStatus();
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
    const port = this.link.port;
    if (!port?.isOpen) throw new Error(`scale not connected (${this.opts.path})`);
    await write(port, bytes);
  }

  /** A fresh decoder and stability count for each opening: bytes from before a reopen are no frame. */
  private attach(port: SerialPort): void {
    const { protocol, pollIntervalMs, stableReadings } = this.opts;
    this.decoder = protocol.createDecoder();
    this.tracker = new StabilityTracker(stableReadings);
    const poll = protocol.poll;
    if (!poll) return;
    this.polls = setInterval(() => port.isOpen && port.write(Buffer.from(poll)), pollIntervalMs);
    port.write(Buffer.from(poll));
  }

  private receive(chunk: Buffer): void {
    const followUp = pollFollowUp(this.opts.protocol.poll, chunk);
    if (followUp) this.link.port?.write(Buffer.from(followUp));
    for (const event of this.decoder!.push(chunk)) this.handle(event, this.tracker!);
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
}

function write(port: SerialPort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(bytes), (err) => err && reject(err));
    port.drain((err) => (err ? reject(err) : resolve()));
  });
}
