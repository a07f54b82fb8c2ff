import type { SerialPort } from 'serialport';
import { LineDecoder, type LineStats } from './lineProtocol';
import { MonitorBase } from './monitorBase';
import { RunSequence, type SequenceEvent } from './runSequence';

export interface SerialShredderOptions {
  path: string;
  /** The box's rate; ours to set in its firmware (docs/shredder.md). PTYs ignore it. */
  baudRate?: number;
  /** Drop lines without `*XX` (for boxes that always send one, on noisy lines). */
  requireChecksum?: boolean;
  /** No bytes for this long (the box sends a heartbeat every second) → 'error'/'noData', port reopened. */
  silenceMs?: number;
  reconnectMs?: number;
  maxRuns?: number;
}

type Serial = typeof import('serialport');
type ScaleConnection = typeof import('../scale/connection');

/**
 * A run-sensor box on a serial port. Keeps reconnecting until stop(): a pulled USB-serial adapter
 * resumes on its own, and runs made while it was out show up as missed counters.
 */
export class SerialShredderMonitor extends MonitorBase {
  readonly mode = 'serial' as const;
  private readonly opts: Required<Omit<SerialShredderOptions, 'maxRuns'>>;
  private readonly decoder: LineDecoder;
  private readonly sequence = new RunSequence();
  private libs?: { serial: Serial; scale: ScaleConnection };
  private port?: SerialPort;
  private running = false;
  private lastByteAt = 0;
  private silenceTimer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;

  constructor(options: SerialShredderOptions) {
    super(options.maxRuns);
    this.opts = { baudRate: 9600, requireChecksum: false, silenceMs: 5000, reconnectMs: 1000, ...options };
    this.decoder = new LineDecoder(this.opts.requireChecksum);
  }

  /** Line counters: bad checksums and malformed lines point at a noisy cable. */
  lineStats(): Readonly<LineStats> {
    return this.decoder.stats;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.open();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    await this.closePort();
    this.setStatus({ state: 'disconnected' });
  }

  private async open(): Promise<void> {
    // Loaded here, not at import: the station's start-up should not pay for native serial code.
    this.libs ??= { serial: await import('serialport'), scale: await import('../scale/connection') };
    if (!this.running) return;
    const { serial, scale } = this.libs;
    const port = new serial.SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false });
    port.open((err) => {
      if (!this.running) {
        if (!err) port.close();
        return;
      }
      if (err) {
        this.setStatus({ state: 'error', ...scale.classifySerialError(err) });
        this.scheduleReopen();
        return;
      }
      this.attach(port);
    });
  }

  private attach(port: SerialPort): void {
    this.port = port;
    this.lastByteAt = Date.now();
    this.setStatus({ state: 'connected' });
    port.on('data', (chunk: Buffer) => {
      this.lastByteAt = Date.now();
      if (this.currentStatus().state !== 'connected') this.setStatus({ state: 'connected' });
      for (const message of this.decoder.push(chunk)) {
        for (const event of this.sequence.push(message, this.lastByteAt)) this.handle(event);
      }
    });
    // An error on an open port (EIO after an unplug) may come without 'close': close it ourselves.
    port.on('error', (err) => {
      if (this.port === port) void this.closePort().then(() => this.lostPort(err));
    });
    port.on('close', (err?: Error | null) => {
      if (this.port !== port) return;
      clearInterval(this.silenceTimer);
      this.port = undefined;
      this.lostPort(err ?? undefined);
    });
    const { silenceMs } = this.opts;
    // Windows may never fire 'close' for a pulled adapter, and a dead box just goes quiet.
    this.silenceTimer = setInterval(() => {
      if (Date.now() - this.lastByteAt < silenceMs) return;
      this.setStatus({ state: 'error', error: 'noData', message: `no heartbeat for ${silenceMs} ms — box powered? cable?` });
      void this.closePort().then(() => this.scheduleReopen());
    }, Math.min(silenceMs / 4, 500));
  }

  private handle(event: SequenceEvent): void {
    switch (event.type) {
      case 'runStart':
        this.emit('runStart', { mode: 'serial', startedAt: event.startedAt });
        return;
      case 'run':
        this.recordRun(event.run);
        return;
      case 'missed':
        this.emit('missed', event.missed);
        return;
      case 'deviceError':
        this.emit('deviceError', event.error);
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
    this.retry = setTimeout(() => void this.open(), this.opts.reconnectMs);
  }

  private async closePort(): Promise<void> {
    clearInterval(this.silenceTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
