import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditChainHead } from '../../electron/services/audit/append';
import { verifyAudit } from '../../electron/services/audit/verify';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';
import { lotWithDescendants, PINS, seedStaff, type Staff } from '../support/disposal';
import { enter, supplierId } from '../support/testing';
import { failOutboxInsert } from '../support/upload';

/**
 * The audit chain (docs/audit.md): one entry per state change, in the change's transaction, with
 * what changed; verify names the first edited, deleted, moved or cut-off entry, and a lot whose
 * status was edited in SQLite.
 */
let t: TestCore;
let staff: Staff;
beforeEach(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050103', name: '鲤城农贸市场 收货台' });
  staff = await seedStaff(t);
});
afterEach(() => t.close());

interface Entry {
  seq: number;
  action: string;
  operator_name: string | null;
  subject_kind: string;
  subject_id: string;
  before: string | null;
  after: string | null;
}
const entries = (where = '1 = 1', ...args: unknown[]) =>
  t.rows(`select seq, action, operator_name, subject_kind, subject_id, before, after from audit where ${where} order by seq`, ...args) as Entry[];
const parsed = (e: Entry) => ({ action: e.action, by: e.operator_name, subject: `${e.subject_kind}:${e.subject_id}`, before: e.before && JSON.parse(e.before), after: e.after && JSON.parse(e.after) });
const lastSeq = () => (t.rows('select max(seq) as n from audit')[0]!.n as number) ?? 0;
const since = (seq: number) => entries('seq > ?', seq).map(parsed);

