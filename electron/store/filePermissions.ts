import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * Owner-only access to the data folder and what the station writes there (POSIX modes; on
 * Windows the folder sits in the user's own profile, whose ACL already shuts other users out).
 * Records name buyers and their phones: another account on the PC has no business reading them.
 */
const POSIX = process.platform !== 'win32';

/** Makes the folder (and its parents) if needed; the folder itself becomes 0700. */
export function restrictDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700);
}

/** A file the station writes: 0600 if it exists. */
export function restrictFile(path: string): void {
  if (POSIX && existsSync(path)) chmodSync(path, 0o600);
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
