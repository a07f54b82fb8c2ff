import type { EventEmitter } from 'node:events';
import type { SerialErrorKind } from '../serial/errors';

export type ShredderMode = 'serial' | 'modbus' | 'manual';

/** One shredder run: what the disposal record stores as proof that the goods went through. */
export interface ShredderRun {
  mode: ShredderMode;
  /** Station clock (Date.now()), ms. */
  startedAt: number;
  endedAt: number;
  durationMs: number;
  /** Mode-specific proof (counter and box uptime, current samples, or `{ mode: 'manual' }`). */
  evidence: Record<string, unknown>;
}

export type ShredderErrorKind = SerialErrorKind;

export interface ShredderStatus {
  state: 'connected' | 'disconnected' | 'error';
  error?: ShredderErrorKind;
  message?: string;
}

/** Runs the device counted but the station never saw (serial box counter gap, lost STOP). */
export interface MissedRuns {
  /** Inclusive range of the box's run counters that were missed. */
  fromCounter: number;
  toCounter: number;
  reason: 'counterGap' | 'stopLost';
  at: number;
}

/** A fault the run-sensor box reports itself (`ERR,<code>,<text>`). */
export interface DeviceError {
  code: string;
  text: string;
  at: number;
}

export interface ShredderEvents {
  runStart: [{ mode: ShredderMode; startedAt: number }];
  run: [ShredderRun];
  status: [ShredderStatus];
  /** Serial mode only. */
  missed: [MissedRuns];
  /** Serial mode only. */
  deviceError: [DeviceError];
}

export interface ShredderMonitor extends Pick<EventEmitter<ShredderEvents>, 'on' | 'off' | 'once'> {
  readonly mode: ShredderMode;
  start(): void;
  stop(): Promise<void>;
  /** Recent runs (bounded) overlapping [from, to], oldest first. */
  runsBetween(from: number, to: number): ShredderRun[];
  currentStatus(): ShredderStatus;
}
