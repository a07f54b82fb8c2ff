import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateInput } from '../../shared/contract';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import { apiError, startTestCore, USCC, type TestCore } from '../support/core';

// The market's day for every test here: 2026-03-15, mid-morning local time.
const NOW = new Date(2026, 2, 15, 9, 30);
const GTIN_BODY = '0690123456789';
const GTIN = GTIN_BODY + gs1CheckDigit(GTIN_BODY);
/** A GS1-128 scan with a lot and date AIs, GS after the variable-length lot. */
const scan = (lot: string, dates: string) => `]C101${GTIN}10${lot}\u001d${dates}`;

let t: TestCore;
let today = NOW;
let supplierId: string;
let cabbage: string;
const papers: CertificateInput[] = [
  { type: 'commitment', number: 'CN-EXP-1', issuer: '南安合作社', issueDate: '2026-03-15' },
  { type: 'testReport', number: 'TR-EXP-1', issuer: '泉州检测中心', issueDate: '2026-03-15' },
];

const check = (raw: string, certificates = papers) => t.call('checkEntry', { raw, source: 'wedge', supplierId, varietyId: cabbage, quantity: 20, unit: 'kg', certificates });
const lotRow = (batch: string) =>
  t.rows(
    `select l.status, l.zone, l.expiry_date, l.best_before_date, l.sell_by_date, l.production_date, e.outcome, e.reasons
       from lots l join entry_checks e on e.lot_id = l.id where l.batch = ?`,
    batch,
  )[0];
const uploaded = (lotId: string) => {
  const [row] = t.rows(`select b.payload, b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'entry' and o.lot_id = ?`, lotId);
  return { payload: JSON.parse(row!.payload), events: row!.events === null ? null : JSON.parse(row!.events) };
};

beforeEach(async () => {
  today = NOW;
  t = await startTestCore({ now: () => today });
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安蔬菜合作社', uscc: USCC.a })).id;
  cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
});
afterEach(() => t.close());

