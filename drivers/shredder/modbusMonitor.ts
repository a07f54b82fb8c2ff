import type ModbusRTU from 'modbus-serial';
import { SerialLink } from '../serial/link';
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
 * one register while the SerialLink has the port open, and debounces the current into runs.
 */
export class ModbusShredderMonitor extends MonitorBase {
  readonly mode = 'modbus' as const;
  private readonly opts: Resolved;
  private readonly detector: CurrentRunDetector;
  private readonly link: SerialLink<ModbusRTU>;
  private polling?: Promise<void>;
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
    const { path, reconnectMs, startAmps, stopAmps, startSamples, stopSamples } = this.opts;
    this.detector = new CurrentRunDetector({ startAmps, stopAmps, startSamples, stopSamples });
    // No silence watchdog: unanswered polls are counted below, and the port stays open for them.
    this.link = new SerialLink({ path, open: (at) => this.openClient(at), reconnectMs });
    // The meter is connected once it answers a poll, not when its port opens.
    this.link.on('status', (s) => s.state !== 'connected' && this.reportLink(s));
    this.link.on('attach', (client) => (this.polling = this.pollWhileOpen(client)));
    this.link.on('detach', (_client, reason) => {
      this.wake?.();
      // A run open when the meter is lost or the station stops still counts, up to its last sample.
      this.finishRun(reason === 'stopped' ? 'stopped' : 'meterLost');
    });
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link.stop();
    await this.polling;
  }

  private async openClient(path: string): Promise<ModbusRTU> {
    // Loaded here, not at import: the station's start-up should not pay for native serial code.
    const { default: Client } = await import('modbus-serial');
    const { baudRate, parity, stopBits, unitId, timeoutMs } = this.opts;
    const client = new Client();
    await client.connectRTUBuffered(path, { baudRate, parity, stopBits, dataBits: 8 });
    client.setID(unitId);
    client.setTimeout(timeoutMs);
    return client;
  }

  private async pollWhileOpen(client: ModbusRTU): Promise<void> {
    this.failures = 0;
    while (this.link.port === client) {
      await this.poll(client);
      await this.sleep(this.opts.pollIntervalMs, client);
    }
  }

  private async poll(client: ModbusRTU): Promise<void> {
    const { table, address, format, failuresBeforeError, unitId } = this.opts;
    const count = registerCount(format.type);
    try {
      const reply = table === 'input' ? await client.readInputRegisters(address, count) : await client.readHoldingRegisters(address, count);
      // A reply that lands after the port was let go of belongs to no run.
      if (this.link.port !== client) return;
      const at = Date.now();
      this.failures = 0;
      this.lastSampleAt = at;
      this.setStatus({ state: 'connected' });
      this.sample(decodeRegisters(reply.data, format), at);
    } catch (err) {
      // Unplugged or stopped: the link closes the port, reports it and reopens.
      if (this.link.port !== client || !client.isOpen) return;
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

  /** Cut short when the port is let go of ('detach' wakes it). */
  private sleep(ms: number, client: ModbusRTU): Promise<void> {
    return new Promise((resolve) => {
      if (this.link.port !== client) return resolve();
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
