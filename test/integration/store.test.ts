import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreTooNewError } from '../../electron/store/open';
import { MIGRATIONS } from '../support/core';

const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
const KNOWN = journal.entries.length;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('station store', () => {
  it('creates one SQLite file in WAL mode with foreign keys and all migrations applied', () => {
    const store = openStore(dir, MIGRATIONS);
    expect(store.path).toBe(join(dir, 'station.db'));
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (store.sqlite.prepare(`select name from sqlite_master where type='table' order by name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['operators', 'subjects', 'categories', 'varieties', 'certificates', 'lots', 'lot_certificates', 'entry_checks', 'entry_overrides']));
    expect(() => store.sqlite.prepare(`insert into lot_certificates values ('nolot', 'nocert')`).run()).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('reopens an existing file without re-running migrations', () => {
    openStore(dir, MIGRATIONS).close();
    const store = openStore(dir, MIGRATIONS);
    expect(store.sqlite.prepare('select count(*) n from __drizzle_migrations').get()).toEqual({ n: KNOWN });
    store.close();
  });

  it('refuses a database written by a newer program and leaves it untouched', () => {
    openStore(dir, MIGRATIONS).close();
    const db = new Database(join(dir, 'station.db'));
    db.prepare(`insert into __drizzle_migrations (hash, created_at) values ('future', ?)`).run(Date.now() + 365 * 86_400_000);
    db.close();
    expect(() => openStore(dir, MIGRATIONS)).toThrow(StoreTooNewError);
    const after = new Database(join(dir, 'station.db'), { readonly: true });
    expect(after.prepare('select count(*) n from __drizzle_migrations').get()).toEqual({ n: KNOWN + 1 });
    after.close();
  });
});

describe('WAL checkpoints', () => {
  it('leave commits to the timer: the WAL grows until a checkpoint empties it', () => {
    const store = openStore(dir, MIGRATIONS);
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    store.sqlite.exec('create table t (x text)');
    const insert = store.sqlite.prepare('insert into t values (?)');
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(500));
    const before = statSync(join(dir, 'station.db-wal')).size;
    expect(before).toBeGreaterThan(1_000_000);
    // What the timer runs: afterwards the next write starts the WAL from its beginning again.
    const [result] = store.sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    expect(result.checkpointed).toBe(result.log);
    store.close();
  });
});
