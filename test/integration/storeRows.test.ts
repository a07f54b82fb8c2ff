import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store/open';
import { rowReader, rowWriter } from '../../electron/store/rows';
import { operators, subjects } from '../../electron/store/schema';
import { MIGRATIONS } from '../support/core';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rows-'));
  store = openStore(dir, MIGRATIONS);
  store.sqlite.prepare(`insert into operators (id, name, role, pin_hash, created_at) values ('OP', '管理员', 'admin', 'x', '2026-12-04T08:00:00.000+08:00')`).run();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = '2026-12-04T08:00:00.000+08:00';
const supplier = (id: string, blocked: boolean) => ({
  id,
  kind: 'supplier',
  name: `供应商${id}`,
  uscc: null,
  gln: null,
  contact: '13800000000',
  blocked,
  blockedReason: blocked ? '检出阳性' : null,
  createdAt: at,
  createdBy: 'OP',
  updatedAt: at,
  updatedBy: 'OP',
});

describe('raw rows typed from the schema', () => {
  it('writes and reads rows exactly as drizzle does, booleans included', () => {
    const write = rowWriter(store.sqlite, subjects);
    write.run(supplier('A', true));
    write.run(supplier('B', false));
    // Stored as drizzle stores a boolean column: 1 and 0.
    expect(store.sqlite.prepare('select id, blocked from subjects order by id').all()).toEqual([
      { id: 'A', blocked: 1 },
      { id: 'B', blocked: 0 },
    ]);
    const read = rowReader<typeof subjects, [string]>(store.sqlite, subjects, 'id = ?');
    for (const id of ['A', 'B']) expect(read.get(id)).toEqual(store.orm.select().from(subjects).where(eq(subjects.id, id)).get());
    expect(read.get('A')!.blocked).toBe(true);
    expect(read.get('B')!.blocked).toBe(false);
    expect(read.get('none')).toBeUndefined();
    const byKind = rowReader<typeof subjects, [string]>(store.sqlite, subjects, 'kind = ? order by id');
    expect(byKind.all('supplier').map((r) => [r.id, r.blocked])).toEqual([
      ['A', true],
      ['B', false],
    ]);
  });

  it('refuses a row with a column left out, writing nothing', () => {
    const write = rowWriter(store.sqlite, operators);
    const { pinHash: _, ...partial } = store.orm.select().from(operators).get()!;
    expect(() => write.run({ ...partial, id: 'OP2' } as never)).toThrow(/Missing named parameter "pinHash"/);
    expect(store.sqlite.prepare('select count(*) as n from operators').get()).toEqual({ n: 1 });
  });
});
