import { z } from 'zod';
import { Pin } from './entities';
import { method } from './spec';

const Empty = z.object({}).strict();

/** Where and when the station copies its database (docs/backup.md). */
export const BackupSettings = z.object({
  /** An absolute folder, typically on a USB disk; empty: no backups until one is chosen. */
  folder: z
    .string()
    .max(500)
    .regex(/^(?:$|\/|[A-Za-z]:[\\/]|\\\\)/, 'absolutePath'),
  /** This station's newest backups kept in the folder; older ones of ours are deleted, nothing else is. */
  keep: z.number().int().min(1).max(365),
  /** Local time of the daily backup ("HH:MM"), or null for none. */
  dailyAt: z
    .string()
    .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'timeOfDay')
    .nullable(),
  /** Also every so many hours while the station runs, or null. */
  everyHours: z.number().int().min(1).max(168).nullable(),
});
export type BackupSettings = z.infer<typeof BackupSettings>;

/** One backup file of this station (or, when restoring, any station file chosen by path). */
export const BackupFile = z.object({
  path: z.string(),
  fileName: z.string(),
  /** The station id in its name (null: taken before the id was set). */
  stationId: z.string().nullable(),
  /** When it was taken, local ISO time read from its name. */
  takenAt: z.string(),
  bytes: z.number().int(),
});
export type BackupFile = z.infer<typeof BackupFile>;

/** What the last backup did. */
export const BackupResult = z.object({
  at: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  ok: z.boolean(),
  file: z.string().nullable(),
  bytes: z.number().int().nullable(),
  ms: z.number().int(),
  /** Why it failed (an English/SQLite message for the log; the reason word is translated). */
  problem: z.string().nullable(),
  /** The refusal reason and its parameters, for the translated text. */
  reason: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});
export type BackupResult = z.infer<typeof BackupResult>;

export const BackupStatus = z.object({
  settings: BackupSettings,
  last: BackupResult.nullable(),
  lastSuccessAt: z.string().nullable(),
  /** When the timer will take the next one (null: no folder or no schedule). */
  nextDueAt: z.string().nullable(),
  /** A backup under way: pages copied of how many. */
  running: z.object({ startedAt: z.string(), pagesDone: z.number().int(), pagesTotal: z.number().int() }).nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** What a backup holds, read when it is chosen for a restore. */
export const BackupInspection = z.object({
  path: z.string(),
  stationId: z.string().nullable(),
  stationName: z.string().nullable(),
  /** The newest entry check in it: what is lost on restore is everything after. */
  lastEntryAt: z.string().nullable(),
  lots: z.number().int(),
  entries: z.number().int(),
  /** Whether it is another station's file (restoring it needs `otherStation`). */
  otherStation: z.boolean(),
});
export type BackupInspection = z.infer<typeof BackupInspection>;

/** The station as it started: `damaged` when the start-up check found the database file broken. */
export const RecoveryStatus = z.object({
  state: z.enum(['ok', 'damaged']),
  /** SQLite's first findings (English). */
  problems: z.array(z.string()),
  dataDir: z.string(),
  /** Backups found in the last backup folder this station used, newest first. */
  backups: z.array(BackupFile),
  folder: z.string().nullable(),
});
export type RecoveryStatus = z.infer<typeof RecoveryStatus>;

const BackupPath = z.string().min(1).max(1000);
const MANAGING = ['manager'] as const;

export const backupMethods = {
  getBackupStatus: method({ access: MANAGING, input: Empty, output: BackupStatus }),
  saveBackupSettings: method({ access: ['admin'], input: BackupSettings, output: BackupStatus }),
  /** Takes a backup now into the settings' folder; answers when it is written and verified. */
  backupNow: method({ access: MANAGING, input: Empty, output: BackupResult }),
  /** This station's backups in the folder, newest first. */
  listBackups: method({ access: MANAGING, input: Empty, output: z.array(BackupFile) }),
  /** Checks a file before a restore and says what it holds. */
  inspectBackup: method({ access: ['admin'], input: z.object({ path: BackupPath }), output: BackupInspection }),
  /**
   * Replaces the station's data with the backup: the admin's PIN again, and `otherStation` for
   * another station's file. The current files are moved aside (undoable), the station restarts on
   * the restored file and every session ends.
   */
  restoreBackup: method({
    access: ['admin'],
    input: z.object({ path: BackupPath, pin: Pin, otherStation: z.boolean().default(false) }),
    output: z.object({ restoredFrom: z.string(), keptIn: z.string() }),
  }),
  /** Public: answered when the database could not be opened, so the screen can offer recovery. */
  recoveryStatus: method({ access: 'public', input: Empty, output: RecoveryStatus }),
  /**
   * Only while the database is damaged: restores a backup, confirmed by the PIN of an admin in
   * that backup (nobody can sign in to the damaged one). The damaged file is kept aside.
   */
  recoverFromBackup: method({
    access: 'public',
    input: z.object({ path: BackupPath, pin: Pin, otherStation: z.boolean().default(false) }),
    output: z.object({ restoredFrom: z.string(), keptIn: z.string() }),
  }),
};
