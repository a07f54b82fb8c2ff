import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateInput, EventName, EventPayload } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
let supplierId: string;
let cabbage: string;
const today = localDay(new Date());
const statusEvents: EventPayload<'lotStatus'>[] = [];

const commitment: CertificateInput = { type: 'commitment', number: 'CN-1', issuer: '南安合作社', issueDate: today };
const report: CertificateInput = { type: 'testReport', number: 'TR-1', issuer: '泉州检测中心', issueDate: today };
const check = (batch: string, certificates: CertificateInput[]) =>
  t.call('checkEntry', { raw: gs1Scan('1', batch), source: 'wedge', supplierId, varietyId: cabbage, quantity: 20, unit: 'kg', certificates });

beforeEach(async () => {
  t = await startTestCore();
  statusEvents.length = 0;
  t.core.onEvent((event: EventName, payload) => {
    if (event === 'lotStatus') statusEvents.push(payload as EventPayload<'lotStatus'>);
  });
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a })).id;
  cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
});
afterEach(() => t.close());

describe('今日记录', () => {
  it('shows each entry verdict with its reasons beside the lot state now, and pages without a silent cap', async () => {
    const admitted = await check('E1', [commitment, report]);
    await check('E2', [commitment]);
    await check('E3', []);

    const first = await t.call('listEntries', { limit: 2 });
    expect(first.total).toBe(3);
    expect(first.entries.map((e) => [e.outcome, e.status, e.reasons.map((r) => r.code)])).toEqual([
      ['reject', 'rejected', ['certificateMissing']],
      ['hold', 'awaitingTest', ['noTestReport']],
    ]);
    const rest = await t.call('listEntries', { limit: 2, offset: 2 });
    expect(rest).toMatchObject({ total: 3, entries: [{ lotId: admitted.view.lot.id, outcome: 'admit', status: 'admitted' }] });

    // Held after entry: the verdict stays 准入, the state is 扣留.
    await t.call('placeHold', { raw: gs1Scan('1', 'E1'), note: '群众举报' });
    const after = (await t.call('listEntries', {})).entries.find((e) => e.lotId === admitted.view.lot.id)!;
    expect([after.outcome, after.status]).toEqual(['admit', 'held']);
  });

  it('counts every entry of the day even past one page of 500', async () => {
    for (let i = 0; i < 501; i++) await check(`P${i}`, []);
    const page = await t.call('listEntries', { limit: 500 });
    expect([page.entries.length, page.total]).toEqual([500, 501]);
    expect((await t.call('listEntries', { limit: 500, offset: 500 })).entries).toHaveLength(1);
  });

  it('tells open screens when the closing sale sells a lot out, and only then', async () => {
    await t.call('setStationId', { stationId: '3050104', name: '测试摊' });
    const lot = await check('SOLD1', [commitment, report]);
    const raw = gs1Scan('1', 'SOLD1');
    await t.call('splitLot', { parentRaw: raw, quantity: 5, unit: 'kg', closing: false });
    expect(statusEvents).toEqual([]);
    await t.call('splitLot', { parentRaw: raw, quantity: 15, unit: 'kg', closing: false });
    expect(statusEvents.map((e) => e.changes)).toEqual([[{ lotId: lot.view.lot.id, status: 'exhausted' }]]);
    expect(t.rows('select status from lots where id = ?', lot.view.lot.id)).toEqual([{ status: 'exhausted' }]);
  });

  it('tells open screens when an override changes a lot state', async () => {
    const held = await check('O1', [commitment]);
    await t.call('overrideEntry', { entryId: held.view.entry.id, outcome: 'admit', reason: '补交检测报告' });
    expect(statusEvents.map((e) => e.changes)).toEqual([[{ lotId: held.view.lot.id, status: 'admitted' }]]);
  });
});