describe('product dates at entry (real SQLite file)', () => {
  it('rejects a product whose (17) expiry was yesterday, with the date in the reason, and records it as rejected', async () => {
    const r = await check(scan('EXP1', '17260314'));
    expect(r.view.entry.outcome).toBe('reject');
    expect(r.view.entry.reasons).toEqual([{ code: 'productExpired', params: { dateKind: 'expiry', date: '2026-03-14' } }]);
    expect(lotRow('EXP1')).toEqual({
      status: 'rejected',
      zone: 'none',
      expiry_date: '2026-03-14',
      best_before_date: null,
      sell_by_date: null,
      production_date: null,
      outcome: 'reject',
      reasons: JSON.stringify([{ code: 'productExpired', params: { dateKind: 'expiry', date: '2026-03-14' } }]),
    });
    expect(r.view.alert).toBe(true);
    expect(uploaded(r.view.lot.id).payload).toMatchObject({ outcome: 'reject', reasons: ['productExpired'], lot: { expiryDate: '2026-03-14' } });
  });

  it('rejects on a past (15) best-before date alone, kept in its own column, not as the expiry', async () => {
    const r = await check(scan('EXP2', '15260228'));
    expect(r.view.entry.reasons).toEqual([{ code: 'productExpired', params: { dateKind: 'bestBefore', date: '2026-02-28' } }]);
    expect(lotRow('EXP2')).toMatchObject({ status: 'rejected', best_before_date: '2026-02-28', expiry_date: null });
  });

  it('reads day 00 as the end of its month: best before "this March" is still good on the 15th', async () => {
    const r = await check(scan('EXP4', '15260300'));
    expect(r.view.entry.reasons).toEqual([{ code: 'ok' }]);
    expect(lotRow('EXP4')).toMatchObject({ status: 'admitted', best_before_date: '2026-03-31' });
  });

  it('rejects on a past (16) sell-by date, the month end of a DD=00 date counting as its day', async () => {
    const r = await check(scan('EXP3', '16260200'));
    expect(r.view.entry.reasons).toEqual([{ code: 'productExpired', params: { dateKind: 'sellBy', date: '2026-02-28' } }]);
    expect(lotRow('EXP3')).toMatchObject({ status: 'rejected', sell_by_date: '2026-02-28', expiry_date: null });
  });

  it('admits a product near its expiry with a warning that stays on the record', async () => {
    const r = await check(scan('SOON1', '17260317'));
    expect(r.view.entry.outcome).toBe('admit');
    expect(r.view.entry.reasons).toEqual([{ code: 'ok' }, { code: 'productExpiresSoon', params: { dateKind: 'expiry', date: '2026-03-17', days: 2 } }]);
    expect(lotRow('SOON1')).toMatchObject({ status: 'admitted', zone: 'trading', expiry_date: '2026-03-17', outcome: 'admit' });
    expect(JSON.parse(lotRow('SOON1')!.reasons)).toEqual(r.view.entry.reasons);
    // The lot's view read back from the file says the same.
    const again = await t.call('lookupCode', { raw: scan('SOON1', '17260317') });
    expect(again.view?.entry.reasons).toEqual(r.view.entry.reasons);
    expect(again.view?.lot.expiryDate).toBe('2026-03-17');
  });

  it('admits a product whose expiry is beyond the warning window without a warning', async () => {
    const r = await check(scan('LATER1', '17260319'));
    expect(r.view.entry.reasons).toEqual([{ code: 'ok' }]);
  });

  it('follows the warning window an admin saves', async () => {
    const settings = await t.call('getSettings', {});
    expect(settings.expiry.warnDays).toBe(3);
    await t.call('saveSettings', { ...settings, expiry: { warnDays: 10 } });
    expect((await check(scan('WIN1', '17260325'))).view.entry.reasons.map((r) => r.code)).toEqual(['ok', 'productExpiresSoon']);
    await t.call('saveSettings', { ...settings, expiry: { warnDays: 0 } });
    expect((await check(scan('WIN2', '17260316'))).view.entry.reasons).toEqual([{ code: 'ok' }]);
    expect((await check(scan('WIN3', '17260315'))).view.entry.reasons.map((r) => r.code)).toEqual(['ok', 'productExpiresSoon']);
    expect((await apiError(t.call('saveSettings', { ...settings, expiry: { warnDays: -1 } }))).code).toBe('badRequest');
    expect((await t.call('getSettings', {})).expiry.warnDays).toBe(0);
  });

  it('stores each of the four dates in its own column, from an element string and from a Digital Link', async () => {
    const gs1 = await check(scan('ALL1', '11260301152604011626041017260430'));
    expect(lotRow('ALL1')).toMatchObject({ production_date: '2026-03-01', best_before_date: '2026-04-01', sell_by_date: '2026-04-10', expiry_date: '2026-04-30' });
    expect(gs1.view.lot).toMatchObject({ productionDate: '2026-03-01', bestBeforeDate: '2026-04-01', sellByDate: '2026-04-10', expiryDate: '2026-04-30' });
    const { payload, events } = uploaded(gs1.view.lot.id);
    expect(payload.lot).toMatchObject({ productionDate: '2026-03-01', bestBeforeDate: '2026-04-01', sellByDate: '2026-04-10', expiryDate: '2026-04-30' });
    // Events are serialised at write time only once the station id is set.
    expect(events).toBeNull();

    await check(`https://id.example.cn/10/ALL2/01/${GTIN}?17=260331&15=260320&16=260318&11=260310`);
    expect(lotRow('ALL2')).toMatchObject({ production_date: '2026-03-10', best_before_date: '2026-03-20', sell_by_date: '2026-03-18', expiry_date: '2026-03-31' });
  });

  it('holds a lot without a test report and still warns about its date', async () => {
    const r = await check(scan('HOLD1', '15260316'), [papers[0]!]);
    expect(r.view.entry.outcome).toBe('hold');
    expect(r.view.entry.reasons).toEqual([{ code: 'noTestReport' }, { code: 'productExpiresSoon', params: { dateKind: 'bestBefore', date: '2026-03-16', days: 1 } }]);
    expect(lotRow('HOLD1')).toMatchObject({ status: 'awaitingTest', best_before_date: '2026-03-16' });
  });
});

describe('product dates at the counter', () => {
  it('refuses to split a lot whose date has passed since it was admitted, writing nothing', async () => {
    await t.call('setStationId', { stationId: '3050101', name: '测试站' });
    // Expires today: admitted with the warning, sold today, refused the next morning.
    const lot = await check(scan('LATE1', '17260315'));
    expect(lot.view.entry.outcome).toBe('admit');
    const split = (quantity: number) => t.call('splitLot', { parentRaw: scan('LATE1', '17260315'), quantity, unit: 'kg', closing: false });
    today = new Date(2026, 2, 15, 20, 0);
    await split(1);
    today = new Date(2026, 2, 16, 7, 0);
    const before = t.rows('select count(*) n from lots')[0]!.n;
    expect(await apiError(split(1))).toMatchObject({ code: 'conflict', params: { reason: 'productExpired', date: '2026-03-15' } });
    expect(t.rows('select count(*) n from lots')[0]!.n).toBe(before);
  });
});
