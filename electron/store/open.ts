import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { restrictDatabaseFiles, restrictDir } from './filePermissions';
import * as schema from './schema';

/** The drizzle handle; `$client` is its better-sqlite3 connection (for the few hot prepared statements). */
export type Orm = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export interface Store {
  sqlite: Database.Database;
  orm: Orm;
  path: string;
  close(): void;
}

export const DB_FILE = 'station.db';
/** How often the WAL is copied back into the database file. */
export const CHECKPOINT_MS = 5_000;

export class StoreTooNewError extends Error {
  constructor(
    readonly dbMigrationAt: number,
    readonly codeMigrationAt: number,
  ) {
    super(
      `数据库版本比本程序新，请升级程序后再打开 (database migrated at ${new Date(dbMigrationAt).toISOString()}, ` + `this program knows migrations up to ${new Date(codeMigrationAt).toISOString()})`,
    );
    this.name = 'StoreTooNewError';
  }
}

export function latestKnownMigration(migrationsDir: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

function latestAppliedMigration(sqlite: Database.Database): number | null {
  const table = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
  if (!table) return null;
  const row = sqlite.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null };
  return row.at;
}

/**
 * Opens (creating if needed) the station database: WAL so readers never block the counter,
 * foreign keys on, migrations applied — and refuses a file written by a newer program, which
 * would otherwise be silently misread.
 */
export function openStore(dataDir: string, migrationsDir: string): Store {
  restrictDir(dataDir);
  const path = join(dataDir, DB_FILE);
  restrictDatabaseFiles(path);
  const sqlite = new Database(path);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // Checkpoints (which fsync) run on a timer, not inside whichever scan's commit crosses the
    // WAL size limit: that commit would take milliseconds longer than every other.
    sqlite.pragma('wal_autocheckpoint = 0');
    const known = latestKnownMigration(migrationsDir);
    const applied = latestAppliedMigration(sqlite);
    if (applied !== null && applied > known) throw new StoreTooNewError(applied, known);
    const orm = drizzle(sqlite, { schema });
    if (applied === null || applied < known) migrate(orm, { migrationsFolder: migrationsDir });
    const checkpoints = setInterval(() => sqlite.pragma('wal_checkpoint(PASSIVE)'), CHECKPOINT_MS);
    checkpoints.unref();
    return {
      sqlite,
      orm,
      path,
      close() {
        clearInterval(checkpoints);
        sqlite.close();
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}
