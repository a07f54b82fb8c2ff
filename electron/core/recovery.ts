import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiError, METHOD_NAMES, refused, type RecoveryStatus } from '../../shared/contract';
import { listBackups } from '../services/backup/files';
import { inspectBackupFile } from '../services/backup/inspect';
import { REPLACED_DIR, stageRestore } from '../services/backup/restore';
import { readBackupState } from '../services/backup/state';
import { verifyPin } from '../services/pin';
import { latestKnownMigration } from '../store/open';
import { stderrLog } from '../logging/logger';
import { createDispatcher, type Handlers } from './dispatch';
import type { CoreOptions } from './startOptions';
import type { Core } from './types';

/** Wrong PINs in a row before each further try waits; nobody can unlock anyone while the database is down. */
const FREE_TRIES = 5;
const WAIT_MS = 30_000;

/** The admins' PIN hashes of a backup file. */
function adminPinHashes(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select pin_hash as h from operators where role = 'admin' and active = 1").all() as { h: string }[]).map((r) => r.h);
  } finally {
    db.close();
  }
}

/**
 * The station when its database failed the start-up check: no service runs and nothing is
 * written; every method answers `storeDamaged` except `recoveryStatus` (what broke, which backups
 * there are) and `recoverFromBackup`, which restores one, confirmed by the PIN of an admin in that
 * backup, and restarts the station on it.
 */
export function createRecoveryCore(options: CoreOptions, problems: string[], restart: () => void): Core {
  const now = () => (options.now ?? (() => new Date()))();
  const remembered = readBackupState(options.dataDir);
  let failures = 0;
  let retryAt = 0;

  const status = (): RecoveryStatus => ({
    state: 'damaged',
    problems,
    dataDir: options.dataDir,
    folder: remembered.folder,
    backups: remembered.folder ? listBackups(remembered.folder, remembered.stationId) : [],
  });

  const damaged = () => {
    throw new ApiError('storeDamaged', `database damaged: ${problems[0] ?? ''}`, { dataDir: options.dataDir });
  };
  const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, damaged])) as unknown as Handlers;
  handlers.recoveryStatus = status;
  handlers.recoverFromBackup = async (i) => {
    const wait = retryAt - now().getTime();
    if (wait > 0) throw new ApiError('pinWait', 'too many wrong PINs: wait', { seconds: Math.ceil(wait / 1000) });
    const found = await inspectBackupFile(i.path, 'integrity');
    if (found.migrationAt > latestKnownMigration(options.migrationsDir)) throw refused('conflict', 'backup from a newer program', 'backupTooNew');
    if (remembered.stationId && found.stationId !== remembered.stationId && !i.otherStation) {
      throw refused('conflict', `backup of station ${found.stationId}`, 'backupOtherStation', { stationId: found.stationId ?? '—' });
    }
    let match = false;
    for (const hash of adminPinHashes(i.path)) if (await verifyPin(i.pin, hash)) match = true;
    if (!match) {
      failures++;
      if (failures >= FREE_TRIES) retryAt = now().getTime() + WAIT_MS;
      throw refused('badPin', 'no admin of that backup has this PIN', 'backupNoAdmin');
    }
    stageRestore(options.dataDir, i.path);
    restart();
    return { restoredFrom: i.path, keptIn: join(options.dataDir, REPLACED_DIR) };
  };
  const dispatch = createDispatcher(handlers, { operatorFor: () => null }, options.logging?.log ?? stderrLog());
  return {
    // A method that needs a session would answer notSignedIn first: say what is really wrong.
    dispatch: (name, input, ctx) =>
      name === 'recoveryStatus' || name === 'recoverFromBackup'
        ? dispatch(name, input, ctx)
        : Promise.resolve({ ok: false, error: { code: 'storeDamaged', message: 'database damaged', params: { dataDir: options.dataDir } } }),
    onEvent: () => () => undefined,
    close: () => Promise.resolve(),
  };
}
