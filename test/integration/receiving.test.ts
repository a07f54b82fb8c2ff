import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateInput, EventName } from '../../shared/contract';
import { addDays, localDay } from '../../electron/core/clock';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';
import { FIXED_DAY, fixedDayAt } from '../support/testing';

let t: TestCore;
let supplierId: string;
let cabbage: string; // 白菜, vegetable: commitment or origin-exit certificate, tested without report
let pork: string; // 猪肉, livestock: quarantine + meat quality
const today = localDay(new Date());
const events: { event: EventName; payload: unknown }[] = [];

const commitment = (over: Partial<CertificateInput> = {}): CertificateInput => ({
  type: 'commitment',
  number: 'CN-2026-0001',
  issuer: '南安市某蔬菜合作社',
  issueDate: today,
  ...over,
});
const report = (number = 'TR-001'): CertificateInput => ({ type: 'testReport', number, issuer: '泉州检测中心', issueDate: today });

const rows = (sql: string, ...args: unknown[]) => t.rows(sql, ...args);
const count = (table: string) => rows(`select count(*) n from ${table}`)[0].n;

async function check(raw: string, certificates: CertificateInput[], over: { quantity?: number; varietyId?: string } = {}) {
  return t.call('checkEntry', {
    raw,
    source: 'wedge',
    supplierId,
    varietyId: over.varietyId ?? cabbage,
    quantity: over.quantity ?? 50,
    unit: 'kg',
    certificates,
  });
}

beforeEach(async () => {
  t = await startTestCore();
  events.length = 0;
  t.core.onEvent((event, payload) => events.push({ event, payload }));
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a })).id;
  const varieties = await t.call('listVarieties', {});
  cabbage = varieties.find((v) => v.name === '白菜')!.id;
  pork = varieties.find((v) => v.name === '猪肉')!.id;
});
afterEach(() => t.close());

