import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING_CONFIG, type SamplingConfig } from '../../shared/domain/sampling';
import { codeLabel } from '../../shared/domain/codeLabel';
import { openKeyFileStore } from '../../electron/secrets/secretStore';
import { apiError, gs1Scan, startTestCore, type TestCore } from '../support/core';
import { lotClass, type EpcisEvent } from '../../shared/domain/upload/epcis';
import { objectStates } from '../support/epcisWalk';
import { collectEvents, enter, FIXED_DAY, fixedDayAt, seedTestingStaff, supplierId, type TestingStaff } from '../support/testing';

let t: TestCore;
let staff: TestingStaff;
/** The station clock, on a fixed day: tests move it to closing time for the floor. */
let now: Date;
const at = fixedDayAt;
/**
 * A fixed station secret, record ids from a seed and a fixed day: the keyed draw picks the same
 * lots on every run, so the tests below name them. Anything that changes the draw (the key, the
 * score, the ids a lot gets) changes these picks and fails the tests.
 */
const DETERMINISTIC = { seed: 42, samplingSecret: 'station-0042-sampling-secret-for-tests' };

async function start(sampling?: Partial<SamplingConfig>) {
  t = await startTestCore({ now: () => now, sampling, deterministic: DETERMINISTIC });
  staff = await seedTestingStaff(t);
}
/** A lot entered on the station's day (its certificates issued that day). */
const enterLot = (o: Omit<Parameters<typeof enter>[1], 'day'>) => enter(t, { ...o, day: FIXED_DAY });

beforeEach(async () => {
  now = at(10);
  await start();
});
afterEach(() => t.close());

const lotRow = (id: string) => t.rows('select status, zone from lots where id = ?', id)[0];
const selectionRows = () => t.rows('select lot_id, reason, has_report, note, score, p, day from test_selections order by created_at, id');
const count = (table: string) => t.rows(`select count(*) as n from ${table}`)[0]!.n as number;
const test = (raw: string, input: { itemId?: string; value?: number; reading?: 'positive' | 'negative'; invalidRun?: boolean; kitLot?: string }, session = staff.inspector) =>
  t.call('recordTest', { raw, itemId: input.itemId ?? 'opCarbamate', ...input }, session);

// The keyed draw's picks on this station (DETERMINISTIC), by batch.
const PICKS_40 = ['K0', 'K14', 'K15', 'K17', 'K20', 'K26', 'K30', 'K37'];
const PICKS_FAILED_SUPPLIER = ['FL0', 'FL1', 'FL2', 'FL4', 'FL5', 'FL6', 'FL10', 'FL12', 'FL15', 'FL16', 'FL17', 'FL18', 'FL19', 'FL20', 'FL21', 'FL22', 'FL23', 'FL24', 'FL26', 'FL27'];
/** From 17:40 the floor is on: the first lot alone is below 10 % unless picked, so the floor takes it. */
const PICKS_NEAR_CLOSING = [
  ['E0', 'floor'],
  ['E9', 'keyed'],
  ['E15', 'keyed'],
  ['E18', 'keyed'],
  ['E20', 'keyed'],
];
/** With chance switched off: the three lowest score ÷ weight of the 25 (the first five, a new supplier's, weigh double). */
const PICKS_FLOOR = ['S17', 'S0', 'S21'];
const KEYED_OF_300 = 53;

