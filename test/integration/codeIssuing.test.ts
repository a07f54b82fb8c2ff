import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOwnCode } from '../../shared/domain/ownCode';
import { auditAfterCrash } from '../support/auditCheck';
import { gs1Scan, ROOT, startTestCore, USCC, type TestCore } from '../support/core';

async function stationWithLot(stationId: string, dir?: string): Promise<{ t: TestCore; parentRaw: string }> {
  const t = await startTestCore(dir ? { dir } : {});
  await t.call('setStationId', { stationId, name: `站 ${stationId}` });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.a });
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  const parentRaw = gs1Scan('7', `BIG${stationId}`);
  const today = new Date().toLocaleDateString('sv');
  await t.call('checkEntry', {
    raw: parentRaw,
    source: 'wedge',
    supplierId: supplier.id,
    varietyId: cabbage.id,
    quantity: 100_000,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: `C${stationId}`, issuer: '合作社', issueDate: today },
      { type: 'testReport', number: `T${stationId}`, issuer: '检测站', issueDate: today },
    ],
  });
  return { t, parentRaw };
}

describe('issuing codes', () => {
  it('never collides across stations issuing offline at the same time', async () => {
    const a = await stationWithLot('3050101');
    const b = await stationWithLot('3050102');
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 200; i++) {
        for (const s of [a, b]) codes.add((await s.t.call('splitLot', { parentRaw: s.parentRaw, quantity: 0.5, unit: 'kg', closing: false })).code);
      }
      expect(codes.size).toBe(400);
      const sequences = [...codes].map((c) => parseOwnCode(c)!);
      expect(new Set(sequences.filter((s) => s.stationId === '3050101').map((s) => s.sequence)).size).toBe(200);
      // Each station numbers its own codes 1, 2, 3… from its reserved block.
      expect(Math.max(...sequences.map((s) => s.sequence))).toBe(200);
    } finally {
      a.t.close();
      b.t.close();
    }
  });

  it('loses and repeats no code when the station is killed (-9) in the middle of splitting', async () => {
    const { t, parentRaw } = await stationWithLot('3050103');
    const dir = t.dir;
    t.core.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/splitLoop.ts'), dir, parentRaw, join(dir, 'machine-ids.json')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const released: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no codes from the child: ${stderr}`)), 30_000);
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        released.push(...lines);
        if (released.length >= 50) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

    const db = new Database(join(dir, 'station.db'), { readonly: true });
    const issued = (db.prepare(`select code_key from lots where code_kind = 'own'`).all() as { code_key: string }[]).map((r) => r.code_key);
    const highWater = (db.prepare(`select next from code_sequences where station_id = '3050103'`).get() as { next: number }).next;
    const jobs = (db.prepare('select count(*) n from print_jobs').get() as { n: number }).n;
    db.close();
    // Every released code is on record, once, with its print job; all lie below the durable mark.
    for (const code of released) expect(issued).toContain(code);
    expect(new Set(issued).size).toBe(issued.length);
    expect(jobs).toBe(issued.length);
    const maxIssued = Math.max(...issued.map((c) => parseOwnCode(c)!.sequence));
    expect(maxIssued).toBeLessThan(highWater);
    // The audit chain survived the kill whole, and holds one split entry per split, released codes included.
    const audit = await auditAfterCrash(join(dir, 'station.db'));
    expect(audit.verdict).toMatchObject({ ok: true });
    expect(audit.splits.audited).toEqual(audit.splits.records);
    for (const code of released) expect(audit.splitCodes.has(code), code).toBe(true);

    // After the restart, issuing starts above every number the killed process could have used.
    const again = await startTestCore({ dir });
    try {
      const r = await again.call('splitLot', { parentRaw, quantity: 0.5, unit: 'kg', closing: false });
      expect(parseOwnCode(r.code)!.sequence).toBe(highWater);
      expect(issued).not.toContain(r.code);
    } finally {
      again.close();
    }
  });
});
