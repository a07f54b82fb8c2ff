import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../electron/store/open';
import { MIGRATIONS } from '../support/core';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'station-migrate-'));
  dirs.push(d);
  return d;
};

/** The migrations as an older program shipped them: up to and including `lastTag`. */
function migrationsUpTo(lastTag: string): string {
  const dir = temp();
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  for (const e of journal.entries.slice(last + 1)) rmSync(join(dir, `${e.tag}.sql`));
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

it('splits the old 待检 into awaitingTest and held when a filled database is upgraded', () => {
  const data = temp();
  const old = openStore(data, migrationsUpTo('0008_sampling_indexes'));
  const at = '2026-11-30T09:00:00+08:00';
  old.sqlite.exec(`
    insert into operators (id, name, role, pin_hash, active, created_at) values ('op', '管理员', 'admin', 'x', 1, '${at}');
    insert into subjects (id, kind, name, blocked, created_at, created_by, updated_at, updated_by) values ('sup', 'supplier', '合作社', 0, '${at}', 'op', '${at}', 'op');
    insert into categories (id, name_zh, name_en, requirements, test_without_report) values ('vegetable', '蔬菜', 'Vegetables', '[]', 1);
    insert into varieties (id, name, category_id, default_unit, created_at) values ('veg', '白菜', 'vegetable', 'kg', '${at}');
  `);
  const lot = old.sqlite.prepare(
    `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by)
     values (?, ?, 'opaque', ?, 'sup', 'veg', 10, 'kg', ?, ?, '${at}', 'op')`,
  );
  lot.run('waiting', 'W', 'W', 'held', 'awaitingTest'); // held only for its entry test
  lot.run('stopped', 'S', 'S', 'held', 'awaitingTest'); // under an active hold after a positive
  lot.run('released', 'R', 'R', 'held', 'awaitingTest'); // its hold was lifted: back to the test wait
  lot.run('trading', 'T', 'T', 'admitted', 'trading');
  old.sqlite.exec(`
    insert into holds (id, lot_id, reason, status, created_at, created_by) values ('h1', 'stopped', 'testPositive', 'active', '${at}', 'op');
    insert into holds (id, lot_id, reason, status, created_at, created_by) values ('h2', 'released', 'manual', 'released', '${at}', 'op');
    insert into hold_lots (hold_id, lot_id, prior_status, prior_zone) values ('h1', 'stopped', 'held', 'awaitingTest');
    insert into hold_lots (hold_id, lot_id, prior_status, prior_zone) values ('h2', 'released', 'held', 'awaitingTest');
  `);
  old.close();

  const store = openStore(data, MIGRATIONS);
  try {
    expect(store.sqlite.prepare('select id, status from lots order by id').all()).toEqual([
      { id: 'released', status: 'awaitingTest' },
      { id: 'stopped', status: 'held' },
      { id: 'trading', status: 'admitted' },
      { id: 'waiting', status: 'awaitingTest' },
    ]);
    // A release of the active hold now puts the lot back to waiting for its test, not to 扣留.
    expect(store.sqlite.prepare('select hold_id, prior_status from hold_lots order by hold_id').all()).toEqual([
      { hold_id: 'h1', prior_status: 'awaitingTest' },
      { hold_id: 'h2', prior_status: 'awaitingTest' },
    ]);
  } finally {
    store.close();
  }
});