describe('selection at entry', () => {
  it('always selects a lot without a test report, through checkEntry, and keeps the key secret', async () => {
    // The station's own random secret, not the fixed one.
    t.close();
    t = await startTestCore({ now: () => now });
    staff = await seedTestingStaff(t);
    expect(openKeyFileStore(t.dir).get('samplingKey')).toBeNull();
    const lot = await enterLot({ batch: 'NR1', report: false });
    expect(lot.testSelection).toEqual({ reason: 'noReport', untestable: false });
    expect(lot.view.lot).toMatchObject({ status: 'awaitingTest', zone: 'awaitingTest' });
    expect(lot.view.alert).toBe(false);
    const [row] = selectionRows();
    expect(row).toMatchObject({ lot_id: lot.lotId, reason: 'noReport', has_report: 0, note: null, p: 1 });
    expect(row!.score).toBeGreaterThanOrEqual(0);
    expect(row!.score).toBeLessThan(1);
    // 32 random bytes, made on first need, kept in the key file (not station.db), never in any answer.
    expect(Buffer.from(openKeyFileStore(t.dir).get('samplingKey')!, 'base64')).toHaveLength(32);
    expect(t.rows('select name from secrets')).toEqual([]);

    const queue = await t.call('listTestQueue', { pending: true }, staff.receiver);
    expect(queue.map((q) => [q.lotId, q.reason, q.verdict, q.varietyName, q.supplierName])).toEqual([[lot.lotId, 'noReport', null, '白菜', '南安合作社']]);
    const status = await t.call('samplingStatus', {}, staff.receiver);
    expect(status).toMatchObject({ reportLots: 0, sampledReportLots: 0, noReportLots: 1, shortfall: 0, targetRate: 0.1, floorActive: false });
  });

  it('picks exactly the lots whose keyed score is below p, records score and p, risk-weighted, and nothing for the others', async () => {
    const results = [];
    for (let i = 0; i < 40; i++) results.push(await enterLot({ batch: `K${i}`, report: true }));
    const batchOf = new Map(results.map((r, i) => [r.lotId, `K${i}`]));
    const rows = selectionRows();
    // 白菜 is a high-risk category (×2); the supplier's first five lots count as new (×2).
    const { targetRate, baseFactor } = DEFAULT_SAMPLING_CONFIG;
    const [newSupplierP, laterP] = [targetRate * baseFactor * 4, targetRate * baseFactor * 2];
    expect(rows.map((r) => [batchOf.get(r.lot_id), r.reason, r.has_report, r.p])).toEqual(PICKS_40.map((b) => [b, 'keyed', 1, Number(b.slice(1)) < 5 ? newSupplierP : laterP]));
    for (const row of rows) expect(row.score).toBeLessThan(row.p);
    expect(results.filter((r) => r.testSelection).map((r) => batchOf.get(r.lotId))).toEqual(PICKS_40);
    for (const r of results) expect(r.testSelection).toEqual(PICKS_40.includes(batchOf.get(r.lotId)!) ? { reason: 'keyed', untestable: false } : null);
    // Admitted lots stay admitted in trading while they wait for their test.
    for (const r of results) expect(lotRow(r.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
    const status = await t.call('samplingStatus', {}, staff.inspector);
    expect([status.reportLots, status.sampledReportLots, status.shortfall]).toEqual([40, PICKS_40.length, 0]);
  });

  it('weights a supplier with a failed test higher', async () => {
    const supplier = await supplierId(t, '问题农场', undefined);
    for (let i = 0; i < 6; i++) await enterLot({ batch: `F${i}`, report: true, supplier });
    const failed = await enterLot({ batch: 'FBAD', report: true, supplier });
    await test(failed.raw, { value: 80 });
    // From now on the supplier's lots carry ×2 for one failure: p = 0.13 × 2 (vegetable) × 2.
    const later = [];
    for (let i = 0; i < 30; i++) later.push(await enterLot({ batch: `FL${i}`, report: true, supplier }));
    const batchOf = new Map(later.map((l, i) => [l.lotId, `FL${i}`]));
    const rows = selectionRows().filter((r) => batchOf.has(r.lot_id));
    expect(rows.map((r) => [batchOf.get(r.lot_id), r.reason, r.p])).toEqual(PICKS_FAILED_SUPPLIER.map((b) => [b, 'keyed', 0.52]));
  });

  it('lets the floor take arriving lots near closing so the day never falls below the target', async () => {
    now = at(17, 40);
    const lots = [];
    for (let i = 0; i < 30; i++) {
      lots.push(await enterLot({ batch: `E${i}`, report: true, variety: '苹果' }));
      const s = await t.call('samplingStatus', {}, staff.inspector);
      expect(s.floorActive).toBe(true);
      expect(s.shortfall).toBe(0);
      expect(s.sampledReportLots).toBeGreaterThanOrEqual(Math.ceil(0.1 * s.reportLots));
    }
    // The floor took exactly the lots chance passed over (score ≥ p) that the target needed.
    const batchOf = new Map(lots.map((l, i) => [l.lotId, `E${i}`]));
    const rows = selectionRows();
    expect(rows.map((r) => [batchOf.get(r.lot_id), r.reason])).toEqual(PICKS_NEAR_CLOSING);
    for (const r of rows) expect(r.reason).toBe(r.score < r.p ? 'keyed' : 'floor');
  });

  it('applySamplingFloor picks exactly the shortfall from untested report lots, lowest keyed score first', async () => {
    // Chance switched off (baseFactor 0): only the floor picks, so the shortfall is known.
    t.close();
    await start({ baseFactor: 0 });
    const lots = [];
    for (let i = 0; i < 25; i++) lots.push(await enterLot({ batch: `S${i}`, report: true, variety: '苹果' }));
    const batchOf = new Map(lots.map((l, i) => [l.lotId, `S${i}`]));
    const status = await t.call('samplingStatus', {}, staff.manager);
    expect([status.reportLots, status.sampledReportLots, status.shortfall]).toEqual([25, 0, 3]);
    expect((await apiError(t.call('applySamplingFloor', {}, staff.inspector))).code).toBe('forbidden');
    const picks = await t.call('applySamplingFloor', {}, staff.manager);
    expect(picks.map((p) => [batchOf.get(p.lotId), p.reason, p.verdict])).toEqual(PICKS_FLOOR.map((b) => [b, 'floor', null]));
    const floorRows = selectionRows();
    expect(floorRows.map((r) => [batchOf.get(r.lot_id), r.reason, r.has_report])).toEqual(PICKS_FLOOR.map((b) => [b, 'floor', 1]));
    for (const r of floorRows) expect([typeof r.score, r.p]).toEqual(['number', 0]);
    expect((await t.call('samplingStatus', {}, staff.manager)).shortfall).toBe(0);
    // Met: a second press picks nothing.
    expect(await t.call('applySamplingFloor', {}, staff.manager)).toEqual([]);
  });

  it('over 300 report lots (a third high-risk) the keyed draw alone passes 10%, and the floor has nothing to add', async () => {
    for (let i = 0; i < 300; i++) await enterLot({ batch: `R${i}`, report: true, variety: i % 3 === 0 ? '白菜' : '苹果' });
    const before = await t.call('samplingStatus', {}, staff.manager);
    expect([before.reportLots, before.sampledReportLots, before.shortfall]).toEqual([300, KEYED_OF_300, 0]);
    now = at(17, 45);
    expect(await t.call('applySamplingFloor', {}, staff.manager)).toEqual([]);
    const s = await t.call('samplingStatus', {}, staff.manager);
    expect([s.reportLots, s.sampledReportLots, s.shortfall, s.floorActive]).toEqual([300, KEYED_OF_300, 0, true]);
    expect(count('test_selections')).toBe(KEYED_OF_300);
  }, 30_000);

  it('adds a lot by hand with a note, once', async () => {
    // The keyed draw takes M0 and passes over M1.
    expect((await enterLot({ batch: 'M0', report: true, variety: '苹果' })).testSelection).toEqual({ reason: 'keyed', untestable: false });
    const lot = await enterLot({ batch: 'M1', report: true, variety: '苹果' });
    expect(lot.testSelection).toBeNull();
    const s = await t.call('selectForTest', { raw: lot.raw, note: '气味异常' }, staff.inspector);
    expect(s).toMatchObject({ lotId: lot.lotId, reason: 'manual', note: '气味异常', score: null, p: null, verdict: null });
    expect(t.rows('select reason, note, has_report from test_selections where lot_id = ?', lot.lotId)).toEqual([{ reason: 'manual', note: '气味异常', has_report: 1 }]);
    expect((await apiError(t.call('selectForTest', { raw: lot.raw, note: '再次' }, staff.inspector))).params).toMatchObject({ reason: 'alreadySelected', selectionReason: 'manual' });
    expect(await apiError(t.call('selectForTest', { raw: gs1Scan('1', 'NOSUCH'), note: 'x' }, staff.inspector))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
  });
});

describe('rapid tests', () => {
  it('lists the items as data', async () => {
    const items = await t.call('listTestItems', {}, staff.receiver);
    expect(items.find((i) => i.id === 'opCarbamate')).toMatchObject({ kind: 'quantitative', unit: '%', threshold: 50, min: 0, max: 100, categories: ['vegetable', 'fruit'], active: true });
    expect(items.find((i) => i.id === 'clenbuterol')).toMatchObject({ kind: 'qualitative', unit: null, threshold: null, categories: ['livestock'] });
  });

  it('a negative on a no-report lot releases it to trading and closes its queue entry', async () => {
    const lot = await enterLot({ batch: 'N1', report: false });
    const r = await test(lot.raw, { value: 12.5, kitLot: 'KIT-2024-01' });
    expect(r.test).toMatchObject({
      lotId: lot.lotId,
      itemId: 'opCarbamate',
      value: 12.5,
      unit: '%',
      threshold: 50,
      verdict: 'negative',
      kitLot: 'KIT-2024-01',
      needsLabConfirmation: false,
      inspectorName: '林检测',
      reading: null,
    });
    expect(r.hold).toBeNull();
    expect(r.view.lot).toMatchObject({ status: 'admitted', zone: 'trading' });
    expect(lotRow(lot.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(await t.call('listTestQueue', { pending: true }, staff.inspector)).toEqual([]);
    expect((await t.call('listTestQueue', { pending: false }, staff.inspector)).map((q) => q.verdict)).toEqual(['negative']);
    expect((await t.call('listTests', { raw: lot.raw }, staff.receiver)).map((x) => x.id)).toEqual([r.test.id]);
  });

  it('records an invalid run only: the lot keeps waiting', async () => {
    const lot = await enterLot({ batch: 'INV', report: false });
    const r = await test(lot.raw, { invalidRun: true });
    expect(r.test.verdict).toBe('invalid');
    expect(lotRow(lot.lotId)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
    expect(count('holds')).toBe(0);
    expect((await t.call('listTestQueue', { pending: true }, staff.inspector)).map((q) => [q.lotId, q.verdict])).toEqual([[lot.lotId, 'invalid']]);
  });

  it('refuses bad readings with the rapid-test code and writes nothing', async () => {
    const lot = await enterLot({ batch: 'BAD', report: true, variety: '猪肉' });
    const before = { tests: count('rapid_tests'), selections: count('test_selections') };
    const outOfRange = await apiError(test(lot.raw, { value: 150 }));
    // 猪肉 is livestock: the pesticide item covers vegetables and fruit only.
    expect(outOfRange).toMatchObject({ code: 'badRequest', issues: [{ path: 'itemId', code: 'rapidTest.categoryNotCovered' }] });
    const cabbage = await enterLot({ batch: 'BAD2', report: true });
    const before2 = { tests: count('rapid_tests'), selections: count('test_selections') };
    expect(await apiError(test(cabbage.raw, { value: 150 }))).toMatchObject({ code: 'badRequest', issues: [{ path: 'value', code: 'rapidTest.outOfRange' }] });
    expect(await apiError(test(cabbage.raw, {}))).toMatchObject({ code: 'badRequest', issues: [{ path: 'value', code: 'rapidTest.missingValue' }] });
    expect(await apiError(test(cabbage.raw, { itemId: 'clenbuterol', reading: 'positive' }))).toMatchObject({ issues: [{ code: 'rapidTest.categoryNotCovered' }] });
    expect(await apiError(test(cabbage.raw, { itemId: 'nope', value: 1 }))).toMatchObject({ issues: [{ path: 'itemId', code: 'rapidTest.unknownItem' }] });
    expect({ tests: count('rapid_tests'), selections: count('test_selections') }).toEqual(before2);
    expect(before.tests).toBe(0);
    expect(await apiError(test(gs1Scan('1', 'NOSUCH'), { value: 60 }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownLot' } });
    expect((await apiError(test(cabbage.raw, { value: 60 }, staff.receiver))).code).toBe('forbidden');
    expect(count('rapid_tests')).toBe(0);
  });

  it('a test on a lot nobody selected records a manual selection first', async () => {
    // Held pork without a report is selected; a second, admitted pork lot may not be.
    let lot = await enterLot({ batch: 'P0', variety: '猪肉', report: true });
    for (let i = 1; lot.testSelection; i++) lot = await enterLot({ batch: `P${i}`, variety: '猪肉', report: true });
    const r = await test(lot.raw, { itemId: 'clenbuterol', reading: 'negative' });
    expect(r.test).toMatchObject({ verdict: 'negative', reading: 'negative', value: null, unit: null, threshold: null });
    expect(t.rows('select reason, note, score, p, has_report from test_selections where lot_id = ?', lot.lotId)).toEqual([{ reason: 'manual', note: null, score: null, p: null, has_report: 1 }]);
    expect(lotRow(lot.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
  });

  it('flags a positive on 韭菜 for lab confirmation and still holds it; β-agonist strips are qualitative', async () => {
    const leek = await enterLot({ batch: 'LEEK', variety: '韭菜', report: false });
    const r = await test(leek.raw, { value: 55 });
    expect(r.test).toMatchObject({ verdict: 'positive', needsLabConfirmation: true });
    expect(r.hold).toMatchObject({ reason: 'testPositive', testId: r.test.id, status: 'active' });
    expect(lotRow(leek.lotId)).toEqual({ status: 'held', zone: 'awaitingTest' });
    const pork = await enterLot({ batch: 'PORK', variety: '猪肉', report: false });
    const p = await test(pork.raw, { itemId: 'ractopamine', reading: 'positive' });
    expect(p.test).toMatchObject({ verdict: 'positive', needsLabConfirmation: false, reading: 'positive' });
    expect(p.view.lot.status).toBe('held');
  });
});

describe('holds', () => {
  let parent: Awaited<ReturnType<typeof enter>>;
  let children: string[];
  let grandchildren: string[];

  beforeEach(async () => {
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 检测室' });
    parent = await enterLot({ batch: 'TREE', report: true });
    const a = await t.call('splitLot', { parentRaw: parent.raw, quantity: 20, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
    const b = await t.call('splitLot', { parentRaw: parent.raw, quantity: 10, unit: 'kg', buyer: { name: '城东菜店' }, closing: false });
    const g1 = await t.call('splitLot', { parentRaw: a.code, quantity: 5, unit: 'kg', buyer: { name: '王阿姨' }, closing: false });
    // b is sold out: its last 10 kg went in one closing sale.
    const g2 = await t.call('splitLot', { parentRaw: b.code, quantity: 10, unit: 'kg', closing: true });
    children = [a.code, b.code];
    grandchildren = [g1.code, g2.code];
  });

  const statusOf = (code: string) => t.rows('select status, zone from lots where code_key = ?', code)[0];

  it('a positive holds the lot and every descendant everywhere; they cannot be split, relabelled or pass a scan quietly', async () => {
    const alerts = collectEvents(t, 'alert');
    const r = await test(parent.raw, { value: 62 });
    expect(r.test.verdict).toBe('positive');
    expect(lotRow(parent.lotId)).toEqual({ status: 'held', zone: 'awaitingTest' });
    // b is sold out: nothing of it is left to stop; its portion, with its buyer, is held.
    for (const code of [children[0]!, ...grandchildren]) expect(statusOf(code)).toEqual({ status: 'held', zone: 'trading' });
    expect(statusOf(children[1]!)).toEqual({ status: 'exhausted', zone: 'trading' });
    expect(alerts.events.map((e) => [e.codeKey, e.status])).toEqual([[parent.codeKey, 'held']]);
    // The prior state of every lot is kept for the release.
    expect(t.rows('select l.code_key, hl.prior_status, hl.prior_zone from hold_lots hl join lots l on l.id = hl.lot_id order by l.created_at, l.id')).toEqual([
      { code_key: parent.codeKey, prior_status: 'admitted', prior_zone: 'trading' },
      { code_key: children[0], prior_status: 'admitted', prior_zone: 'trading' },
      { code_key: grandchildren[0], prior_status: 'admitted', prior_zone: 'trading' },
      { code_key: grandchildren[1], prior_status: 'admitted', prior_zone: 'trading' },
    ]);

    for (const code of [children[0]!, ...grandchildren]) {
      expect((await apiError(t.call('splitLot', { parentRaw: code, quantity: 1, unit: 'kg', closing: false }))).params).toMatchObject({ reason: 'parentNotSellable', status: 'held' });
    }
    const jobs = await t.call('listPrintJobs', { limit: 50 });
    expect(jobs.map((j) => j.code).sort()).toEqual([...children, ...grandchildren].map((c) => codeLabel(c)).sort());
    for (const job of jobs.filter((j) => j.code !== codeLabel(children[1]!)))
      expect((await apiError(t.call('reprint', { jobId: job.id, reason: '标签破损' }))).params).toMatchObject({ reason: 'lotNotSellable', status: 'held' });

    const { view } = await t.call('lookupCode', { raw: grandchildren[0]! });
    expect(view).toMatchObject({ alert: true, lot: { status: 'held' } });
    expect(alerts.events.at(-1)).toMatchObject({ codeKey: grandchildren[0], status: 'held' });
    alerts.stop();

    const [hold] = await t.call('listHolds', { active: true }, staff.receiver);
    expect(hold).toMatchObject({ id: r.hold!.id, code: codeLabel(parent.codeKey), reason: 'testPositive', testId: r.test.id, createdByName: '林检测' });
    expect(hold!.lots.map((l) => [l.code, l.parentCode === null ? null : 'parent', l.quantity, l.buyerName, l.status, l.depth])).toEqual([
      [hold!.code, null, 100, null, 'held', 0],
      [children[0], 'parent', 20, '刘记饭店', 'held', 1],
      [children[1], 'parent', 10, '城东菜店', 'exhausted', 1],
      [grandchildren[0], 'parent', 5, '王阿姨', 'held', 2],
      [grandchildren[1], 'parent', 10, null, 'held', 2],
    ]);
    expect(hold!.lots[3]!.parentCode).toBe(children[0]);
  });

  it('a negative rapid test does not lift a positive hold; the manager release restores every prior status', async () => {
    const positive = await test(parent.raw, { value: 70 });
    await test(parent.raw, { value: 10 });
    expect(lotRow(parent.lotId)).toEqual({ status: 'held', zone: 'awaitingTest' });
    expect(statusOf(children[0]!)!.status).toBe('held');

    expect((await apiError(t.call('releaseHold', { holdId: positive.hold!.id, reason: '复检' }, staff.inspector))).code).toBe('forbidden');
    const released = await t.call('releaseHold', { holdId: positive.hold!.id, reason: '实验室复检阴性' }, staff.manager);
    expect(released).toMatchObject({ status: 'released', releaseReason: '实验室复检阴性' });
    expect(released.releasedAt).not.toBeNull();
    expect(lotRow(parent.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(statusOf(children[0]!)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(statusOf(children[1]!)).toEqual({ status: 'exhausted', zone: 'trading' });
    for (const code of grandchildren) expect(statusOf(code)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(await t.call('listHolds', { active: true }, staff.manager)).toEqual([]);
    expect((await apiError(t.call('releaseHold', { holdId: positive.hold!.id, reason: '再次' }, staff.manager))).params?.reason).toBe('holdNotActive');
    // Sellable again.
    expect((await t.call('splitLot', { parentRaw: children[0]!, quantity: 1, unit: 'kg', closing: false })).code).toHaveLength(19);
  });

  it('keeps a lot held while another active hold covers it', async () => {
    const manual = await t.call('placeHold', { raw: children[0]!, note: '买家投诉' }, staff.manager);
    expect(manual.lots.map((l) => l.code)).toEqual([children[0], grandchildren[0]]);
    expect(statusOf(children[0]!)).toEqual({ status: 'held', zone: 'awaitingTest' });
    const positive = await test(parent.raw, { value: 90 });
    // The second hold keeps the state before any hold, not 'held'.
    expect(t.rows('select prior_status, prior_zone from hold_lots where hold_id = ? and lot_id = (select id from lots where code_key = ?)', positive.hold!.id, children[0])).toEqual([
      { prior_status: 'admitted', prior_zone: 'trading' },
    ]);
    await t.call('releaseHold', { holdId: positive.hold!.id, reason: '复检阴性' }, staff.manager);
    expect(lotRow(parent.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(statusOf(children[0]!)!.status).toBe('held');
    expect(statusOf(grandchildren[0]!)!.status).toBe('held');
    expect(statusOf(children[1]!)!.status).toBe('exhausted');
    await t.call('releaseHold', { holdId: manual.id, reason: '投诉不实' }, staff.manager);
    expect(statusOf(children[0]!)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(statusOf(grandchildren[0]!)).toEqual({ status: 'admitted', zone: 'trading' });
    const all = await t.call('listHolds', { active: false }, staff.manager);
    expect(all.map((h) => [h.reason, h.status])).toEqual([
      ['testPositive', 'released'],
      ['manual', 'released'],
    ]);
    expect((await apiError(t.call('placeHold', { raw: children[0]!, note: 'x' }, staff.inspector))).code).toBe('forbidden');
  });

  const holdPayload = (holdId: string) =>
    JSON.parse(t.rows("select b.payload from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'hold' and o.id = ?", holdId)[0]!.payload as string) as {
      lots: { code: string; onHand: number }[];
    };

  it('a negative that frees nothing is followed in the upload by the state the lot keeps: sold, held — never `conformant` folded as its state', async () => {
    const testEvents = (testId: string) =>
      JSON.parse(t.rows("select b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'test' and o.id = ?", testId)[0]!.events as string) as Record<string, unknown>[];
    const onSale = await test(children[0]!, { value: 8 });
    expect(statusOf(children[0]!)!.status).toBe('admitted');
    expect(testEvents(onSale.test.id).map((e) => [e.bizStep ?? null, e.disposition, e['yp:afterTest'] ?? null])).toEqual([
      ['inspecting', 'conformant', null],
      [null, 'retail_sold', onSale.test.id],
    ]);
    await test(parent.raw, { value: 80 });
    const whileHeld = await test(parent.raw, { value: 5 });
    expect(lotRow(parent.lotId)!.status).toBe('held');
    const [, after] = testEvents(whileHeld.test.id);
    expect(after).toMatchObject({ disposition: 'non_sellable_other', 'yp:afterTest': whileHeld.test.id });
    const events = t
      .rows('select b.events from outbox o join outbox_bodies b on b.seq = o.seq where b.events is not null order by o.seq')
      .flatMap((r) => JSON.parse(r.events as string) as EpcisEvent[]);
    expect(objectStates(events).get(lotClass({ code: parent.codeKey, gtin: parent.view.lot.gtin, batch: parent.view.lot.batch }))).toMatchObject({
      disposition: 'non_sellable_other',
      persistent: ['non_sellable_other'],
    });
  });

  it('a lot sold out with 10 kg written off stays 已售罄 with nothing on hand under a hold; only its portions are held, and released', async () => {
    const lot = await enterLot({ batch: 'SOLDOUT', report: true });
    const a = await t.call('splitLot', { parentRaw: lot.raw, quantity: 30, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
    // The last sale takes 60 of the 70 kg left and closes the lot: 10 kg written off.
    const last = await t.call('splitLot', { parentRaw: lot.raw, quantity: 60, unit: 'kg', closing: true });
    const alerts = collectEvents(t, 'alert');
    const hold = await t.call('placeHold', { raw: lot.raw, note: '买家投诉' }, staff.manager);

    expect(lotRow(lot.lotId)).toEqual({ status: 'exhausted', zone: 'trading' });
    expect((await t.call('lookupCode', { raw: lot.raw })).view).toMatchObject({ remaining: 0, alert: false, lot: { status: 'exhausted' } });
    expect(hold.lots.map((l) => [l.code, l.status])).toEqual([
      [hold.code, 'exhausted'],
      [a.code, 'held'],
      [last.code, 'held'],
    ]);
    expect(t.rows('select lot_id from hold_lots where hold_id = ? order by lot_id', hold.id).map((r) => r.lot_id)).toEqual([a.child.lot.id, last.child.lot.id].sort());
    // No alert for the sold-out code: nothing of it is held.
    expect(alerts.events).toEqual([]);
    alerts.stop();
    // The upload names the lot first, with nothing on hand, then the portions with theirs.
    expect(holdPayload(hold.id).lots.map((l) => [l.code, l.onHand])).toEqual([
      [lot.codeKey, 0],
      [a.code, 30],
      [last.code, 60],
    ]);

    await t.call('releaseHold', { holdId: hold.id, reason: '投诉不实' }, staff.manager);
    expect(lotRow(lot.lotId)).toEqual({ status: 'exhausted', zone: 'trading' });
    expect([statusOf(a.code), statusOf(last.code)]).toEqual([
      { status: 'admitted', zone: 'trading' },
      { status: 'admitted', zone: 'trading' },
    ]);
  });

  it('a recalled sold-out lot under a new hold is left out of it, and a lift returns it to 已售罄, not 扣留', async () => {
    const lot = await enterLot({ batch: 'RSOLD', report: true });
    const a = await t.call('splitLot', { parentRaw: lot.raw, quantity: 95, unit: 'kg', closing: true });
    const recall = await t.call('startRecall', { scope: { kind: 'lot', raw: lot.raw }, reason: '供应商召回', source: 'supplierNotice', sourceRef: 'GYS-1' }, staff.manager);
    const positive = await test(a.code, { value: 80 });
    expect(positive.hold).not.toBeNull();
    const hold = await t.call('placeHold', { raw: lot.raw, note: '复查' }, staff.manager);
    expect(t.rows('select count(*) as n from hold_lots where lot_id = ?', lot.lotId)).toEqual([{ n: 0 }]);
    expect(t.rows('select count(*) as n from hold_lots where lot_id = ?', a.child.lot.id)).toEqual([{ n: 2 }]);
    await t.call('liftRecall', { id: recall.id, reason: '撤回' }, staff.manager);
    expect(lotRow(lot.lotId)).toEqual({ status: 'exhausted', zone: 'trading' });
    expect((await t.call('lookupCode', { raw: lot.raw })).view).toMatchObject({ remaining: 0, lot: { status: 'exhausted' } });
    // The portion was under two holds when the recall was lifted: it is held.
    expect(statusOf(a.code)!.status).toBe('held');
    await t.call('releaseHold', { holdId: hold.id, reason: '复查无误' }, staff.manager);
    expect(statusOf(a.code)!.status).toBe('held');
  });
});
