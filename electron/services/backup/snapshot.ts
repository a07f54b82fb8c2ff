import { chmodSync, copyFileSync, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ApiError, refused } from '../../../shared/contract';
import { companionName, newBackupName } from './files';
import { copyHere, copyInWorker, NoWorker, type CopyFacts } from './copy';
import { inspectBackupFile, KEY_TABLES } from './inspect';

/** 500 pages (2 MB) a step: on this thread (the fallback) about 8 ms each, what a scan may wait behind it. */
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
  /** Pages copied per step. */
  pagesPerStep?: number;
  /** False: copy on the station's own connection (the fallback when no worker can run; tests). */
  inWorker?: boolean;
  /** Receives the way to stop a running copy (the station closing). */
  onStop?: (stop: () => Promise<unknown>) => void;
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
 * An online backup through SQLite's backup API (better-sqlite3 `db.backup`), in steps, on a
 * worker thread (copy.ts; on this thread when no worker can run), so the counter keeps working;
 * written under a temporary name, checked, then renamed.
 *
 * The check: the copy passes `integrity_check`, is a station database at our migration level with
 * our station id, and each append-only key table (lots, entry_checks, outbox) holds exactly the
 * rows of the snapshot the worker copied (a range when copied on this thread, whose writes go into
 * the copy while it runs). This catches a truncated, empty or wrong file.
 */
export async function writeSnapshot(db: Database.Database, o: SnapshotOptions): Promise<Snapshot> {
  checkFolder(o.folder);
  const fileName = newBackupName(o.folder, o.stationId, o.at, existsSync);
  const path = join(o.folder, fileName);
  const tmp = join(o.folder, `.${fileName}.tmp`);
  const step = o.pagesPerStep ?? PAGES_PER_STEP;
  const progress = (p: Progress) => o.onProgress?.(p);
  try {
    let facts: CopyFacts;
    try {
      facts = o.inWorker === false ? await copyHere(db, tmp, step, progress) : await copyInWorker(db.name, tmp, step, progress, o.onStop ?? (() => undefined));
    } catch (e) {
      if (!(e instanceof NoWorker)) throw e;
      removeQuietly(tmp);
      facts = await copyHere(db, tmp, step, progress);
    }
    await verifySnapshot(tmp, { stationId: o.stationId, ...facts });
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
