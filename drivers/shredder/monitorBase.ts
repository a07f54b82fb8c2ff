import { EventEmitter } from 'node:events';
import type { SerialStatus } from '../serial/link';
import type { ShredderEvents, ShredderMode, ShredderMonitor, ShredderRun, ShredderStatus } from './types';

/** Run history and status bookkeeping shared by the serial, Modbus and manual monitors. */
export abstract class MonitorBase extends EventEmitter<ShredderEvents> implements ShredderMonitor {
  abstract readonly mode: ShredderMode;
  private readonly runs: ShredderRun[] = [];
  private status: ShredderStatus = { state: 'disconnected' };

  /** Only recent runs are kept: the disposal service stores each matched run in its own record. */
  constructor(private readonly maxRuns = 200) {
    super();
  }

  abstract start(): void;
  abstract stop(): Promise<void>;

  runsBetween(from: number, to: number): ShredderRun[] {
    return this.runs.filter((r) => r.startedAt <= to && r.endedAt >= from);
  }

  currentStatus(): ShredderStatus {
    return this.status;
  }

  protected recordRun(run: ShredderRun): void {
    this.runs.push(run);
    if (this.runs.length > this.maxRuns) this.runs.splice(0, this.runs.length - this.maxRuns);
    this.emit('run', run);
  }

  /** A SerialLink's status in a monitor's terms: no 'connecting', and a silent box or meter is an error. */
  protected reportLink(status: SerialStatus): void {
    if (status.state === 'connecting') return;
    this.setStatus({ ...status, state: status.state === 'noData' ? 'error' : status.state });
  }

  /** Repeats of the same state and error are not news: only changes are emitted. */
  protected setStatus(status: ShredderStatus): void {
    const same = status.state === this.status.state && status.error === this.status.error;
    this.status = status;
    if (!same) this.emit('status', status);
  }
}
