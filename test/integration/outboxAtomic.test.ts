import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, gs1Scan, startTestCore, type TestCore } from '../support/core';
import { enter, supplierId } from '../support/testing';
import { failOutboxInsert } from '../support/upload';

/**
 * Every record that leaves the station writes its outbox row in its own transaction: when the
 * outbox insert fails, the record is not there either (and nothing half-written stays behind).
 * Holds, releases, tests and disposals are covered in uploadRecords.test.ts.
 */
let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050103', name: '鲤城农贸市场 收货台' });
  // The supplier `enter` uses exists before any fault is injected.
  await supplierId(t);
});
afterEach(() => t.close());

const TABLES = [
  'lots',
  'entry_checks',
  'certificates',
  'lot_certificates',
  'test_selections',
  'entry_overrides',
  'splits',
  'print_jobs',
  'subjects',
  'varieties',
  'test_items',
  'stall_assignments',
  'outbox',
];
const snapshot = () => Object.fromEntries(TABLES.map((table) => [table, t.rows(`select count(*) as n from ${table}`)[0]!.n as number]));
const rowsOf = (sql: string) => JSON.stringify(t.rows(sql));

/** The call fails with the injected fault and every table is as before. */
async function refusedWhole(kind: string, call: () => Promise<unknown>, unchanged: string[] = []) {
  const before = snapshot();
  const others = unchanged.map(rowsOf);
  const restore = failOutboxInsert(t.dir, kind);
  try {
    expect((await apiError(call())).code).toBe('internal');
  } finally {
    restore();
  }
  expect(snapshot()).toEqual(before);
  expect(unchanged.map(rowsOf)).toEqual(others);
  // And with the fault gone the same call goes through, with its outbox row.
  await call();
  expect(t.rows('select count(*) as n from outbox where kind = ?', kind)[0]!.n).toBeGreaterThan(0);
}

describe('a failed outbox write leaves nothing behind', () => {
  it('entry check: no lot, certificate, entry or test selection', async () => {
    await refusedWhole('entry', () => enter(t, { batch: 'ATOM1', report: false }));
  });

  it('override: the verdict and the lot state stay as they were', async () => {
    const lot = await enter(t, { batch: 'ATOM2', report: false });
    const entryId = t.rows('select id from entry_checks where lot_id = ?', lot.lotId)[0]!.id as string;
    await refusedWhole('override', () => t.call('overrideEntry', { entryId, outcome: 'admit', reason: '补交检测报告' }), [
      'select outcome, overridden_from from entry_checks',
      'select status, zone from lots',
    ]);
  });

  it('split: no child lot, sale, print job, and the parent is not closed', async () => {
    const parent = await enter(t, { batch: 'ATOM3', report: true });
    await refusedWhole('split', () => t.call('splitLot', { parentRaw: parent.raw, quantity: 2, unit: 'kg', closing: true }), ['select id, status from lots order by id']);
  });

  it('master data: supplier, variety, test item and 去向摊位', async () => {
    await refusedWhole('subject', () => t.call('saveSubject', { kind: 'stall', name: '8号摊 林记' }));
    await refusedWhole('variety', () => t.call('saveVariety', { name: '生菜', categoryId: 'vegetable', defaultUnit: 'kg' }));
    await refusedWhole('testItem', () => t.call('saveTestItem', { nameZh: '硼砂', methodZh: '姜黄试纸法', kind: 'qualitative', categoryIds: ['soy'] }));
    const stall = (await t.call('listSubjects', { kind: 'stall' }))[0]!;
    const lot = await enter(t, { batch: 'ATOM4', report: true });
    await refusedWhole('stallAssignment', () => t.call('assignLotStall', { lotId: lot.lotId, stallId: stall.id }), ['select stall_id from lots']);
  });

  it('a second scan of the same code after a failed entry is a new entry, not a duplicate of nothing', async () => {
    const restore = failOutboxInsert(t.dir, 'entry');
    await apiError(enter(t, { batch: 'ATOM5', report: true }));
    restore();
    expect((await t.call('lookupCode', { raw: gs1Scan('1', 'ATOM5') })).view).toBeNull();
  });
});
