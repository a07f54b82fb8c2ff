import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store/open';
import type { Output } from '../../shared/contract';
import { apiError, MIGRATIONS, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * 停止供货 sticks to the supplier's 统一社会信用代码: the blocked supplier cannot be revived by
 * clearing or changing its code, by registering the code again under a new supplier, or by turning
 * it into another kind of subject. Only a manager lifting the block frees the code.
 */

let t: TestCore;
let blocked: Output<'saveSubject'>;
beforeEach(async () => {
  t = await startTestCore();
  blocked = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a, contact: '老王' });
  await t.call('setSubjectBlocked', { id: blocked.id, blocked: true, reason: '上月抽检不合格' });
});
afterEach(() => t.close());

const state = () => ({
  subjects: t.rows('select id, kind, name, uscc, blocked, blocked_reason from subjects order by id'),
  outbox: t.rows('select count(*) as n from outbox')[0].n,
});

describe('a blocked supplier', () => {
  it('keeps its credit code: clearing or changing it is refused and changes nothing', async () => {
    const before = state();
    for (const uscc of [undefined, USCC.b]) {
      expect(await apiError(t.call('saveSubject', { id: blocked.id, kind: 'supplier', name: '南安合作社', ...(uscc && { uscc }) }))).toMatchObject({
        code: 'conflict',
        params: { reason: 'blockedUsccKept', name: '南安合作社' },
      });
    }
    expect(state()).toEqual(before);
    // Its name and contact can still be corrected.
    expect(await t.call('saveSubject', { id: blocked.id, kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a })).toMatchObject({ name: '南安蔬菜合作社', uscc: USCC.a, blocked: true });
  });

  it('keeps its kind', async () => {
    const before = state();
    expect(await apiError(t.call('saveSubject', { id: blocked.id, kind: 'stall', name: '南安合作社', uscc: USCC.a }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'blockedKindKept', name: '南安合作社' },
    });
    expect(state()).toEqual(before);
  });

  it('cannot come back as a new subject with the same credit code, of any kind', async () => {
    const before = state();
    for (const kind of ['supplier', 'stall', 'market'] as const) {
      expect(await apiError(t.call('saveSubject', { kind, name: '南安新合作社', uscc: USCC.a }))).toMatchObject({
        code: 'conflict',
        params: { reason: 'usccBlocked', uscc: USCC.a, name: '南安合作社', blockedReason: '上月抽检不合格' },
      });
    }
    // Nor by giving an existing subject that code.
    const other = await t.call('saveSubject', { kind: 'supplier', name: '晋江果蔬' });
    const withOther = state();
    expect(await apiError(t.call('saveSubject', { id: other.id, kind: 'supplier', name: '晋江果蔬', uscc: USCC.a }))).toMatchObject({ code: 'conflict', params: { reason: 'usccBlocked' } });
    expect(state()).toEqual(withOther);
    expect(withOther.subjects).toHaveLength(before.subjects.length + 1);
  });

  it('revived by the old trick (clear the code, register it anew, change the kind): every step refused', async () => {
    await apiError(t.call('saveSubject', { id: blocked.id, kind: 'supplier', name: '南安合作社' }));
    await apiError(t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
    await apiError(t.call('saveSubject', { id: blocked.id, kind: 'stall', name: '南安合作社', uscc: USCC.a }));
    const suppliers = await t.call('listSubjects', { kind: 'supplier' });
    expect(suppliers.filter((s) => s.uscc === USCC.a)).toEqual([expect.objectContaining({ id: blocked.id, blocked: true })]);
  });

  it('frees its code only when a manager lifts the block, which the record keeps', async () => {
    expect(t.rows('select uscc, subject_id, reason, lifted_at from blocked_usccs')).toEqual([{ uscc: USCC.a, subject_id: blocked.id, reason: '上月抽检不合格', lifted_at: null }]);
    await t.call('setSubjectBlocked', { id: blocked.id, blocked: false });
    expect(t.rows('select uscc, lifted_at is not null as lifted from blocked_usccs')).toEqual([{ uscc: USCC.a, lifted: 1 }]);
    await t.call('saveSubject', { id: blocked.id, kind: 'supplier', name: '南安合作社' });
    expect(await t.call('saveSubject', { kind: 'supplier', name: '南安新合作社', uscc: USCC.a })).toMatchObject({ uscc: USCC.a, blocked: false });
  });

  it('blocked again, is on the record again', async () => {
    await t.call('setSubjectBlocked', { id: blocked.id, blocked: false });
    await t.call('setSubjectBlocked', { id: blocked.id, blocked: true, reason: '再次抽检不合格' });
    expect(t.rows('select uscc, reason, lifted_at from blocked_usccs')).toEqual([{ uscc: USCC.a, reason: '再次抽检不合格', lifted_at: null }]);
    expect(await apiError(t.call('saveSubject', { kind: 'supplier', name: 'x', uscc: USCC.a }))).toMatchObject({ params: { reason: 'usccBlocked', blockedReason: '再次抽检不合格' } });
  });

  it('given a credit code while blocked, keeps that one', async () => {
    const noCode = await t.call('saveSubject', { kind: 'supplier', name: '无证农户' });
    await t.call('setSubjectBlocked', { id: noCode.id, blocked: true, reason: '来源不明' });
    await t.call('saveSubject', { id: noCode.id, kind: 'supplier', name: '无证农户', uscc: USCC.c });
    expect(await apiError(t.call('saveSubject', { kind: 'supplier', name: '新农户', uscc: USCC.c }))).toMatchObject({ params: { reason: 'usccBlocked', name: '无证农户' } });
    expect(await apiError(t.call('saveSubject', { id: noCode.id, kind: 'supplier', name: '无证农户' }))).toMatchObject({ params: { reason: 'blockedUsccKept' } });
  });
});

describe('changing a subject’s kind', () => {
  it('is refused once lots point to it, as supplier or as stall', async () => {
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '晋江果蔬', uscc: USCC.b });
    const stall = await t.call('saveSubject', { kind: 'stall', name: '5号摊' });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const today = new Date().toLocaleDateString('sv');
    const entry = await t.call('checkEntry', {
      raw: 'FJ0000000077',
      source: 'wedge',
      supplierId: supplier.id,
      varietyId: cabbage.id,
      quantity: 20,
      unit: 'kg',
      certificates: [
        { type: 'commitment', number: 'C1', issuer: '农户', issueDate: today },
        { type: 'testReport', number: 'T1', issuer: '检测站', issueDate: today },
      ],
    });
    expect(entry.duplicate).toBe(false);
    await t.call('assignLotStall', { lotId: entry.view.lot.id, stallId: stall.id });

    const before = state();
    expect(await apiError(t.call('saveSubject', { id: supplier.id, kind: 'stall', name: '晋江果蔬', uscc: USCC.b }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'kindInUse', name: '晋江果蔬' },
    });
    expect(await apiError(t.call('saveSubject', { id: stall.id, kind: 'supplier', name: '5号摊' }))).toMatchObject({ code: 'conflict', params: { reason: 'kindInUse', name: '5号摊' } });
    expect(state()).toEqual(before);
    // Without lots, a subject entered as the wrong kind can be put right.
    const fresh = await t.call('saveSubject', { kind: 'stall', name: '南门市场' });
    expect(await t.call('saveSubject', { id: fresh.id, kind: 'market', name: '南门市场' })).toMatchObject({ kind: 'market' });
  });
});