describe('entry verdicts', () => {
  it('admits a vegetable lot with a commitment certificate and a test report, writing all rows', async () => {
    // A fixed clock, secret and record ids: the keyed sampler's pick of this lot is known (it is picked).
    t.close();
    t = await startTestCore({ now: () => fixedDayAt(10), deterministic: { seed: 2, samplingSecret: 'station-0042-sampling-secret-for-tests' } });
    t.core.onEvent((event, payload) => events.push({ event, payload }));
    supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a })).id;
    cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
    const before = { outbox: rows('select kind from outbox'), selections: count('test_selections') };
    // The supplier is master data: its own upload record, before the lot.
    expect(before).toEqual({ outbox: [{ kind: 'subject' }], selections: 0 });
    events.length = 0;

    const r = await check(gs1Scan('1', 'A1'), [commitment({ issueDate: FIXED_DAY }), { ...report(), issueDate: FIXED_DAY }]);
    expect(r).toMatchObject({ duplicate: false, testSelection: { reason: 'keyed', untestable: false } });
    expect(r.view.entry.outcome).toBe('admit');
    expect(r.view.entry.reasons).toEqual([{ code: 'ok' }]);
    const lotId = r.view.lot.id;
    expect(rows('select id, status, zone, quantity, unit, batch, code_kind from lots')).toEqual([
      { id: lotId, status: 'admitted', zone: 'trading', quantity: 50, unit: 'kg', batch: 'A1', code_kind: 'gs1' },
    ]);
    expect(rows('select lot_id, outcome, source from entry_checks')).toEqual([{ lot_id: lotId, outcome: 'admit', source: 'wedge' }]);
    expect(rows('select type, number from certificates order by type')).toEqual([
      { type: 'commitment', number: 'CN-2026-0001' },
      { type: 'testReport', number: 'TR-001' },
    ]);
    expect(rows('select lot_id from lot_certificates')).toEqual([{ lot_id: lotId }, { lot_id: lotId }]);
    // Sampling: the keyed draw picked this lot (score < p = 0.13 × 2 high-risk × 2 new supplier).
    expect(rows('select lot_id, reason, has_report, p, day from test_selections')).toEqual([{ lot_id: lotId, reason: 'keyed', has_report: 1, p: 0.52, day: FIXED_DAY }]);
    expect(rows('select score from test_selections')[0]!.score).toBeLessThan(0.52);
    // Upload: one entry record for the lot (the sampling decision is not uploaded), body and all.
    const outbox = rows('select o.kind, o.lot_id, o.state, o.attempts, b.payload from outbox o join outbox_bodies b using (seq) order by o.seq');
    expect(outbox.map((o) => [o.kind, o.lot_id, o.state, o.attempts])).toEqual([
      ['subject', null, 'pending', 0],
      ['entry', lotId, 'pending', 0],
    ]);
    expect(JSON.parse(outbox[1]!.payload)).toMatchObject({
      lot: { id: lotId, batch: 'A1', quantity: 50, unit: 'kg' },
      supplier: { id: supplierId, uscc: USCC.a },
      outcome: 'admit',
      reasons: ['ok'],
      certificates: [
        { type: 'commitment', number: 'CN-2026-0001' },
        { type: 'testReport', number: 'TR-001' },
      ],
    });
    expect(count('outbox_bodies')).toBe(2);
    expect(events.map((e) => e.event)).toEqual(['entryRecorded']);
  });

  it('holds a lot without a test report for testing (批批检测)', async () => {
    const r = await check(gs1Scan('1', 'H1'), [commitment()]);
    expect(r.view.entry.outcome).toBe('hold');
    expect(r.view.entry.reasons.map((x) => x.code)).toEqual(['noTestReport']);
    expect(rows('select status, zone from lots')).toEqual([{ status: 'awaitingTest', zone: 'awaitingTest' }]);
    // A routine test-wait is amber, not the red 禁止入场 alarm.
    expect(r.view.alert).toBe(false);
    expect(events.map((e) => e.event)).toEqual(['entryRecorded']);
  });

  it('rejects an expired certificate and records the rejection', async () => {
    const r = await check(gs1Scan('1', 'X1'), [commitment({ issueDate: addDays(today, -10), validUntil: addDays(today, -1) }), report()]);
    expect(r.view.entry.outcome).toBe('reject');
    expect(r.view.entry.reasons.map((x) => x.code)).toContain('certificateExpired');
    expect(rows('select status, zone from lots')).toEqual([{ status: 'rejected', zone: 'none' }]);
  });

  it('rejects meat without the quarantine and meat-quality certificates', async () => {
    const r = await check(gs1Scan('2', 'P1'), [commitment(), report()], { varietyId: pork });
    expect(r.view.entry.outcome).toBe('reject');
    expect(r.view.entry.reasons.filter((x) => x.code === 'certificateMissing').map((x) => x.params?.types)).toEqual(['quarantine', 'meatQuality']);
  });

  it('rejects every lot of a blocked supplier', async () => {
    await t.call('setSubjectBlocked', { id: supplierId, blocked: true, reason: '上月抽检不合格' });
    const r = await check(gs1Scan('1', 'B1'), [commitment(), report()]);
    expect(r.view.entry.outcome).toBe('reject');
    expect(r.view.entry.reasons.map((x) => x.code)).toEqual(['supplierBlocked']);
  });

  it('counts what a certificate covers across lots and rejects the lot that exceeds it', async () => {
    const cert = commitment({ number: 'CN-Q', quantity: 100, unit: 'kg' });
    expect((await check(gs1Scan('1', 'Q1'), [cert, report('TR-Q')], { quantity: 60 })).view.entry.outcome).toBe('admit');
    const over = await check(gs1Scan('1', 'Q2'), [cert, report('TR-Q')], { quantity: 50 });
    expect(over.view.entry.outcome).toBe('reject');
    expect(over.view.entry.reasons).toContainEqual(expect.objectContaining({ code: 'quantityExceedsCertificate', params: expect.objectContaining({ number: 'CN-Q', used: 60, requested: 50 }) }));
    // The rejected 50 kg did not use the certificate up: 40 more still fit.
    expect((await check(gs1Scan('1', 'Q3'), [cert, report('TR-Q')], { quantity: 40 })).view.entry.outcome).toBe('admit');
    expect(count('certificates')).toBe(2);
  });
});

