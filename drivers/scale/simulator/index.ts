import { SerialPort } from 'serialport';
import type { ScaleProtocol, SimState } from '../types';

export { openPtyPair, type PtyPair } from '../../serial/pty';

export interface ScaleSimulatorOptions {
  /** The scale's end of the line (a PTY from openPtyPair, or a real port for bench tests). */
  path: string;
  protocol: ScaleProtocol;
  /** How often a continuous protocol sends a frame. */
  intervalMs?: number;
}

/**
 * A scale on a serial port: continuous protocols stream encode(state), request/response protocols
 * answer polls and apply zero/tare commands to the state.
 */
export class ScaleSimulator {
  readonly state: SimState = { kg: 0, tareKg: 0, stable: true, overload: false, underload: false };
  private readonly protocol: ScaleProtocol;
  private readonly path: string;
  private readonly intervalMs: number;
  private port?: SerialPort;
  private sender?: NodeJS.Timeout;
  private wobbling?: { timer: NodeJS.Timeout; until: NodeJS.Timeout };
  private gross = 0;
  /** Gross weight that zero() made the new zero. */
  private zeroKg = 0;
  private pending = Buffer.alloc(0);

  constructor({ path, protocol, intervalMs = 100 }: ScaleSimulatorOptions) {
    this.path = path;
    this.protocol = protocol;
    this.intervalMs = intervalMs;
  }

  get plugged(): boolean {
    return this.port !== undefined;
  }

  /** Opens the port and starts talking. */
  async plug(): Promise<void> {
    if (this.port) return;
    const { baudRate, dataBits, parity, stopBits } = this.protocol.serial;
    const port = new SerialPort({ path: this.path, baudRate, dataBits, parity, stopBits, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    // The station end may vanish (socat killed): the simulator just goes quiet.
    port.on('error', () => {});
    this.port = port;
    this.pending = Buffer.alloc(0);
    if (this.protocol.answer) port.on('data', (chunk: Buffer) => this.onRequest(chunk));
    else this.sender = setInterval(() => this.send(this.protocol.encode(this.state)), this.intervalMs);
  }

  /** Stops sending and closes the port. The PTY stays, so the station sees silence, not a close. */
  async unplug(): Promise<void> {
    clearInterval(this.sender);
    this.sender = undefined;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** A settled weight on the plate (gross): the display shows it less the zero offset and tare. */
  put(kg: number): void {
    this.stopWobble();
    this.gross = kg;
    Object.assign(this.state, { kg: this.shown(kg), stable: true, overload: false, underload: false });
  }

  /** Unstable readings jittering around the current weight for `ms`, then settled on it. */
  wobble(ms: number): void {
    this.stopWobble();
    const centre = this.gross;
    let step = 0;
    const jitter = () => {
      // Distinct values, so protocols without a stability flag see motion too.
      step += 1;
      this.state.kg = this.shown(centre + (step % 2 ? 0.005 : -0.005) * (1 + (step % 3)));
    };
    this.state.stable = false;
    jitter();
    const timer = setInterval(jitter, Math.max(10, this.intervalMs / 2));
    this.wobbling = { timer, until: setTimeout(() => this.settle(), ms) };
  }

  /** Ends a wobble on its centre weight. */
  settle(): void {
    this.put(this.gross);
  }

  overload(): void {
    this.stopWobble();
    Object.assign(this.state, { overload: true, underload: false });
  }

  underload(): void {
    this.stopWobble();
    Object.assign(this.state, { overload: false, underload: true });
  }

  private shown(gross: number): number {
    return Math.round((gross - this.zeroKg - this.state.tareKg) * 1000) / 1000;
  }

  private stopWobble(): void {
    if (!this.wobbling) return;
    clearInterval(this.wobbling.timer);
    clearTimeout(this.wobbling.until);
    this.wobbling = undefined;
  }

  private onRequest(chunk: Buffer): void {
    // A 7-bit scale never sees the parity bit an 8N1 sender puts in bit 7.
    const bytes = this.protocol.serial.dataBits === 7 ? chunk.map((b) => b & 0x7f) : chunk;
    this.pending = Buffer.concat([this.pending, bytes]);
    for (const request of this.takeRequests()) {
      this.applyCommand(request);
      const reply = this.protocol.answer!(request, this.state);
      if (reply) this.send(reply);
    }
  }

  /**
   * Requests end in LF when the protocol's poll does (MT-SICS); otherwise every byte is one
   * (Toledo 8217 single-letter commands).
   */
  private takeRequests(): Uint8Array[] {
    const poll = this.protocol.poll;
    const lineBased = poll !== undefined && poll[poll.length - 1] === 0x0a;
    const requests: Uint8Array[] = [];
    if (!lineBased) {
      for (const byte of this.pending) requests.push(Uint8Array.of(byte));
      this.pending = Buffer.alloc(0);
      return requests;
    }
    let end: number;
    while ((end = this.pending.indexOf(0x0a)) >= 0) {
      requests.push(this.pending.subarray(0, end + 1));
      this.pending = this.pending.subarray(end + 1);
    }
    return requests;
  }

  /** What a real scale does on zero / tare / clear tare; the reply then shows the new weight. */
  private applyCommand(request: Uint8Array): void {
    const { zero, tare, clearTare } = this.protocol.commands;
    if (zero && sameBytes(request, zero)) {
      this.zeroKg = this.gross;
      this.state.tareKg = 0;
    } else if (tare && sameBytes(request, tare)) this.state.tareKg = this.gross - this.zeroKg;
    else if (clearTare && sameBytes(request, clearTare)) this.state.tareKg = 0;
    else return;
    this.state.kg = this.shown(this.gross);
  }

  private send(bytes: Uint8Array): void {
    if (this.port?.isOpen) this.port.write(Buffer.from(bytes));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
