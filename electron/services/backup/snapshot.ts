import { chmodSync, copyFileSync, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiError, refused } from '../../../shared/contract';
import { companionName, newBackupName } from './files';
import { inspectBackupFile, KEY_TABLES, readFacts } from './inspect';

/**
 * 500 pages (2 MB) a step: about 8 ms of the main thread each on the reference machine, so a scan
 * waits at most that long behind the backup; a 1.4 GB database copies in about 7 s.
 */
export const PAGES_PER_STEP = 500;

export interface Progress {
  pagesDone: number;
  pagesTotal: number;
}

export interface SnapshotOptions {
  folder: string;
  stationId: string | null;
  at: Date;
  /** Files beside the database copied with it (the secrets' files when they live outside it); absent ones are skipped. */
  extraFiles: readonly string[];
  onProgress?: (p: Progress) => void;
  /** Pages copied per step: small steps let the counter's writes run between them. */
  pagesPerStep?: number;
}

export interface Snapshot {
  path: string;
  fileName: string;
  bytes: number;
}

const removeQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // Not there.
  }
};

function checkFolder(folder: string) {
  // Never created here: a USB disk that is not plugged in would otherwise fill the system disk.
  let ok = false;
  let detail = 'not a folder';
  try {
    ok = statSync(folder).isDirectory();
  } catch (e) {
    detail = (e as { code?: string }).code ?? String(e);
  }
  if (!ok) throw refused('badRequest', `backup folder ${folder}: ${detail}`, 'backupFolderUnusable', { detail });
}

/** A copy's file written to `tmp` and renamed, so a half-written one never carries a backup's name. */
function copyCompanion(from: string, to: string) {
  const tmp = `${to}.tmp`;
  copyFileSync(from, tmp);
  chmodSync(tmp, 0o600);
  renameSync(tmp, to);
}

/**
 * An online backup through SQLite's backup API (better-sqlite3 `db.backup`), in steps so the
 * counter keeps writing meanwhile; written under a temporary name, checked, then renamed.
 *
 * The check: the copy passes `integrity_check`, is a station database at our migration level with
 * our station id, and each append-only key table (lots, entry_checks, outbox) holds at least the
 * rows counted before the copy began and at most those counted after it ended. Exact equality
 * cannot be asked for: writes on the same connection during the copy go into it (SQLite keeps a
 * same-connection backup up to date), so the copy is the database as it was at the end, and the
 * live count can move again before it is read. The range still catches a truncated or empty copy.
 */
export async function writeSnapshot(db: Database.Database, o: SnapshotOptions): Promise<Snapshot> {
  checkFolder(o.folder);
  const fileName = newBackupName(o.folder, o.stationId, o.at, existsSync);
  const path = join(o.folder, fileName);
  const tmp = join(o.folder, `.${fileName}.tmp`);
  const before = readFacts(db);
  try {
    await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        o.onProgress?.({ pagesDone: totalPages - remainingPages, pagesTotal: totalPages });
        return o.pagesPerStep ?? PAGES_PER_STEP;
      },
    });
    const after = readFacts(db);
    // One self-contained file: a copy left in WAL mode would grow -wal/-shm files beside it when opened.
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await verifySnapshot(tmp, { stationId: o.stationId, migrationAt: before.migrationAt, before: before.counts, after: after.counts });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    for (const extra of o.extraFiles) if (existsSync(extra)) copyCompanion(extra, join(o.folder, companionName(fileName, extra)));
    return { path, fileName, bytes: statSync(path).size };
  } catch (e) {
    removeQuietly(tmp);
    removeQuietly(`${tmp}-journal`);
    if (e instanceof ApiError) throw e;
    const code = (e as { code?: string }).code;
    throw refused('badRequest', `backup failed: ${String(e)}`, 'backupFolderUnusable', { detail: code ?? String(e).slice(0, 200) });
  }
}

export interface Expected {
  stationId: string | null;
  migrationAt: number;
  before: Record<(typeof KEY_TABLES)[number], number>;
  after: Record<(typeof KEY_TABLES)[number], number>;
}

/** Verify-after-write (see writeSnapshot); throws `backupVerifyFailed` naming what differs. */
export async function verifySnapshot(path: string, expected: Expected): Promise<void> {
  let problem: string | null = null;
  try {
    const got = await inspectBackupFile(path, 'integrity');
    if (got.stationId !== expected.stationId) problem = `station id ${got.stationId} ≠ ${expected.stationId}`;
    else if (got.migrationAt !== expected.migrationAt) problem = `migration ${got.migrationAt} ≠ ${expected.migrationAt}`;
    else {
      for (const t of KEY_TABLES) {
        if (got.counts[t] < expected.before[t] || got.counts[t] > expected.after[t]) {
          problem = `${t}: ${got.counts[t]} rows, expected ${expected.before[t]}–${expected.after[t]}`;
          break;
        }
      }
    }
  } catch (e) {
    problem = e instanceof ApiError ? e.message : String(e);
  }
  if (problem) throw refused('conflict', `backup check failed: ${problem}`, 'backupVerifyFailed', { detail: problem.slice(0, 200) });
}
