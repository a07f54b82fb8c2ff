import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store/open';
import { MIGRATIONS, ROOT } from '../support/core';
import type Database from 'better-sqlite3';
import { createLotTree } from '../../electron/services/lotTree';
import { createRecallDetail } from '../../electron/services/recall/detail';
import { createRecallSummaries } from '../../electron/services/recall/summary';
import { createTreeWalk } from '../../electron/services/recall/walk';

const dirs: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
let store: Store | undefined;
afterAll(() => {
  store?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('schema and migrations', () => {
  it('agree: drizzle-kit generate finds nothing to migrate', () => {
    // drizzle-kit reads `out` relative to its working folder: a copy of the migrations beside the config.
    const work = temp('station-migrations-');
    const out = join(work, 'migrations');
    cpSync(MIGRATIONS, out, { recursive: true });
    writeFileSync(join(work, 'drizzle.config.json'), JSON.stringify({ dialect: 'sqlite', schema: join(ROOT, 'electron/store/schema.ts'), out: './migrations' }));
    const before = readdirSync(out).sort();
    const said = execFileSync(process.execPath, [join(ROOT, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', 'drizzle.config.json', '--name', 'drift'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(said).toContain('No schema changes');
    expect(readdirSync(out).sort()).toEqual(before);
  }, 60_000);
});

/**
 * The hot paths rely on these indexes (scan→verdict at a million lots, splits, upload drain, the
 * sampler): a dropped index or a query the planner can no longer serve from it fails here, not in
 * a bench run weeks later.
 */
describe('query plans of the hot paths', () => {
  const plan = (sql: string) => {
    store ??= openStore(temp('station-plans-'), MIGRATIONS);
    return (store.sqlite.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  };

  it.each([
    ['a scan finds its lot by code', "select * from lots where code_key = 'x'", /USING INDEX lots_code_key_unique/],
    ['what is left of a lot sums its children', "select sum(quantity) from lots where parent_lot_id = 'p' and unit = 'kg'", /USING INDEX lots_parent/],
    [
      'the day tally counts admitted entries without reading rows',
      "select count(*) from entry_checks e where e.created_at >= 'a' and e.created_at < 'b' and e.outcome = 'admit' and e.lot_id <> 'x'",
      /USING COVERING INDEX entry_checks_day/,
    ],
    [
      'recent failures start from the few positives',
      "select count(*) from rapid_tests t cross join lots l on l.id = t.lot_id where t.verdict = 'positive' and t.created_at >= 'a' and l.supplier_id = 's'",
      /rapid_tests_positive/,
    ],
    ['the uploader takes pending rows in order', "select seq, id from outbox where state = 'pending' order by seq limit 500", /USING (COVERING )?INDEX outbox_state_seq/],
    ['the last upload is read at start without walking the sent rows', "select max(sent_at) from outbox where state = 'sent'", /USING COVERING INDEX outbox_state_sent/],
    ['the print queue finds unfinished jobs', "select id from print_jobs where status in ('queued', 'waiting')", /USING (COVERING )?INDEX print_jobs_status/],
    ['a lot’s active holds', "select count(*) from hold_lots hl join holds h on h.id = hl.hold_id where hl.lot_id = 'x' and h.status = 'active'", /hold_lots_lot/],
    ['a stall’s lots', "select id from lots where stall_id = 's'", /USING (COVERING )?INDEX lots_stall/],
  ])('%s', (_what, sql, index) => {
    const detail = plan(sql);
    expect(detail).toMatch(index);
    expect(detail).not.toMatch(/SCAN (lots|entry_checks|outbox|print_jobs|hold_lots)\b(?! USING)/);
  });

  // At 10M lots the planner once read every lot against a recursive walk (3 s a recall, npm run
  // bench); CROSS JOIN pins the walk outermost. Each step must search lots by an index.
  it.each([['a lot’s tree (holds, disposals, 追溯)', (db: Database.Database) => createLotTree(db).source]])('%s walks down lots_parent and reads each lot by id', (_what, source) => {
    store ??= openStore(temp('station-plans-'), MIGRATIONS);
    const detail = plan(
      source(store.sqlite)
        .replace('json_each(?)', `json_each('["x"]')`)
        .replace(/select \?, 0/, `select 'x', 0`),
    );
    expect(detail).toMatch(/RECURSIVE STEP \| SCAN down \| SEARCH l USING INDEX lots_parent \(parent_lot_id=\?\) \| SCAN down \| SEARCH l USING (COVERING )?INDEX sqlite_autoindex_lots_1 \(id=\?\)/);
    expect(detail).not.toMatch(/SCAN l\b/);
  });

  it('a recall’s trees walk down lots_parent, each lot read once as the walk finds it', () => {
    store ??= openStore(temp('station-plans-'), MIGRATIONS);
    const detail = plan(createTreeWalk(store.sqlite).source.replace('json_each(?)', `json_each('["x"]')`));
    expect(detail).toMatch(
      /SETUP \| SCAN j VIRTUAL TABLE INDEX \d+: \| SEARCH l USING INDEX sqlite_autoindex_lots_1 \(id=\?\) \| RECURSIVE STEP \| SCAN down \| SEARCH l USING INDEX lots_parent \(parent_lot_id=\?\) \| SCAN d \|/,
    );
    // Only the lots already recalled look up their other recall, by the lot.
    expect(detail.match(/SEARCH rl USING INDEX recall_lots_lot \(lot_id=\?\)/g)).toHaveLength(2);
    expect(detail).not.toMatch(/SCAN (l|lots|rl|recall_lots)\b/);
  });

  // A page of a 10,000-lot recall reads its own rows only: recall_lots outermost, by the index
  // whose order is the page's, each lot then one primary-key step away; no sort, no scan.
  it.each([
    ['in tree order', 'byOrd', ["'r'", '0', '300'], /^SEARCH rl USING INDEX recall_lots_ord \(recall_id=\? AND ord>\?\)/],
    ['one progress by code rank', 'byProgress', ["'r'", "'open'", '0', '300'], /^SEARCH rl USING INDEX recall_lots_progress \(recall_id=\? AND progress=\? AND code_ord>\?\)/],
    ['the roots (origins)', 'roots', ["'r'"], /^SEARCH rl USING INDEX recall_lots_roots \(recall_id=\?\)/],
  ] as const)('a page of a recall reads its lots %s by an index range', (_what, which, values, first) => {
    store ??= openStore(temp('station-plans-'), MIGRATIONS);
    const { pageSources } = createRecallDetail({ sqlite: store.sqlite }, createRecallSummaries(store.sqlite));
    let i = 0;
    const detail = plan(pageSources[which].replace(/\?/g, () => values[i++]!));
    expect(detail).toMatch(first);
    expect(detail).toMatch(
      / \| SEARCH l USING INDEX sqlite_autoindex_lots_1 \(id=\?\) \| SEARCH p USING INDEX sqlite_autoindex_lots_1 \(id=\?\) LEFT-JOIN \| SEARCH s USING INDEX splits_child_lot_id_unique \(child_lot_id=\?\) LEFT-JOIN$/,
    );
    expect(detail).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it('a flat-list page skips to its first code rank on the index alone', () => {
    store ??= openStore(temp('station-plans-'), MIGRATIONS);
    const { pageSources } = createRecallDetail({ sqlite: store.sqlite }, createRecallSummaries(store.sqlite));
    const values = ["'r'", "'open'", '5000'];
    let i = 0;
    expect(plan(pageSources.skipTo.replace(/\?/g, () => values[i++]!))).toBe('SEARCH recall_lots USING COVERING INDEX recall_lots_progress (recall_id=? AND progress=?)');
  });
});