describe('duplicates and alerts', () => {
  it('shows the existing record for a second scan and writes nothing, whatever form the code takes', async () => {
    const first = await check(gs1Scan('1', 'D1'), [commitment(), report()]);
    const before = [count('lots'), count('entry_checks'), count('certificates'), count('lot_certificates')];
    // Same lot as a GS1 Digital Link URI.
    const link = `https://id.example.cn/01/${first.view.lot.gtin}/10/D1`;
    const again = await check(link, [commitment({ number: 'OTHER' })]);
    expect(again.duplicate).toBe(true);
    expect(again.view.lot.id).toBe(first.view.lot.id);
    expect(again.view.entry.outcome).toBe('admit');
    expect([count('lots'), count('entry_checks'), count('certificates'), count('lot_certificates')]).toEqual(before);
  });

  it('raises a red alert wherever a rejected code is scanned again; a lot waiting for its routine test is no alarm', async () => {
    await check(gs1Scan('1', 'R1'), [commitment()]);
    events.length = 0;
    const waiting = await t.call('lookupCode', { raw: gs1Scan('1', 'R1') });
    expect(waiting.view?.lot.status).toBe('awaitingTest');
    expect(waiting.view?.alert).toBe(false);
    expect(events).toEqual([]);
    await check(gs1Scan('1', 'R2'), []);
    events.length = 0;
    const seen = await t.call('lookupCode', { raw: gs1Scan('1', 'R2') });
    expect(seen.view?.lot.status).toBe('rejected');
    expect(seen.view?.alert).toBe(true);
    expect(events).toEqual([{ event: 'alert', payload: expect.objectContaining({ status: 'rejected' }) }]);
    expect((await t.call('lookupCode', { raw: gs1Scan('1', 'UNKNOWN') })).view).toBeNull();
  });
});

describe('overrides', () => {
  it('needs a manager and a reason, and keeps the history', async () => {
    const held = await check(gs1Scan('1', 'O1'), [commitment()]);
    const changed = await t.call('overrideEntry', { entryId: held.view.entry.id, outcome: 'admit', reason: '供应商补交检测报告' });
    expect(changed.entry).toMatchObject({ outcome: 'admit', overriddenFrom: 'hold', overrideReason: '供应商补交检测报告' });
    expect(changed.lot).toMatchObject({ status: 'admitted', zone: 'trading' });
    expect(rows('select status, zone from lots')).toEqual([{ status: 'admitted', zone: 'trading' }]);
    expect(rows('select from_outcome, to_outcome, reason from entry_overrides')).toEqual([{ from_outcome: 'hold', to_outcome: 'admit', reason: '供应商补交检测报告' }]);
    expect((await apiError(t.call('overrideEntry', { entryId: held.view.entry.id, outcome: 'reject', reason: '  ' }))).code).toBe('badRequest');
  });
});

describe('bad input stores nothing', () => {
  const cases: [string, string, string][] = [
    ['wrong GTIN check digit', '6901234567891', 'badCheckDigit'],
    ['control bytes', 'ABC\u0007DEF', 'controlChars'],
    ['SQL-ish text', "'; DROP TABLE lots;--", 'badCharset'],
    ['in-store weight code', `212345001234${gs1CheckDigit('212345001234')}`, 'weightCode'],
  ];
  it.each(cases)('%s', async (_name, raw, reason) => {
    const err = await apiError(check(raw, [commitment(), report()]));
    expect(['badScan', 'notALotCode']).toContain(err.code);
    expect(err.params?.reason).toBe(reason);
    expect(count('lots')).toBe(0);
    expect(count('certificates')).toBe(0);
  });

  it('refuses a 10 kB paste at the contract', async () => {
    const err = await apiError(check('A'.repeat(10_000), [commitment()]));
    expect(err.code).toBe('badRequest');
    expect(count('lots')).toBe(0);
  });

  it('refuses unknown suppliers and varieties without writing', async () => {
    const err = await apiError(
      t.call('checkEntry', { raw: gs1Scan('1', 'N1'), source: 'wedge', supplierId: '01J00000000000000000000000', varietyId: cabbage, quantity: 1, unit: 'kg', certificates: [] }),
    );
    expect(err.code).toBe('notFound');
    expect(count('lots')).toBe(0);
  });
});
