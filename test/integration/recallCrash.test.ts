import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { verifyAudit } from '../../electron/services/audit/verify';
import { admitCabbageLot, gs1Scan, ROOT, startTestCore, USCC } from '../support/core';
import { sellPortions } from '../support/recall';

const LOTS = 10_001;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the child on `dir`; kills it `afterMs` after it says STARTING (null: after DONE). */
async function recallAndKill(dir: string, raw: string, afterMs: number | null): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/recallStation.ts'), dir, raw], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child said only ${JSON.stringify(out)} in 60 s: ${err.slice(-2000)}`)), 60_000);
    const want = afterMs === null ? 'DONE' : 'STARTING';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes(want)) return;
      clearTimeout(timer);
      setTimeout(() => (child.kill('SIGKILL'), resolve()), afterMs ?? 0);
    });
    child.once('exit', (code, signal) => !out.includes(want) && reject(new Error(`child exited ${code ?? signal}: ${err.slice(-2000)}`)));
  });
  await exited;
}

/** What the killed station's file holds: the whole recall with everything it writes, or none of it. */
async function outcome(dir: string): Promise<'all' | 'none'> {
  const db = new Database(join(dir, 'station.db'), { readonly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
    const found = {
      recalls: n('select count(*) as n from recalls'),
      recallLots: n('select count(*) as n from recall_lots'),
      recalled: n("select count(*) as n from lots where status = 'recalled'"),
      audited: n("select count(*) as n from audit where action = 'lot.recall'"),
      started: n("select count(*) as n from audit where action = 'recall.start'"),
      uploads: n("select count(*) as n from outbox where kind = 'recall'"),
    };
    const all = { recalls: 1, recallLots: LOTS, recalled: LOTS, audited: LOTS, started: 1, uploads: 1 };
    const none = { recalls: 0, recallLots: 0, recalled: 0, audited: 0, started: 0, uploads: 0 };
    expect([all, none]).toContainEqual(found);
    return found.recalls ? 'all' : 'none';
  } finally {
    db.close();
  }
}

it('kill -9 during a recall of 10,001 lots leaves all of it or none', async () => {
  const base = mkdtempSync(join(tmpdir(), 'station-recall-crash-'));
  dirs.push(base);
  const t = await startTestCore({ dir: base });
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  const supplier = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  const root = (await admitCabbageLot(t, 'CRASH', supplier)).view.lot;
  await t.core.close();
  sellPortions(base, root.id, LOTS - 1, 0.005, 'K');

  // Kills spread over the call (it takes a few hundred ms here), then one after it answered.
  const seen: string[] = [];
  for (const afterMs of [0, 60, 120, 180, 240, 320, 420, 600, null]) {
    const dir = mkdtempSync(join(tmpdir(), 'station-recall-crash-'));
    dirs.push(dir);
    cpSync(base, dir, { recursive: true });
    await recallAndKill(dir, gs1Scan('1', 'CRASH'), afterMs);
    seen.push(`${afterMs}:${await outcome(dir)}`);
  }
  console.log(`recall crash outcomes (kill ms after the call began: outcome): ${seen.join(' ')}`);
  expect(seen[0]).toBe('0:none');
  expect(seen.at(-1)).toBe('null:all');
}, 180_000);
