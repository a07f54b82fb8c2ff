import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { DEFAULT_CATEGORIES } from '../../shared/domain/categories';
import { DEFAULT_SAMPLING_CONFIG, type SamplingConfig } from '../../shared/domain/sampling';
import { apiError, startTestCore, type TestCore } from '../support/core';
import { enter, FIXED_DAY, fixedDayAt, seedTestingStaff, type TestingStaff } from '../support/testing';

let t: TestCore;
let staff: TestingStaff;
/** The station clock: 10:00 on a fixed day unless a test moves it. */
let now: Date;
const at = fixedDayAt;

/** A fixed secret, seeded record ids and a fixed day: the keyed draw picks the same lots every run. */
async function start(sampling?: Partial<SamplingConfig>) {
  t = await startTestCore({ now: () => now, sampling, deterministic: { seed: 7, samplingSecret: 'station-0042-sampling-secret-for-tests' } });
  staff = await seedTestingStaff(t);
}
/** A lot entered on the station's day (its certificates issued that day). */
const enterLot = (o: Omit<Parameters<typeof enter>[1], 'day'>) => enter(t, { ...o, day: FIXED_DAY });

beforeEach(() => {
  now = at(10);
});
afterEach(() => t.close());

/** The rules as the 检测 screen sends them: everything, today's defaults unless overridden. */
const rules = (patch: Partial<Input<'saveSamplingSettings'>> = {}): Input<'saveSamplingSettings'> => ({
  targetRate: DEFAULT_SAMPLING_CONFIG.targetRate,
  closingTime: DEFAULT_SAMPLING_CONFIG.closingTime,
  floorMinutesBeforeClose: DEFAULT_SAMPLING_CONFIG.floorMinutesBeforeClose,
  newSupplierLots: DEFAULT_SAMPLING_CONFIG.newSupplierLots,
  categoryRisk: {},
  ...patch,
});
const settingsRows = () => t.rows("select key, value, updated_at, updated_by from settings where key = 'sampling'");
const selections = () => t.rows('select lot_id, reason, score, p from test_selections order by created_at, id');
const pOf = (lotIds: string[]) => {
  const ids = new Set(lotIds);
  return selections().filter((r) => ids.has(r.lot_id) && r.reason === 'keyed');
};

/** How many lots of each group the keyed draw picks on this station (fixed secret, ids and day). */
const KEYED = { fruitBefore: 9, vegBefore: 14, fruitAfter: 28, vegAfter: 12 };