/** Writes beside the running core, as someone with the file would. */
function tamper(sql: string, ...args: unknown[]) {
  const db = new Database(join(t.dir, 'station.db'));
  try {
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}
const verify = () => t.call('verifyAudit', {});

describe('an entry per state change, with what changed', () => {
  it('entries: admit, hold, reject and an override, each naming the lot and its new status', async () => {
    const from = lastSeq();
    const admitted = await enter(t, { batch: 'A1', report: true });
    const held = await enter(t, { batch: 'A2', report: false });
    const blocked = await t.call('saveSubject', { kind: 'supplier', name: '黑名单合作社', uscc: USCC.b });
    await t.call('setSubjectBlocked', { id: blocked.id, blocked: true, reason: '抽检不合格' });
    const rejected = await enter(t, { batch: 'A3', report: true, supplier: blocked.id });
    const entryId = t.rows('select id from entry_checks where lot_id = ?', held.lotId)[0]!.id as string;
    await t.call('overrideEntry', { entryId, outcome: 'admit', reason: '补交检测报告' });
    const lotEntries = since(from).filter((e) => e.subject.startsWith('lot:'));
    expect(lotEntries.map((e) => [e.action, e.subject, e.before?.status ?? null, e.after.status])).toEqual([
      ['entry.admit', `lot:${admitted.lotId}`, null, 'admitted'],
      ['entry.hold', `lot:${held.lotId}`, null, 'awaitingTest'],
      ['entry.reject', `lot:${rejected.lotId}`, null, 'rejected'],
      ['entry.override', `lot:${held.lotId}`, 'awaitingTest', 'admitted'],
    ]);
    expect(lotEntries[3]!.after).toMatchObject({ outcome: 'admit', reason: '补交检测报告', zone: 'trading' });
    expect(lotEntries[3]!.by).toBe('管理员');
    expect((await verify()).ok).toBe(true);
  });

  it('tests, holds, releases, splits and a disposal: every lot whose status moved has its entry', async () => {
    const tree = await lotWithDescendants(t, 'T1');
    const from = lastSeq();
    await t.call('recordTest', { raw: tree.parentRaw, itemId: 'opCarbamate', value: 80 }, staff.inspector.session);
    const afterTest = since(from);
    expect(afterTest[0]).toMatchObject({ action: 'test.record', by: '林检测', after: { verdict: 'positive', value: 80 } });
    // The lot, its two children and the grandchild are held with the test, each from admitted.
    expect(afterTest.slice(1).map((e) => [e.action, e.before.status, e.after.status])).toEqual(Array(4).fill(['lot.hold', 'admitted', 'held']));
    const hold = (await t.call('listHolds', { active: true }))[0]!;
    const beforeRelease = lastSeq();
    await t.call('releaseHold', { holdId: hold.id, reason: '复检阴性' }, staff.manager.session);
    expect(since(beforeRelease).map((e) => [e.action, e.by, e.after.status])).toEqual(Array(4).fill(['lot.release', '王经理', 'admitted']));

    const beforeSplit = lastSeq();
    const sold = await t.call('splitLot', { parentRaw: tree.parentRaw, quantity: 65, unit: 'kg', closing: true });
    expect(since(beforeSplit).map((e) => [e.action, e.before?.status ?? null, e.after.status])).toEqual([
      ['split', null, 'admitted'],
      ['lot.exhaust', 'admitted', 'exhausted'],
    ]);
    expect(since(beforeSplit)[0]!.after.code).toBe(sold.code);

    await t.call('placeHold', { raw: tree.children[1]!, note: '包装破损' }, staff.manager.session);
    const beforeDisposal = lastSeq();
    await t.call(
      'disposeLot',
      { raw: tree.children[1]!, quantity: 10, unit: 'kg', reason: 'testFailed', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
      staff.inspector.session,
    );
    const disposal = since(beforeDisposal);
    expect(disposal.map((e) => [e.action, e.by, e.before.status, e.after.status, e.after.witness.name])).toEqual([['disposal', '林检测', 'held', 'destroyed', '王经理']]);
    expect(await verify()).toMatchObject({ ok: true, lotsChecked: 5 });
  });

  it('master data, operators, PINs and settings: who changed which fields, never a PIN or token', async () => {
    const from = lastSeq();
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    await t.call('saveSubject', { id: supplier.id, kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a });
    await t.call('setSubjectBlocked', { id: supplier.id, blocked: true, reason: '证件过期' });
    const op = await t.call('createOperator', { name: '陈收货', role: 'receiver', pin: '48261597' });
    await t.call('resetOperatorPin', { id: op.id, pin: '73915284' });
    await t.call('setOperatorActive', { id: op.id, active: false });
    await t.call('saveUploadSettings', { ...(await t.call('getUploadSettings', {})), token: 'sekret-42' });
    const settings = await t.call('getSettings', {});
    await t.call('saveSettings', { ...settings, pinGuard: { delayAfterFailures: 2, lockAfterFailures: 2 + 1 } });
    for (let i = 0; i < 2; i++) await apiError(t.call('signIn', { operatorId: staff.receiver.id, pin: '0000' }));
    // The third try must wait out the delay: the clock moves on instead.
    tamper('update operators set pin_retry_at = 0 where id = ?', staff.receiver.id);
    await apiError(t.call('signIn', { operatorId: staff.receiver.id, pin: '0000' }));
    const locked = since(from).filter((e) => e.action === 'pin.lock');
    expect(locked.length).toBe(1);
    await t.call('unlockOperator', { id: staff.receiver.id }, staff.manager.session);
    const all = since(from);
    const pick = (action: string) => all.filter((e) => e.action === action);
    expect(pick('subject.create')[0]).toMatchObject({ before: null, after: { name: '南安合作社', uscc: USCC.a, blocked: false } });
    expect(pick('subject.update')[0]).toMatchObject({ before: { name: '南安合作社' }, after: { name: '南安蔬菜合作社' } });
    expect(pick('subject.block')[0]).toMatchObject({ before: { blocked: false, blockedReason: null }, after: { blocked: true, blockedReason: '证件过期' } });
    expect(pick('operator.create')[0]).toMatchObject({ subject: `operator:${op.id}`, after: { name: '陈收货', role: 'receiver' } });
    expect(pick('operator.pin')[0]).toMatchObject({ after: { pin: 'changed' } });
    expect(pick('operator.disable')[0]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect(pick('settings.change').find((e) => e.subject === 'settings:upload')).toMatchObject({ after: { token: 'changed' } });
    expect(pick('settings.change').find((e) => e.subject === 'settings:pinGuard')).toMatchObject({ after: { delayAfterFailures: 2, lockAfterFailures: 3 } });
    expect(pick('pin.fail').length).toBeGreaterThan(0);
    expect(pick('pin.unlock')[0]).toMatchObject({ by: '王经理', after: { failures: 0, lockedAt: null } });
    // Neither the PIN nor its hash nor the token is anywhere in the trail.
    const text = JSON.stringify(t.rows('select * from audit'));
    for (const secret of ['48261597', '73915284', 'sekret-42', 'scrypt']) expect(text).not.toContain(secret);
    expect((await verify()).ok).toBe(true);
  });
  it('varieties, test items, printers, stalls, manual test picks and the station id', async () => {
    const from = lastSeq();
    const variety = await t.call('saveVariety', { name: '生菜', categoryId: 'vegetable', defaultUnit: 'kg' });
    await t.call('saveVariety', { id: variety.id, name: '奶油生菜', categoryId: 'vegetable', defaultUnit: 'kg' });
    const item = await t.call('saveTestItem', { nameZh: '硼砂', methodZh: '姜黄试纸法', kind: 'qualitative', categoryIds: ['soy'] });
    const printer = await t.call('savePrinter', { name: '标签机', language: 'tspl', mode: 'native', transport: { kind: 'tcp', host: '127.0.0.1', port: 9100 }, templateId: 'label-40x30' });
    const stall = await t.call('saveSubject', { kind: 'stall', name: '8号摊 林记' });
    const lot = await enter(t, { batch: 'M1', report: true });
    await t.call('assignLotStall', { lotId: lot.lotId, stallId: stall.id });
    const selected = lot.testSelection ? null : await t.call('selectForTest', { raw: lot.raw, note: '外观异常' }, staff.inspector.session);
    const all = since(from);
    const one = (action: string) => all.filter((e) => e.action === action);
    expect(one('variety.create')[0]).toMatchObject({ subject: `variety:${variety.id}`, after: { name: '生菜', categoryId: 'vegetable' } });
    expect(one('variety.update')[0]).toMatchObject({ before: { name: '生菜' }, after: { name: '奶油生菜' } });
    expect(one('testItem.create')[0]).toMatchObject({ subject: `testItem:${item.id}`, after: { nameZh: '硼砂', kind: 'qualitative' } });
    expect(one('printer.create')[0]).toMatchObject({ subject: `printer:${printer.id}`, after: { name: '标签机', language: 'tspl' } });
    expect(one('lot.stall')[0]).toMatchObject({ subject: `lot:${lot.lotId}`, before: { stallId: null }, after: { stallId: stall.id, stallName: '8号摊 林记' } });
    if (selected) expect(one('test.select')[0]).toMatchObject({ by: '林检测', after: { selection: 'manual', note: '外观异常' } });
    else expect(one('entry.admit').at(-1)!.after.selected).toBe(lot.testSelection!.reason);
    // Set before each test, by the admin: the station id and its name.
    expect(entries("action = 'station.id'").map(parsed)[0]).toMatchObject({ by: '管理员', after: { stationId: '3050103' } });
    expect((await verify()).ok).toBe(true);
  });
});

describe('the entry commits with its change, or neither does', () => {
  /** Makes the audit insert of `action` fail, as a full disk or a bug would. */
  function failAuditInsert(action: string): () => void {
    const db = new Database(join(t.dir, 'station.db'));
    db.exec(`create trigger fail_audit before insert on audit when new.action = '${action}' begin select raise(abort, 'audit insert failed (injected)'); end`);
    return () => {
      db.exec('drop trigger fail_audit');
      db.close();
    };
  }
  const counts = () =>
    t.rows(
      'select (select count(*) from lots) lots, (select count(*) from entry_checks) entries, (select count(*) from outbox) outbox, (select count(*) from audit) audit, (select seq from audit_head) head',
    )[0];

  it('a failing audit write leaves no lot, no entry check, no upload row', async () => {
    await supplierId(t);
    const before = counts();
    const restore = failAuditInsert('entry.admit');
    try {
      expect((await apiError(enter(t, { batch: 'F1', report: true }))).code).toBe('internal');
    } finally {
      restore();
    }
    expect(counts()).toEqual(before);
  });

  it('a failing change leaves no audit entry and the head where it was', async () => {
    const held = await enter(t, { batch: 'F2', report: false });
    const entryId = t.rows('select id from entry_checks where lot_id = ?', held.lotId)[0]!.id as string;
    const before = counts();
    const restore = failOutboxInsert(t.dir, 'override');
    try {
      expect((await apiError(t.call('overrideEntry', { entryId, outcome: 'admit', reason: '补交' }))).code).toBe('internal');
    } finally {
      restore();
    }
    expect(counts()).toEqual(before);
    expect((await verify()).ok).toBe(true);
  });
});

describe('verify names the first tampered entry', () => {
  /** Five lots entered: a chain of a dozen entries or more to tamper with. */
  async function filled() {
    for (const batch of ['V1', 'V2', 'V3', 'V4', 'V5']) await enter(t, { batch, report: batch !== 'V3' });
    return entries().map((e) => e.seq);
  }

  it('an untouched chain verifies, and its head is the last entry', async () => {
    const seqs = await filled();
    const result = await verify();
    expect(result).toMatchObject({ ok: true, entries: seqs.length, head: { seq: seqs.at(-1) } });
    expect(result.head!.hash).toBe(t.rows('select hash from audit where seq = ?', seqs.at(-1))[0]!.hash);
    // What the daily close will sign: the same head, read from the file.
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      expect(auditChainHead(db)).toEqual(result.head);
    } finally {
      db.close();
    }
  });

  it('an edited field', async () => {
    const seqs = await filled();
    const target = seqs[seqs.length - 4]!;
    tamper(`update audit set after = replace(after, '"quantity":100', '"quantity":10') where seq = ?`, target);
    expect((await verify()).break).toMatchObject({ kind: 'edited', seq: target });
  });

  it('an edited entry whose hash was recomputed by someone without the rest of the chain still breaks the link after it', async () => {
    const seqs = await filled();
    const target = seqs[5]!;
    tamper(`update audit set operator_name = '他人', hash = '${'f'.repeat(64)}' where seq = ?`, target);
    expect((await verify()).break).toMatchObject({ kind: 'edited', seq: target });
  });

  it('a deleted entry', async () => {
    const seqs = await filled();
    const target = seqs[6]!;
    tamper('delete from audit where seq = ?', target);
    expect((await verify()).break).toMatchObject({ kind: 'deleted', seq: target });
  });

  it('two entries swapped (every column but seq)', async () => {
    const seqs = await filled();
    const [a, b] = [seqs[4]!, seqs[7]!];
    const cols = 'at, operator_id, operator_name, action, subject_kind, subject_id, before, after, prev_hash, hash';
    const db = new Database(join(t.dir, 'station.db'));
    try {
      db.transaction(() => {
        const rowA = db.prepare(`select ${cols} from audit where seq = ?`).get(a) as Record<string, unknown>;
        const rowB = db.prepare(`select ${cols} from audit where seq = ?`).get(b) as Record<string, unknown>;
        const set = db.prepare(
          `update audit set ${cols
            .split(', ')
            .map((c) => `${c} = @${c}`)
            .join(', ')} where seq = @seq`,
        );
        set.run({ ...rowB, seq: a });
        set.run({ ...rowA, seq: b });
      })();
    } finally {
      db.close();
    }
    expect((await verify()).break).toMatchObject({ kind: 'reordered', seq: a, movedFrom: b });
  });

  it('two neighbours swapped', async () => {
    const seqs = await filled();
    const [a, b] = [seqs[3]!, seqs[4]!];
    tamper(`update audit set seq = -1 where seq = ?`, a);
    tamper(`update audit set seq = ? where seq = ?`, a, b);
    tamper(`update audit set seq = ? where seq = -1`, b);
    expect((await verify()).break).toMatchObject({ kind: 'reordered', seq: a, movedFrom: b });
  });

  it('a cut-off tail', async () => {
    const seqs = await filled();
    const cut = seqs[seqs.length - 3]!;
    tamper('delete from audit where seq >= ?', cut);
    expect((await verify()).break).toMatchObject({ kind: 'truncated', seq: cut });
    // The station goes on appending after the recorded head: the gap stays visible.
    await enter(t, { batch: 'V6', report: true });
    expect((await verify()).break).toMatchObject({ kind: 'deleted', seq: cut });
  });

  it('a lot edited from 拒收 to 准入 in SQLite', async () => {
    const blocked = await t.call('saveSubject', { kind: 'supplier', name: '黑名单合作社', uscc: USCC.b });
    await t.call('setSubjectBlocked', { id: blocked.id, blocked: true, reason: '抽检不合格' });
    await filled();
    const rejected = await enter(t, { batch: 'R1', report: true, supplier: blocked.id });
    expect(rejected.view.lot.status).toBe('rejected');
    const seq = t.rows(`select seq from audit where subject_id = ? and action = 'entry.reject'`, rejected.lotId)[0]!.seq as number;
    expect((await verify()).ok).toBe(true);
    tamper(`update lots set status = 'admitted', zone = 'trading' where id = ?`, rejected.lotId);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.break).toMatchObject({ kind: 'lotStatus', seq, lotId: rejected.lotId, lotCode: rejected.codeKey, recorded: 'rejected', found: 'admitted' });
    // The station now shows it admitted: the scan is the evidence that it was edited, not decided.
    expect((await t.call('lookupCode', { raw: gs1Scan('1', 'R1') })).view!.lot.status).toBe('admitted');
  });

  it('a lot inserted in SQLite with no entry at all', async () => {
    const lot = await enter(t, { batch: 'L1', report: true });
    tamper(
      `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by)
       select 'FORGED', 'FORGED-KEY', code_kind, raw_scan, supplier_id, variety_id, quantity, unit, 'admitted', 'trading', created_at, created_by from lots where id = ?`,
      lot.lotId,
    );
    expect((await verify()).break).toMatchObject({ kind: 'lotUnrecorded', lotId: 'FORGED' });
  });

  it('a database from before the chain: its lots are not reported, later lots are checked', async () => {
    const old = await enter(t, { batch: 'P1', report: true });
    // As a file written before migration 0016 reads: no entries, no head.
    tamper('delete from audit');
    tamper('delete from audit_head');
    const dir = t.dir;
    t.core.close();
    t = await startTestCore({ dir });
    const start = entries("action = 'audit.start'").map(parsed);
    expect(start).toEqual([{ action: 'audit.start', by: null, subject: 'station:1', before: null, after: { lotsBefore: t.rows('select max(rowid) as n from lots')[0]!.n } }]);
    const later = await enter(t, { batch: 'P2', report: true });
    expect(await verify()).toMatchObject({ ok: true, lotsChecked: 2 });
    // The documented limit: a lot from before the chain has nothing to be compared with.
    tamper(`update lots set status = 'held' where id = ?`, old.lotId);
    expect((await verify()).ok).toBe(true);
    tamper(`update lots set status = 'held' where id = ?`, later.lotId);
    expect((await verify()).break).toMatchObject({ kind: 'lotStatus', lotId: later.lotId });
  });

  it('the same verdict on a copied file with the station closed', async () => {
    const seqs = await filled();
    tamper('delete from audit where seq = ?', seqs[2]!);
    t.core.close();
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      expect((await verifyAudit(db)).break).toMatchObject({ kind: 'deleted', seq: seqs[2] });
    } finally {
      db.close();
    }
  });
});
