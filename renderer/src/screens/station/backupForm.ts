import type { BackupSettings } from '../../../../shared/contract';

/** The backup settings as typed: text fields, checked before they are sent. */
export interface BackupForm {
  folder: string;
  keep: string;
  dailyAt: string;
  everyHours: string;
}

const WHOLE = /^\d{1,3}$/;

/** Settings from the typed fields, or which text says what is wrong (a `backup.*` key). */
export function parseBackupForm(f: BackupForm): { settings: BackupSettings } | { problem: 'badTime' | 'badNumber' } {
  const dailyAt = f.dailyAt.trim().replace('：', ':');
  if (dailyAt && !/^(?:[01]?\d|2[0-3]):[0-5]\d$/.test(dailyAt)) return { problem: 'badTime' };
  const keep = f.keep.trim();
  const every = f.everyHours.trim();
  if (!WHOLE.test(keep) || Number(keep) < 1 || Number(keep) > 365) return { problem: 'badNumber' };
  if (every && (!WHOLE.test(every) || Number(every) < 1 || Number(every) > 168)) return { problem: 'badNumber' };
  return {
    settings: { folder: f.folder.trim(), keep: Number(keep), dailyAt: dailyAt ? dailyAt.padStart(5, '0') : null, everyHours: every ? Number(every) : null },
  };
}

/** A file size for people: MB with one decimal, kB below 1 MB. */
export function backupSize(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} kB`;
}
