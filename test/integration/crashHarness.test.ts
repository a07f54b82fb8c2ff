import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOwnCode } from '../../shared/domain/ownCode';
import { seededRandom } from '../fixtures/seededRandom';
import { auditAfterCrash } from '../support/auditCheck';
import { ROOT, startTestCore, USCC } from '../support/core';

const ROUNDS = 5;
const STATION = '3050177';

type Ack = { op: 'entry'; id: string; lotId: string; code: string } | { op: 'split'; lotId: string; code: string } | { op: 'test'; id: string; hold: string | null };

/** Runs the mixed loop on `dir` until `acks` operations have answered, then kills it (-9). */
async function runAndKill(dir: string, seed: number, acks: number, supplierId: string, varietyId: string): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/mixedLoop.ts'), dir, join(dir, 'machine-ids.json'), String(seed), supplierId, varietyId], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done: Ack[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${done.length} operations in 60 s: ${stderr}`)), 60_000);
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) done.push(JSON.parse(l) as Ack);
      if (done.length >= acks) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', () => done.length < acks && reject(new Error(`the loop stopped by itself: ${stderr}`)));
  });
  await exited;
  return done;
}

/**
 * The audit chain of the killed station's file verifies, and every record the loop writes has
 * its entry, one to one (entries, splits, tests, each lot of each hold).
 */
async function checkAudit(dir: string) {
  const audit = await auditAfterCrash(join(dir, 'station.db'));
  expect(audit.verdict, 'audit chain after kill -9').toMatchObject({ ok: true });
  for (const kind of ['entries', 'splits', 'tests', 'holds'] as const) expect(audit[kind].audited, `${kind} ↔ audit`).toEqual(audit[kind].records);
  return audit.verdict.entries;
}

/** What a killed station's file must hold: every answered operation, once, and each record with its upload row. */
function checkFile(dir: string, acked: Ack[]) {
  const db = new Database(join(dir, 'station.db'), { readonly: true });
  try {
    const one = <T>(sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as T;
    const n = (sql: string, ...p: unknown[]) => one<{ n: number }>(sql, ...p).n;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const a of acked) {
      if (a.op === 'entry') expect(one('select l.code_key as code from entry_checks e join lots l on l.id = e.lot_id where e.id = ?', a.id)).toEqual({ code: a.code });
      if (a.op === 'split') expect(one('select id from lots where code_key = ?', a.code)).toEqual({ id: a.lotId });
      if (a.op === 'test') expect(n('select count(*) as n from rapid_tests where id = ?', a.id)).toBe(1);
      if (a.op === 'test' && a.hold) expect(n('select count(*) as n from holds where id = ?', a.hold)).toBe(1);
    }
    // No code twice, and every own code below the durable high-water mark.
    expect(n('select count(*) as n from (select code_key from lots group by code_key having count(*) > 1)')).toBe(0);
    const own = (db.prepare("select code_key as code from lots where code_kind = 'own'").all() as { code: string }[]).map((r) => parseOwnCode(r.code)!.sequence);
    const highWater = one<{ next: number } | undefined>('select next from code_sequences where station_id = ?', STATION)?.next ?? 1;
    expect(own.every((s) => s < highWater)).toBe(true);
    // Record ↔ upload row, one to one, for every kind the loop writes.
    for (const [table, kind] of [
      ['entry_checks', 'entry'],
      ['splits', 'split'],
      ['rapid_tests', 'test'],
      ['holds', 'hold'],
    ]) {
      expect(n(`select count(*) as n from ${table} r where not exists (select 1 from outbox o where o.id = r.id and o.kind = ?)`, kind), `${table} without upload row`).toBe(0);
      expect(n(`select count(*) as n from outbox o where o.kind = ? and not exists (select 1 from ${table} r where r.id = o.id)`, kind), `${kind} upload row without record`).toBe(0);
    }
    return { lots: n('select count(*) as n from lots'), outbox: n('select count(*) as n from outbox') };
  } finally {
    db.close();
  }
}

describe('crash harness', () => {
  it('keeps every answered operation, no code twice and each record with its upload row through kill -9 at random points of mixed work', async () => {
    const t = await startTestCore();
    const dir = t.dir;
    await t.call('setStationId', { stationId: STATION, name: '崩溃测试站' });
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    t.core.close();

    const random = seededRandom(20261204);
    const started = performance.now();
    const acked: Ack[] = [];
    const figures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const target = 5 + Math.floor(random() * 40);
      const got = await runAndKill(dir, round + 1, target, supplier.id, cabbage.id);
      acked.push(...got);
      const { lots, outbox } = checkFile(dir, acked);
      const audited = await checkAudit(dir);
      figures.push(`round ${round + 1}: killed after ${got.length} answered operations (${lots} lots, ${outbox} upload rows, ${audited} audit entries verified on file)`);
    }
    // The station opens on the file again and goes on issuing codes.
    const again = await startTestCore({ dir });
    try {
      const parentRaw = acked.find((a): a is Extract<Ack, { op: 'entry' }> => a.op === 'entry' && !!a.code)!;
      const view = (await again.call('lookupCode', { raw: parentRaw.code })).view;
      expect(view?.lot.id).toBe(parentRaw.lotId);
    } finally {
      again.close();
    }
    console.log(`crash harness: ${ROUNDS} kills, ${acked.length} answered operations kept in ${Math.round(performance.now() - started)} ms\n  ${figures.join('\n  ')}`);
    expect(acked.filter((a) => a.op === 'split').length).toBeGreaterThan(0);
    expect(acked.filter((a) => a.op === 'test').length).toBeGreaterThan(0);
  }, 240_000);
});
