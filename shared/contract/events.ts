import { z } from 'zod';
import { DeviceScan, Id, LotStatus, PrintJob, ScaleState, ScannerState, Weight } from './entities';
import { EntrySummary } from './methods';
import { ShredderState } from './disposal';
import { SyncStatus } from './sync';
import { BackupStatus } from './backup';
import { ExportProgress } from './exports';
import { Recall } from './recall';

/** Events the Node side pushes to every connected screen, over IPC or WebSocket alike. */
export const events = {
  /** A code whose lot is held, rejected, recalled or destroyed was scanned somewhere. */
  alert: z.object({ codeKey: z.string(), status: LotStatus, at: z.string() }),
  /** Lots changed state (tested, held, released, destroyed, sold out…): lists patch their rows. */
  lotStatus: z.object({ changes: z.array(z.object({ lotId: Id, status: LotStatus })), at: z.string() }),
  /** A new entry check or override was recorded (keeps managers' views live). */
  entryRecorded: EntrySummary,
  /** A print job changed state (printed, waiting for paper, printer offline…). */
  printJob: PrintJob,
  /** Live weight from a connected scale (every frame; stale readings are never sent as current). */
  weight: Weight,
  scaleStatus: ScaleState,
  /** A serial or HID POS scanner read a code: the screen in front handles it like a wedge scan. */
  scan: DeviceScan,
  scannerStatus: ScannerState,
  /** The shredder controller's connection and whether it runs now. */
  shredderStatus: ShredderState,
  /** Upload progress: backlog, errors, a long drain's progress (throttled). */
  syncStatus: SyncStatus,
  /** A backup started, progressed (throttled) or ended; settings changed. */
  backupStatus: BackupStatus,
  /** A long export's progress (throttled), until its call answers. */
  exportProgress: ExportProgress,
  /** A recall started, a lot of it was marked or destroyed, it closed or was lifted: its summary now. */
  recall: Recall,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<Events[E]>;