describe('sampling settings', () => {
  it('shows the defaults until a manager saves, then the saved rules with who and when', async () => {
    await start();
    const before = await t.call('getSamplingSettings', {}, staff.receiver);
    expect(before).toMatchObject({ targetRate: 0.1, closingTime: '18:00', floorMinutesBeforeClose: 30, newSupplierLots: 5, updatedAt: null, updatedByName: null });
    // Every catalog category, with its suggested level.
    expect(Object.keys(before.categoryRisk).sort()).toEqual(DEFAULT_CATEGORIES.map((c) => c.id).sort());
    expect(before.categoryRisk).toMatchObject({ vegetable: 'high', livestock: 'high', fruit: 'normal', dairy: 'normal' });
    expect(settingsRows()).toEqual([]);

    const saved = await t.call(
      'saveSamplingSettings',
      rules({ targetRate: 0.15, closingTime: '17:30', floorMinutesBeforeClose: 45, newSupplierLots: 3, categoryRisk: { fruit: 'low' } }),
      staff.manager,
    );
    expect(saved).toMatchObject({ targetRate: 0.15, closingTime: '17:30', floorMinutesBeforeClose: 45, newSupplierLots: 3, updatedByName: '王经理' });
    // A category left out keeps its default level.
    expect(saved.categoryRisk).toMatchObject({ fruit: 'low', vegetable: 'high', livestock: 'high', dairy: 'normal' });
    expect(saved.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T10:00/);
    expect(await t.call('getSamplingSettings', {}, staff.inspector)).toEqual(saved);
    const [row] = settingsRows();
    expect(JSON.parse(row!.value)).toEqual({ targetRate: 0.15, closingTime: '17:30', floorMinutesBeforeClose: 45, newSupplierLots: 3, categoryRisk: { fruit: 'low' } });
    const manager = (await t.call('listOperators', {})).find((o) => o.name === '王经理')!;
    expect(row!.updated_by).toBe(manager.id);
    // Admins pass every role check.
    expect((await t.call('saveSamplingSettings', rules({ targetRate: 0.12 }))).updatedByName).toBe('管理员');
  });

  it('reads start options the screen could not set (they are code, not settings)', async () => {
    await start({ targetRate: 0.125, floorMinutesBeforeClose: 300 });
    expect(await t.call('getSamplingSettings', {}, staff.inspector)).toMatchObject({ targetRate: 0.125, floorMinutesBeforeClose: 300, updatedAt: null });
    expect((await t.call('samplingStatus', {}, staff.inspector)).targetRate).toBe(0.125);
  });

  it('saving 20% makes samplingStatus report 0.2 and the floor picks the new shortfall', async () => {
    // Chance switched off (baseFactor 0, a start option): only the floor picks.
    await start({ baseFactor: 0 });
    for (let i = 0; i < 10; i++) await enterLot({ batch: `A${i}`, report: true, variety: '苹果' });
    expect(await t.call('samplingStatus', {}, staff.inspector)).toMatchObject({ targetRate: 0.1, reportLots: 10, sampledReportLots: 0, shortfall: 1 });

    await t.call('saveSamplingSettings', rules({ targetRate: 0.2 }), staff.manager);
    expect(await t.call('samplingStatus', {}, staff.inspector)).toMatchObject({ targetRate: 0.2, reportLots: 10, sampledReportLots: 0, shortfall: 2 });
    expect((await t.call('getSamplingSettings', {}, staff.manager)).targetRate).toBe(0.2);
    const picks = await t.call('applySamplingFloor', {}, staff.manager);
    expect(picks.map((p) => p.reason)).toEqual(['floor', 'floor']);
    expect((await t.call('samplingStatus', {}, staff.manager)).shortfall).toBe(0);
  });

  it('counts market days cut at the day start, as the 日报 does: an entry before it belongs to the day before', async () => {
    // An overnight market: 06:00 to 05:55 the next morning, the floor on from 05:25.
    await start({ baseFactor: 0, dayStart: '06:00', closingTime: '05:55' });
    now = at(5, 10);
    for (let i = 0; i < 10; i++) await enterLot({ batch: `N${i}`, report: true, variety: '苹果' });
    // 05:10 on the 10th is still the market day of the 9th.
    expect(await t.call('samplingStatus', {}, staff.inspector)).toMatchObject({ day: '2026-03-09', reportLots: 10, shortfall: 1, floorActive: false });
    expect(await t.call('samplingStatus', { day: FIXED_DAY }, staff.inspector)).toMatchObject({ reportLots: 0, shortfall: 0 });
    const [pick] = await t.call('applySamplingFloor', {}, staff.manager);
    expect(t.rows('select day, reason from test_selections')).toEqual([{ day: '2026-03-09', reason: 'floor' }]);
    expect(pick.lotId).toBeTruthy();

    now = at(6, 5);
    for (let i = 0; i < 3; i++) await enterLot({ batch: `M${i}`, report: true, variety: '苹果' });
    expect(await t.call('samplingStatus', {}, staff.inspector)).toMatchObject({ day: FIXED_DAY, reportLots: 3, sampledReportLots: 0 });
    expect(await t.call('samplingStatus', { day: '2026-03-09' }, staff.inspector)).toMatchObject({ reportLots: 10, sampledReportLots: 1, shortfall: 0 });
    // The queue is the market day's too.
    expect((await t.call('listTestQueue', { day: '2026-03-09' }, staff.inspector)).map((s) => s.lotId)).toEqual([pick.lotId]);
  });

  it('a new closing time and target apply to the next entries, not to lots already decided', async () => {
    await start({ baseFactor: 0 });
    // 10:00 with closing at 18:00: no floor yet, nothing picked.
    const early: Awaited<ReturnType<typeof enter>>[] = [];
    for (let i = 0; i < 5; i++) early.push(await enterLot({ batch: `B${i}`, report: true, variety: '苹果' }));
    expect(early.map((l) => l.testSelection)).toEqual([null, null, null, null, null]);
    expect((await t.call('samplingStatus', {}, staff.inspector)).floorActive).toBe(false);

    // Closing at 10:30 with a 30-minute floor window: the floor is on from now.
    await t.call('saveSamplingSettings', rules({ targetRate: 0.2, closingTime: '10:30', floorMinutesBeforeClose: 30 }), staff.manager);
    expect(await t.call('samplingStatus', {}, staff.inspector)).toMatchObject({ floorActive: true, targetRate: 0.2, shortfall: 1 });
    const later: Awaited<ReturnType<typeof enter>>[] = [];
    for (let i = 0; i < 15; i++) later.push(await enterLot({ batch: `C${i}`, report: true, variety: '苹果' }));
    const s = await t.call('samplingStatus', {}, staff.inspector);
    // 20 report lots at 20 %: 4 tested (at the old 10 % it would have been 2), all from the later lots.
    expect(s).toMatchObject({ reportLots: 20, sampledReportLots: 4, shortfall: 0 });
    const rows = selections();
    expect(rows.map((r) => r.reason)).toEqual(['floor', 'floor', 'floor', 'floor']);
    expect(rows.every((r) => later.some((l) => l.lotId === r.lot_id))).toBe(true);
    expect(early.every((l) => !rows.some((r) => r.lot_id === l.lotId))).toBe(true);
  });

  it('a category risk change changes p for the next keyed decisions and leaves recorded p alone', async () => {
    // baseFactor 2.5 from the start options: p = 0.25 × weight, so keyed picks are frequent.
    await start({ baseFactor: 2.5 });
    // The supplier's first five lots count as new (×2): past them, the weight is the category's alone.
    for (let i = 0; i < 5; i++) await enterLot({ batch: `W${i}`, report: true, variety: '苹果' });
    const fruitBefore: string[] = [];
    const vegBefore: string[] = [];
    for (let i = 0; i < 60; i++) fruitBefore.push((await enterLot({ batch: `F${i}`, report: true, variety: '苹果' })).lotId);
    for (let i = 0; i < 30; i++) vegBefore.push((await enterLot({ batch: `V${i}`, report: true, variety: '白菜' })).lotId);
    const recorded = selections();
    // Before: fruit p = 0.25 × 1, vegetable 0.25 × 2.
    expect(pOf(fruitBefore).map((r) => r.p)).toEqual(Array(KEYED.fruitBefore).fill(0.25));
    expect(pOf(vegBefore).map((r) => r.p)).toEqual(Array(KEYED.vegBefore).fill(0.5));

    await t.call('saveSamplingSettings', rules({ categoryRisk: { fruit: 'high', vegetable: 'low' } }), staff.manager);
    const fruitAfter: string[] = [];
    const vegAfter: string[] = [];
    for (let i = 0; i < 60; i++) fruitAfter.push((await enterLot({ batch: `FA${i}`, report: true, variety: '苹果' })).lotId);
    for (let i = 0; i < 60; i++) vegAfter.push((await enterLot({ batch: `VA${i}`, report: true, variety: '白菜' })).lotId);
    // After: fruit high (×2) = 0.5, vegetable low (×0.8) = 0.2.
    expect(pOf(fruitAfter).map((r) => r.p)).toEqual(Array(KEYED.fruitAfter).fill(0.5));
    expect(pOf(vegAfter).map((r) => r.p)).toEqual(Array(KEYED.vegAfter).fill(0.2));
    for (const r of [...pOf(fruitAfter), ...pOf(vegAfter)]) expect(r.score).toBeLessThan(r.p);
    // Rows written before the change keep their p.
    expect(selections().slice(0, recorded.length)).toEqual(recorded);
  }, 30_000);

  it('refuses bad input with badRequest and changes nothing', async () => {
    await start();
    const good = await t.call('saveSamplingSettings', rules({ targetRate: 0.12, categoryRisk: { fruit: 'high' } }), staff.manager);
    const stored = settingsRows();
    const bad: [Partial<Input<'saveSamplingSettings'>> | Record<string, unknown>, string][] = [
      [{ targetRate: 0 }, 'targetRate'],
      [{ targetRate: 1.5 }, 'targetRate'],
      [{ targetRate: 0.125 }, 'targetRate'],
      [{ closingTime: '25:00' }, 'closingTime'],
      [{ closingTime: '6:00' }, 'closingTime'],
      [{ floorMinutesBeforeClose: 241 }, 'floorMinutesBeforeClose'],
      [{ floorMinutesBeforeClose: -1 }, 'floorMinutesBeforeClose'],
      [{ floorMinutesBeforeClose: 2.5 }, 'floorMinutesBeforeClose'],
      [{ newSupplierLots: 101 }, 'newSupplierLots'],
      [{ categoryRisk: { vegetable: 'extreme' } }, 'categoryRisk.vegetable'],
      [{ categoryRisk: { nosuch: 'high' } }, 'categoryRisk.nosuch'],
    ];
    for (const [patch, path] of bad) {
      const error = await apiError(t.call('saveSamplingSettings', { ...rules(), ...patch } as Input<'saveSamplingSettings'>, staff.manager));
      expect(error.code, JSON.stringify(patch)).toBe('badRequest');
      expect(
        error.issues?.map((i) => i.path),
        JSON.stringify(patch),
      ).toContain(path);
    }
    expect((await apiError(t.call('saveSamplingSettings', { ...rules(), targetRate: 0.125 }, staff.manager))).issues).toEqual([{ path: 'targetRate', code: 'percentStep' }]);
    expect((await apiError(t.call('saveSamplingSettings', { ...rules(), categoryRisk: { nosuch: 'high' } }, staff.manager))).issues).toEqual([
      { path: 'categoryRisk.nosuch', code: 'unknownCategory' },
    ]);
    // Weights are not settings: a caller cannot slip one in.
    expect((await apiError(t.call('saveSamplingSettings', { ...rules(), baseFactor: 0 } as Input<'saveSamplingSettings'>, staff.manager))).code).toBe('badRequest');
    expect(settingsRows()).toEqual(stored);
    expect(await t.call('getSamplingSettings', {}, staff.manager)).toEqual(good);
    expect((await t.call('samplingStatus', {}, staff.manager)).targetRate).toBe(0.12);
  });

  it('lets only a manager or an admin save; everyone signed in may read', async () => {
    await start();
    for (const session of [staff.receiver, staff.inspector]) {
      expect((await apiError(t.call('saveSamplingSettings', rules({ targetRate: 0.5 }), session))).code).toBe('forbidden');
      expect((await t.call('getSamplingSettings', {}, session)).targetRate).toBe(0.1);
    }
    const vendor = await t.call('createOperator', { name: '陈摊主', role: 'vendor', pin: '5791' });
    const vendorSession = (await t.call('signIn', { operatorId: vendor.id, pin: '5791' })).sessionId;
    expect((await apiError(t.call('saveSamplingSettings', rules({ targetRate: 0.5 }), vendorSession))).code).toBe('forbidden');
    expect((await apiError(t.call('getSamplingSettings', {}, 'no-session'))).code).toBe('notSignedIn');
    expect(settingsRows()).toEqual([]);
    expect((await t.call('samplingStatus', {}, staff.manager)).targetRate).toBe(0.1);
  });

  it('keeps the saved rules across a restart, on top of the start options', async () => {
    // The admin alone (startTestCore signs in the first operator by name): admins pass every role check.
    const options = { baseFactor: 0, closingTime: '20:00' };
    t = await startTestCore({ now: () => now, sampling: options });
    expect((await t.call('samplingStatus', {})).floorActive).toBe(false);
    await t.call('saveSamplingSettings', rules({ targetRate: 0.3, closingTime: '10:15', floorMinutesBeforeClose: 20 }));
    t.core.close();
    t = await startTestCore({ dir: t.dir, now: () => now, sampling: options });
    expect(await t.call('getSamplingSettings', {})).toMatchObject({ targetRate: 0.3, closingTime: '10:15', floorMinutesBeforeClose: 20, updatedByName: '管理员' });
    // The saved closing time wins over the start option's 20:00: the floor is on at 10:00.
    expect(await t.call('samplingStatus', {})).toMatchObject({ targetRate: 0.3, floorActive: true });
    // The start option's baseFactor 0 still holds (no keyed pick is possible): the floor takes the lot.
    expect((await enterLot({ batch: 'R1', report: true, variety: '苹果' })).testSelection).toEqual({ reason: 'floor', untestable: false });
  });
});
