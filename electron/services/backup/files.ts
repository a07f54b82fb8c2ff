import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupFile } from '../../../shared/contract';

/**
 * Backup file names: `yipin-station-<station id>-<YYYYMMDD>-<HHMMSS>[-<n>].db`, ASCII so a USB
 * disk formatted FAT32 on any PC takes them; `unset` before the station id is set. Only names of
 * this pattern with our station id are ever listed or rotated: nothing else in the folder is touched.
 */
const NAME = /^yipin-station-(\d{7}|unset)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d{1,3}))?\.db$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function stamp(at: Date): string {
  return `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

/** The name for a new backup taken at `at`, not yet used in the folder. */
export function newBackupName(folder: string, stationId: string | null, at: Date, exists: (path: string) => boolean): string {
  const base = `yipin-station-${stationId ?? 'unset'}-${stamp(at)}`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.db` : `${base}-${n}.db`;
    if (!exists(join(folder, name))) return name;
  }
}

interface Parsed {
  stationId: string | null;
  takenAt: string;
  /** Sorts newest last. */
  order: string;
}

export function parseBackupName(name: string): Parsed | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, id, y, mo, d, h, mi, s, n] = m;
  return { stationId: id === 'unset' ? null : id, takenAt: `${y}-${mo}-${d}T${h}:${mi}:${s}`, order: `${y}${mo}${d}${h}${mi}${s}-${(n ?? '1').padStart(3, '0')}` };
}

/** The files that travel with a backup (the secrets' files): `<backup name without .db>.<file name>`. */
export const companionName = (backupName: string, extraFile: string) => `${backupName.slice(0, -3)}.${basename(extraFile)}`;

/** This station's backups in `folder`, newest first; an unreadable folder lists none. */
export function listBackups(folder: string, stationId: string | null): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const found: (BackupFile & { order: string })[] = [];
  for (const fileName of names) {
    const parsed = parseBackupName(fileName);
    if (!parsed || parsed.stationId !== stationId) continue;
    const path = join(folder, fileName);
    try {
      const st = statSync(path);
      if (st.isFile()) found.push({ path, fileName, stationId: parsed.stationId, takenAt: parsed.takenAt, bytes: st.size, order: parsed.order });
    } catch {
      // Removed while listing.
    }
  }
  return found.sort((a, b) => (a.order < b.order ? 1 : -1)).map(({ order: _order, ...file }) => file);
}

/** Deletes this station's backups beyond the newest `keep`, with their companions; returns the names deleted. */
export function rotateBackups(folder: string, stationId: string | null, keep: number, extraFiles: readonly string[]): string[] {
  const deleted: string[] = [];
  for (const old of listBackups(folder, stationId).slice(keep)) {
    for (const name of [old.fileName, ...extraFiles.map((f) => companionName(old.fileName, f))]) {
      try {
        unlinkSync(join(folder, name));
        deleted.push(name);
      } catch {
        // A companion that was never written (no secrets file then).
      }
    }
  }
  return deleted;
}
