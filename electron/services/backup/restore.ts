import { copyFileSync, existsSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from '../../store/open';
import { stamp } from './files';

/** A verified backup copied into the data folder, waiting to replace the database at the next open. */
export const STAGED_RESTORE = `${DB_FILE}.restore`;
/** Where the replaced (or damaged) database files are kept: a restore can be undone by hand. */
export const REPLACED_DIR = 'replaced';

/**
 * Copies the chosen backup into the data folder (temporary name, then renamed: only a whole copy
 * is ever staged). From here on the USB disk may be pulled out; the station swaps the files while
 * its database is closed (applyStagedRestore), at the restart that follows or at the next start.
 */
export function stageRestore(dataDir: string, from: string): void {
  const staged = join(dataDir, STAGED_RESTORE);
  const tmp = `${staged}.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, staged);
}

/**
 * Runs before the database is opened. The current files (database, -wal, -shm) are moved together
 * under `replaced/station-<time>.db…`, so SQLite would read them as one database again; the WAL
 * goes first, so it can never be replayed onto the restored file. Returns the moved database's
 * path (null when there was none), or undefined when no restore waits.
 */
export function applyStagedRestore(dataDir: string, at: Date): string | null | undefined {
  const staged = join(dataDir, STAGED_RESTORE);
  if (!existsSync(staged)) return undefined;
  const live = join(dataDir, DB_FILE);
  const asideDir = join(dataDir, REPLACED_DIR);
  mkdirSync(asideDir, { recursive: true, mode: 0o700 });
  let aside = join(asideDir, `station-${stamp(at)}.db`);
  for (let n = 2; existsSync(aside); n++) aside = join(asideDir, `station-${stamp(at)}-${n}.db`);
  for (const suffix of ['-wal', '-shm']) if (existsSync(live + suffix)) renameSync(live + suffix, aside + suffix);
  const moved = existsSync(live);
  if (moved) renameSync(live, aside);
  // A journal of the old file (rollback mode) must not be played onto the new one either.
  if (existsSync(`${live}-journal`)) unlinkSync(`${live}-journal`);
  renameSync(staged, live);
  return moved ? aside : null;
}
