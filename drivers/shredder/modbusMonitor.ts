import type ModbusRTU from 'modbus-serial';
import { CurrentRunDetector, type CurrentRun } from './currentDetector';
import { MonitorBase } from './monitorBase';
import { decodeRegisters, registerCount, type RegisterFormat } from './registers';

export interface ModbusShredderOptions {
  path: string;
  /**
   * Defaults fit an Eastron SDM120-Modbus single-phase DIN-rail meter: 2400 baud 8N1, unit 1,
   * input register 0x0006 (30007 "Current", A) as float32 high word first. The register, table and
   * word order follow Eastron's published SDM-series maps; the 2400-baud factory default comes from
   * third-party notes only (SDM120CT variants ship at 9600) — confirm on the meter's display.
   */
  baudRate?: number;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  unitId?: number;
  table?: 'input' | 'holding';
  address?: number;
  format?: RegisterFormat;
  /** Shredder idle draw is near 0 A; a small shredder motor draws several A. Tune per machine. */
  startAmps?: number;
  stopAmps?: number;
  startSamples?: number;
  stopSamples?: number;
  pollIntervalMs?: number;
  /** Per-request reply timeout. */
  timeoutMs?: number;
  /** Unanswered polls in a row before the meter is reported silent. */
  failuresBeforeError?: number;
  reconnectMs?: number;
  maxRuns?: number;
}

type Resolved = Required<Omit<ModbusShredderOptions, 'maxRuns'>>;

export const SDM120_DEFAULTS = {
  baudRate: 2400,
  parity: 'none',
  stopBits: 1,
  unitId: 1,
  table: 'input',
  address: 0x0006,
  format: { type: 'float32', wordOrder: 'big', scale: 1 },
} as const satisfies Partial<ModbusShredderOptions>;

/**
 * A Modbus RTU power meter on the shredder's circuit: the motor's current says when it runs. Polls
 * one register, debounces it into runs, and keeps reconnecting until stop().
 */
export class ModbusShredderMonitor extends MonitorBase {
  readonly mode = 'modbus' as const;
  private readonly opts: Resolved;
  private readonly detector: CurrentRunDetector;
  private client?: ModbusRTU;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  private lastSampleAt = 0;

  constructor(options: ModbusShredderOptions) {
    super(options.maxRuns);
    this.opts = {
      ...SDM120_DEFAULTS,
      startAmps: 1.0,
      stopAmps: 0.8,
      startSamples: 2,
      stopSamples: 3,
      pollIntervalMs: 500,
      timeoutMs: 400,
      failuresBeforeError: 3,
      reconnectMs: 1000,
      ...options,
    };
    const { startAmps, stopAmps, startSamples, stopSamples } = this.opts;
    this.detector = new CurrentRunDetector({ startAmps, stopAmps, startSamples, stopSamples });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.finishRun('stopped');
    await this.closeClient();
    this.setStatus({ state: 'disconnected' });
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.client && !(await this.connect())) {
        await this.sleep(this.opts.reconnectMs);
        continue;
      }
      await this.poll();
      await this.sleep(this.opts.pollIntervalMs);
    }
  }

  private async connect(): Promise<boolean> {
    // Loaded here, not at import: the station's start-up should not pay for native serial code.
    const [{ default: Client }, { classifySerialError }] = await Promise.all([import('modbus-serial'), import('../scale/connection')]);
    const { path, baudRate, parity, stopBits, unitId, timeoutMs } = this.opts;
    const client = new Client();
    // Port errors also surface as failed requests and isOpen === false, handled in poll().
    client.on('error', () => {});
    try {
      await client.connectRTUBuffered(path, { baudRate, parity, stopBits, dataBits: 8 });
    } catch (err) {
      this.setStatus({ state: 'error', ...classifySerialError(err) });
      return false;
    }
    if (!this.running) {
      await closeQuietly(client);
      return false;
    }
    client.setID(unitId);
    client.setTimeout(timeoutMs);
    this.client = client;
    this.failures = 0;
    return true;
  }

  private async poll(): Promise<void> {
    const client = this.client!;
    const { table, address, format, failuresBeforeError, unitId } = this.opts;
    const count = registerCount(format.type);
    try {
      const reply = table === 'input' ? await client.readInputRegisters(address, count) : await client.readHoldingRegisters(address, count);
      const at = Date.now();
      this.failures = 0;
      this.lastSampleAt = at;
      this.setStatus({ state: 'connected' });
      this.sample(decodeRegisters(reply.data, format), at);
    } catch (err) {
      if (!client.isOpen) {
        // Unplugged: the port is gone, reopen it.
        this.finishRun('meterLost');
        this.client = undefined;
        await closeQuietly(client);
        this.setStatus({ state: 'disconnected', message: errorText(err) });
        return;
      }
      this.failures += 1;
      if (this.failures < failuresBeforeError) return;
      this.finishRun('meterLost');
      const exception = (err as { modbusCode?: number }).modbusCode;
      this.setStatus(
        exception === undefined
          ? { state: 'error', error: 'noData', message: `meter unit ${unitId} not answering — baud rate, unit id, RS-485 wiring? (${errorText(err)})` }
          : { state: 'error', error: 'other', message: `meter refused the read (Modbus exception ${exception}) — check table and register address` },
      );
    }
  }

  private sample(amps: number, at: number): void {
    const event = this.detector.push(amps, at);
    if (event?.type === 'start') this.emit('runStart', { mode: 'modbus', startedAt: event.startedAt });
    else if (event?.type === 'run') this.recordCurrentRun(event.run, 'currentDropped');
  }

  /** A run open when the meter is lost or the station stops still counts, up to its last sample. */
  private finishRun(endReason: string): void {
    const run = this.detector.abort(this.lastSampleAt);
    if (run) this.recordCurrentRun(run, endReason);
  }

  private recordCurrentRun(run: CurrentRun, endReason: string): void {
    const { startAmps, stopAmps, pollIntervalMs } = this.opts;
    this.recordRun({
      mode: 'modbus',
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      durationMs: run.endedAt - run.startedAt,
      evidence: {
        mode: 'modbus',
        peakAmps: run.peakAmps,
        meanAmps: run.meanAmps,
        samples: run.samples,
        startAmps,
        stopAmps,
        pollIntervalMs,
        endReason,
      },
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) return resolve();
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await closeQuietly(client);
  }
}

function closeQuietly(client: ModbusRTU): Promise<void> {
  return new Promise((resolve) => {
    if (!client.isOpen) return resolve();
    client.close(() => resolve());
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
