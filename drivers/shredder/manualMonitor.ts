import { MonitorBase } from './monitorBase';
import type { ShredderRun } from './types';

/** No device fitted: the operator confirms the shredder's start and stop by hand. */
export class ManualShredderMonitor extends MonitorBase {
  readonly mode = 'manual' as const;
  private startedAt?: number;

  start(): void {
    // Nothing to connect to: the operator is always "connected".
    this.setStatus({ state: 'connected' });
  }

  async stop(): Promise<void> {
    this.startedAt = undefined;
    this.setStatus({ state: 'disconnected' });
  }

  get running(): boolean {
    return this.startedAt !== undefined;
  }

  confirmStart(at = Date.now()): void {
    if (this.startedAt !== undefined) throw new Error('shredder run already started');
    this.startedAt = at;
    this.emit('runStart', { mode: 'manual', startedAt: at });
  }

  confirmStop(at = Date.now()): ShredderRun {
    const startedAt = this.startedAt;
    if (startedAt === undefined) throw new Error('no shredder run started');
    if (at < startedAt) throw new RangeError('stop before start');
    this.startedAt = undefined;
    const run: ShredderRun = { mode: 'manual', startedAt, endedAt: at, durationMs: at - startedAt, evidence: { mode: 'manual' } };
    this.recordRun(run);
    return run;
  }
}
