import { SerialPort } from 'serialport';
import { encodeLine } from '../lineProtocol';

export interface RunSensorBoxOptions {
  /** The box's end of the line (a PTY from openPtyPair, or a real port). */
  path: string;
  heartbeatMs?: number;
  /** Send `*XX` checksums (the real box does; turn off to test tolerant stations). */
  withChecksum?: boolean;
}

/** A run-sensor box speaking the line protocol of docs/shredder.md. */
export class RunSensorBox {
  /** Runs since "power-on". */
  counter = 0;
  private readonly bootedAt = Date.now();
  private runStartedAt?: number;
  private port?: SerialPort;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly opts: RunSensorBoxOptions) {}

  get running(): boolean {
    return this.runStartedAt !== undefined;
  }

  async plug(): Promise<void> {
    if (this.port) return;
    const port = new SerialPort({ path: this.opts.path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    // The station end may vanish (socat killed): the box just goes on talking to no one.
    port.on('error', () => {});
    this.port = port;
    this.heartbeat = setInterval(() => this.sendHeartbeat(), this.opts.heartbeatMs ?? 1000);
    this.sendHeartbeat();
  }

  async unplug(): Promise<void> {
    clearInterval(this.heartbeat);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Returns the new run's counter. Works unplugged too: a run the station cannot hear. */
  startRun(): number {
    if (this.running) throw new Error('already running');
    this.counter += 1;
    this.runStartedAt = Date.now();
    this.send(`RUN,START,${this.counter},${this.uptime()}`);
    return this.counter;
  }

  stopRun(): number {
    if (this.runStartedAt === undefined) throw new Error('not running');
    const duration = Date.now() - this.runStartedAt;
    this.runStartedAt = undefined;
    this.send(`RUN,STOP,${this.counter},${this.uptime()},${duration}`);
    return duration;
  }

  reportError(code: string, text: string): void {
    this.send(`ERR,${code},${text}`);
  }

  /** A line with a wrong checksum, as line noise would make it. */
  sendCorrupt(body = `RUN,START,${this.counter + 1},${this.uptime()}`): void {
    const good = encodeLine(body, true);
    const bad = good.slice(0, -4) + (good.slice(-4, -2) === '00' ? '01' : '00') + '\r\n';
    this.write(bad);
  }

  /** Arbitrary bytes, split however the caller likes. */
  write(bytes: string | Uint8Array): void {
    if (this.port?.isOpen) this.port.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  private sendHeartbeat(): void {
    this.send(`HB,${this.uptime()},${this.counter},${this.running ? 1 : 0}`);
  }

  private send(body: string): void {
    this.write(encodeLine(body, this.opts.withChecksum ?? true));
  }

  private uptime(): number {
    return Date.now() - this.bootedAt;
  }
}