describe('upgrading a database', () => {
  it('puts the credit codes of suppliers blocked before on the blocked list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-blocked-migrate-'));
    try {
      // The migrations as the version before shipped them.
      const older = join(dir, 'migrations');
      cpSync(MIGRATIONS, older, { recursive: true });
      const journalPath = join(older, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag === '0014_blocked_usccs');
      expect(at).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, at);
      writeFileSync(journalPath, JSON.stringify(journal));

      const data = join(dir, 'data');
      const old = openStore(data, older);
      const when = '2026-11-30T09:00:00+08:00';
      old.sqlite.exec(`
        insert into operators (id, name, role, pin_hash, active, created_at) values ('mgr', '经理', 'manager', 'x', 1, '${when}');
        insert into subjects (id, kind, name, uscc, blocked, blocked_reason, created_at, created_by, updated_at, updated_by) values
          ('s1', 'supplier', '南安合作社', '${USCC.a}', 1, '抽检不合格', '${when}', 'mgr', '${when}', 'mgr'),
          ('s2', 'supplier', '无证农户', null, 1, '来源不明', '${when}', 'mgr', '${when}', 'mgr'),
          ('s3', 'supplier', '晋江果蔬', '${USCC.b}', 0, null, '${when}', 'mgr', '${when}', 'mgr');
      `);
      old.close();

      const store = openStore(data, MIGRATIONS);
      try {
        expect(store.sqlite.prepare('select uscc, subject_id, reason, blocked_at, blocked_by, lifted_at from blocked_usccs').all()).toEqual([
          { uscc: USCC.a, subject_id: 's1', reason: '抽检不合格', blocked_at: when, blocked_by: 'mgr', lifted_at: null },
        ]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
