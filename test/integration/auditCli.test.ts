import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startTestCore, type TestCore } from '../support/core';
import { enter } from '../support/testing';

/** `npm run audit:verify -- <station.db>` as a person would run it on a copied file. */
const run = promisify(execFile);
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const f = e as { code: number; stdout: string; stderr: string };
    return { code: f.code, out: f.stdout, err: f.stderr };
  }
}

let t: TestCore;
let db: string;
beforeEach(async () => {
  t = await startTestCore();
  for (const batch of ['C1', 'C2', 'C3']) await enter(t, { batch, report: true });
  t.core.close();
  db = join(t.dir, 'station.db');
});
afterEach(() => t.close());

describe('audit:verify', () => {
  it('an intact file: exit 0 and the head', async () => {
    const r0 = new Database(db, { readonly: true });
    const head = r0.prepare('select seq, hash from audit_head').get() as { seq: number; hash: string };
    r0.close();
    const r = await cli(db);
    expect(r.code).toBe(0);
    expect(r.out).toContain('审计链完整 audit chain intact');
    expect(r.out).toContain(`head ${head.seq} ${head.hash}`);
  }, 40_000);

  it('a deleted entry: exit 1 naming it', async () => {
    const w = new Database(db);
    const seq = (w.prepare("select seq from audit where action = 'entry.admit' order by seq limit 1").get() as { seq: number }).seq;
    w.prepare('delete from audit where seq = ?').run(seq);
    w.close();
    const r = await cli(db);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`审计链被改动 AUDIT CHAIN BROKEN: 第 ${seq} 条记录被删除 entry ${seq} was deleted`);
    expect(r.out).toContain(`kind=deleted seq=${seq}`);
  }, 40_000);

  it('no file: exit 2 with the usage', async () => {
    const r = await cli(join(t.dir, 'nope.db'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: npm run audit:verify -- <path to station.db>');
  }, 40_000);
});
