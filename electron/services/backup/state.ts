import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BackupResult } from '../../../shared/contract';

/**
 * The backups' own record, a small file beside the database rather than a row in it: it must
 * still read when the database does not (the recovery screen finds the backup folder through it).
 */
export const STATE_FILE = 'backup-state.json';

const State = z.object({
  folder: z.string().nullable(),
  stationId: z.string().nullable(),
  last: BackupResult.nullable(),
  lastSuccessAt: z.string().nullable(),
});
export type BackupState = z.infer<typeof State>;

const EMPTY: BackupState = { folder: null, stationId: null, last: null, lastSuccessAt: null };

export function readBackupState(dataDir: string): BackupState {
  try {
    const parsed = State.safeParse(JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function writeBackupState(dataDir: string, state: BackupState): void {
  const path = join(dataDir, STATE_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
