import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * Owner-only access to the data folder and what the station writes there (POSIX modes; on
 * Windows the folder sits in the user's own profile, whose ACL already shuts other users out).
 * Records name buyers and their phones: another account on the PC has no business reading them.
 */
const POSIX = process.platform !== 'win32';

/**
 * A file system without POSIX modes (a FAT/exFAT stick, some network shares) refuses chmod: the
 * station still starts, and says its files are not owner-only there.
 */
function narrow(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    console.warn(`无法限制文件权限（此磁盘不支持？）：${path} / Could not make ${path} owner-only (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Makes the folder (and its parents) if needed; the folder itself becomes 0700. */
export function restrictDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) narrow(dir, 0o700);
}

/** A file the station writes: 0600 if it exists. */
export function restrictFile(path: string): void {
  if (POSIX && existsSync(path)) narrow(path, 0o600);
}

/**
 * The database file made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
 * database file's mode, so they follow. Ones left by an older version are narrowed too.
 */
export function restrictDatabaseFiles(dbPath: string): void {
  if (!POSIX) return;
  closeSync(openSync(dbPath, 'a', 0o600));
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) restrictFile(path);
}
