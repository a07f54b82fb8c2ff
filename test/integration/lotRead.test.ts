import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
let raw: string;
const today = new Date().toLocaleDateString('sv');

/** Every row of every table: what a read must leave exactly as it was. */
function wholeStore(): Record<string, unknown[]> {
  const tables = t.rows(`select name from sqlite_master where type = 'table' order by name`).map((r) => r.name as string);
  return Object.fromEntries(tables.map((name) => [name, t.rows(`select * from "${name}" order by rowid`)]));
}

/** The events emitted while `run` runs. */
async function eventsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const off = t.core.onEvent((name) => seen.push(name));
  try {
    await run();
  } finally {
    off();
  }
  return seen;
}

beforeEach(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  raw = gs1Scan('1', 'QUIET1');
  await t.call('checkEntry', {
    raw,
    source: 'wedge',
    supplierId: supplier.id,
    varietyId: cabbage.id,
    quantity: 50,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: 'C-QUIET1', issuer: '南安合作社', issueDate: today },
      { type: 'testReport', number: 'T-QUIET1', issuer: '检测站', issueDate: today },
    ],
  });
});
afterEach(() => t.close());

describe('getLot: a lot read again, quietly', () => {
  it('reads a held lot by code and by id with no alert, no event and no row written, where the scan lookup alarms', async () => {
    await t.call('splitLot', { parentRaw: raw, quantity: 5, unit: 'kg', closing: false });
    await t.call('placeHold', { raw, note: '复查' });
    const { view: scanned } = await t.call('lookupCode', { raw });
    expect(scanned).toMatchObject({ alert: true, lot: { status: 'held' }, remaining: 45 });

    const before = wholeStore();
    let byCode, byId;
    const events = await eventsDuring(async () => {
      byCode = await t.call('getLot', { raw });
      byId = await t.call('getLot', { lotId: scanned!.lot.id });
    });
    expect(events).toEqual([]);
    expect(wholeStore()).toEqual(before);
    expect(byCode).toEqual(scanned);
    expect(byId).toEqual(scanned);

    // The control: the desk's lookup of the same lot raises the market-wide alert.
    expect(await eventsDuring(() => t.call('lookupCode', { raw }))).toEqual(['alert']);
  });

  it('reads a split child by its label QR, its code or its id, with the root lot entry it came in with', async () => {
    const sale = await t.call('splitLot', { parentRaw: raw, quantity: 2.5, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
    const byQr = await t.call('getLot', { raw: sale.qr });
    expect(byQr).toEqual(sale.child);
    expect(await t.call('getLot', { raw: sale.code })).toEqual(byQr);
    expect(await t.call('getLot', { lotId: sale.child.lot.id })).toEqual(byQr);
    expect(byQr).toMatchObject({ remaining: 2.5, lot: { quantity: 2.5, parentLotId: sale.parent.lot.id }, entry: { outcome: 'admit' } });
    expect(await t.call('getLot', { lotId: sale.parent.lot.id })).toEqual(sale.parent);
  });

  it('refuses an unknown lot, an unreadable code and an input naming both or neither, changing nothing', async () => {
    const before = wholeStore();
    expect(await apiError(t.call('getLot', { raw: gs1Scan('1', 'NOPE') }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    expect(await apiError(t.call('getLot', { lotId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    // A GS1 scan whose check digit is wrong: the desk's own refusal, not a lot read.
    expect(await apiError(t.call('getLot', { raw: ']C10106900000000011' }))).toMatchObject({ code: 'badScan', params: { reason: 'badCheckDigit' } });
    expect((await apiError(t.call('getLot', { raw, lotId: 'x' } as never))).code).toBe('badRequest');
    expect((await apiError(t.call('getLot', {} as never))).code).toBe('badRequest');
    expect(wholeStore()).toEqual(before);
  });
});
