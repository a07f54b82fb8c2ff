import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { DEFAULT_TEST_ITEMS } from '../../shared/domain/testItems';
import { failedTest } from '../../electron/services/disposal/certificateData';
import { apiError, startTestCore, type TestCore } from '../support/core';
import { enter, seedTestingStaff, type TestingStaff, todayAt } from '../support/testing';

let t: TestCore;
let staff: TestingStaff;
/** The station clock: moved to closing time for the floor. */
let now: Date;
const at = todayAt;

beforeEach(async () => {
  now = at(10);
  t = await startTestCore({ now: () => now });
  staff = await seedTestingStaff(t);
});
afterEach(() => t.close());

const count = (sql: string, ...args: unknown[]) => t.rows(`select count(*) as n from ${sql}`, ...args)[0]!.n as number;
const lotRow = (id: string) => t.rows('select status, zone from lots where id = ?', id)[0];
const itemRow = (id: string) =>
  t.rows('select name_zh, kind, unit, min, max, positive_at_or_above, category_ids, lab_variety_keys, active, sort_order, updated_by from test_items where id = ?', id)[0];
const uploads = () => t.rows("select o.id, b.payload from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'testItem' order by o.seq").map((r) => JSON.parse(r.payload as string));
const test = (raw: string, input: { itemId: string; value?: number; reading?: 'positive' | 'negative' }) => t.call('recordTest', { raw, ...input }, staff.inspector);

const BORAX: Input<'saveTestItem'> = { nameZh: '硼砂', nameEn: 'Borax', methodZh: '姜黄试纸法（定性）', kind: 'qualitative', categoryIds: ['grain', 'soy'] };
const ENZYME_EDIT: Input<'saveTestItem'> = {
  id: 'opCarbamate',
  nameZh: '有机磷和氨基甲酸酯类农药',
  nameEn: 'Organophosphate and carbamate pesticides',
  methodZh: '酶抑制率法',
  methodEn: 'Enzyme inhibition',
  standard: 'GB/T 5009.199-2003',
  kind: 'quantitative',
  unit: '%',
  min: 0,
  max: 100,
  positiveAtOrAbove: 45,
  categoryIds: ['vegetable', 'fruit'],
  labVarietyKeys: ['韭', '葱'],
};

describe('seeding', () => {
  it('writes the defaults on first start only; a restart keeps the admin’s edits and disabled items', async () => {
    const listed = await t.call('listTestItems', {}, staff.inspector);
    expect(listed.map((i) => i.id)).toEqual(DEFAULT_TEST_ITEMS.map((i) => i.id));
    expect(listed.every((i) => i.active && i.updatedByName === null)).toBe(true);
    expect(itemRow('nitrite')).toMatchObject({ kind: 'quantitative', unit: 'mg/kg', min: 0, max: 100, positive_at_or_above: 20, category_ids: '["local"]', active: 1, updated_by: null });
    expect(itemRow('malachiteGreen')).toMatchObject({ kind: 'qualitative', unit: null, min: null, max: null, positive_at_or_above: null });
    // Defaults are every station's own: no upload record for them.
    expect(uploads()).toEqual([]);

    await t.call('setTestItemActive', { id: 'nitrite', active: false });
    await t.call('saveTestItem', ENZYME_EDIT);
    // Restart on the same file (t.close() would delete the folder).
    await t.core.close();
    t = await startTestCore({ dir: t.dir, now: () => now });
    expect(count('test_items')).toBe(DEFAULT_TEST_ITEMS.length);
    expect(itemRow('nitrite')).toMatchObject({ active: 0 });
    expect(itemRow('opCarbamate')).toMatchObject({ positive_at_or_above: 45, lab_variety_keys: '["韭","葱"]' });
    expect((await t.call('listTestItems', {})).map((i) => i.id)).not.toContain('nitrite');
  });
});

describe('admin edits', () => {
  it('adds an item: stored, offered for its categories, uploaded as master data in the same transaction', async () => {
    const saved = await t.call('saveTestItem', BORAX);
    expect(saved).toMatchObject({
      name: { zh: '硼砂', en: 'Borax' },
      method: { zh: '姜黄试纸法（定性）', en: '' },
      standard: null,
      kind: 'qualitative',
      unit: null,
      threshold: null,
      categories: ['grain', 'soy'],
      active: true,
      labConfirm: { allPositives: false, varietyKeys: [] },
      updatedByName: '管理员',
    });
    expect(saved.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(itemRow(saved.id)).toMatchObject({ name_zh: '硼砂', active: 1, sort_order: DEFAULT_TEST_ITEMS.length });
    expect((await t.call('listTestItems', {}, staff.inspector)).at(-1)!.id).toBe(saved.id);
    const [record] = uploads();
    expect(record).toMatchObject({ testItemId: saved.id, nameZh: '硼砂', kind: 'qualitative', unit: null, categoryIds: ['grain', 'soy'], active: true, by: { name: '管理员' } });

    // A soy lot can be tested with it at once.
    const tofu = await enter(t, { batch: 'TOFU1', variety: '豆腐', report: false });
    const r = await test(tofu.raw, { itemId: saved.id, reading: 'negative' });
    expect(r.test).toMatchObject({ itemId: saved.id, verdict: 'negative' });
    expect(lotRow(tofu.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
  });

  it('edits a threshold: the next test is judged by it and records it', async () => {
    const cabbage = await enter(t, { batch: 'CAB1', report: false });
    const edited = await t.call('saveTestItem', ENZYME_EDIT);
    expect(edited).toMatchObject({ id: 'opCarbamate', threshold: 45, active: true, updatedByName: '管理员' });
    const r = await test(cabbage.raw, { itemId: 'opCarbamate', value: 46 });
    expect(r.test).toMatchObject({ verdict: 'positive', threshold: 45 });
    expect(lotRow(cabbage.lotId)).toEqual({ status: 'held', zone: 'awaitingTest' });
    expect(uploads().map((p) => [p.testItemId, p.positiveAtOrAbove])).toEqual([['opCarbamate', 45]]);
  });

  it('refuses bad items with a code per field and writes nothing', async () => {
    const before = { items: count('test_items'), outbox: count('outbox') };
    const bad = (input: unknown) => apiError(t.call('saveTestItem', input as Input<'saveTestItem'>));
    expect(await bad({ ...BORAX, kind: 'quantitative', min: 10, max: 5 })).toMatchObject({
      code: 'badRequest',
      issues: [
        { path: 'unit', code: 'unitRequired' },
        { path: 'positiveAtOrAbove', code: 'thresholdRequired' },
        { path: 'max', code: 'rangeOrder' },
      ],
    });
    expect(await bad({ ...BORAX, categoryIds: [] })).toMatchObject({ issues: [{ path: 'categoryIds', code: 'noCategory' }] });
    expect(await bad({ ...BORAX, categoryIds: ['grain', 'pickles'] })).toMatchObject({
      code: 'badRequest',
      params: { categoryId: 'pickles' },
      issues: [{ path: 'categoryIds', code: 'unknownCategory' }],
    });
    expect(await bad({ ...BORAX, nameZh: ' 孔雀石绿 ' })).toMatchObject({ issues: [{ path: 'nameZh', code: 'nameTaken' }] });
    expect(await bad({ ...BORAX, nameEn: 'MALACHITE GREEN' })).toMatchObject({ issues: [{ path: 'nameEn', code: 'nameTaken' }] });
    expect(await bad({ ...ENZYME_EDIT, id: 'nitrite' })).toMatchObject({ issues: [{ path: 'nameZh', code: 'nameTaken' }] });
    expect(await bad({ ...BORAX, id: 'noSuchItem' })).toMatchObject({ code: 'notFound', params: { reason: 'unknownTestItem' } });
    expect(await apiError(t.call('setTestItemActive', { id: 'noSuchItem', active: false }))).toMatchObject({ code: 'notFound' });
    // Admins only; only admins see disabled items.
    expect((await apiError(t.call('saveTestItem', BORAX, staff.manager))).code).toBe('forbidden');
    expect((await apiError(t.call('setTestItemActive', { id: 'nitrite', active: false }, staff.manager))).code).toBe('forbidden');
    expect((await apiError(t.call('listTestItems', { includeInactive: true }, staff.manager))).code).toBe('forbidden');
    expect({ items: count('test_items'), outbox: count('outbox') }).toEqual(before);
    // Saving an item under its own name is no clash.
    expect((await t.call('saveTestItem', ENZYME_EDIT)).id).toBe('opCarbamate');
  });

  it('disables an item: offered nowhere, refused at the test, kept for old tests and certificates; enabled again', async () => {
    const pork = await enter(t, { batch: 'PORK1', variety: '猪肉', report: false });
    const positive = await test(pork.raw, { itemId: 'clenbuterol', reading: 'positive' });
    await t.call('saveTestItem', { nameZh: '克伦特罗（盐酸克仑特罗）', methodZh: '胶体金试纸条', kind: 'qualitative', categoryIds: ['livestock'], id: 'clenbuterol' });
    const disabled = await t.call('setTestItemActive', { id: 'clenbuterol', active: false });
    expect(disabled).toMatchObject({ id: 'clenbuterol', active: false });
    expect((await t.call('listTestItems', {}, staff.inspector)).map((i) => i.id)).not.toContain('clenbuterol');
    expect((await t.call('listTestItems', { includeInactive: true })).find((i) => i.id === 'clenbuterol')).toMatchObject({ active: false });
    expect(await apiError(test(pork.raw, { itemId: 'clenbuterol', reading: 'negative' }))).toMatchObject({ code: 'badRequest', issues: [{ path: 'itemId', code: 'rapidTest.itemInactive' }] });
    expect((await t.call('listTests', { raw: pork.raw }, staff.inspector)).map((x) => [x.id, x.itemId])).toEqual([[positive.test.id, 'clenbuterol']]);
    // The disposal certificate names the item as the admin now calls it.
    const db = new Database(join(t.dir, 'station.db'), { readonly: true });
    try {
      expect(failedTest(db, pork.lotId, null)?.item).toBe('克伦特罗（盐酸克仑特罗）');
    } finally {
      db.close();
    }
    expect(uploads().map((p) => [p.testItemId, p.active])).toEqual([
      ['clenbuterol', true],
      ['clenbuterol', false],
    ]);
    // Switching to the state it already has writes nothing.
    await t.call('setTestItemActive', { id: 'clenbuterol', active: false });
    expect(uploads()).toHaveLength(2);
    await t.call('setTestItemActive', { id: 'clenbuterol', active: true });
    expect((await t.call('listTestItems', {}, staff.inspector)).map((i) => i.id)).toContain('clenbuterol');
  });
});

describe('testing by category', () => {
  it('a fruit lot without a report is tested with the pesticide item: negative → released to trading', async () => {
    const apple = await enter(t, { batch: 'APPLE1', variety: '苹果', report: false });
    expect(apple.testSelection).toEqual({ reason: 'noReport', untestable: false });
    expect(lotRow(apple.lotId)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
    const r = await test(apple.raw, { itemId: 'opCarbamate', value: 21.5 });
    expect(r.test).toMatchObject({ itemId: 'opCarbamate', verdict: 'negative', value: 21.5, unit: '%', threshold: 50 });
    expect(r.view.lot).toMatchObject({ status: 'admitted', zone: 'trading' });
    expect(lotRow(apple.lotId)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(t.rows('select item_id, verdict, value from rapid_tests where lot_id = ?', apple.lotId)).toEqual([{ item_id: 'opCarbamate', verdict: 'negative', value: 21.5 }]);
  });

  it('refuses an item of another category and writes nothing', async () => {
    const apple = await enter(t, { batch: 'APPLE2', variety: '苹果', report: false });
    expect(await apiError(test(apple.raw, { itemId: 'clenbuterol', reading: 'negative' }))).toMatchObject({ code: 'badRequest', issues: [{ path: 'itemId', code: 'rapidTest.categoryNotCovered' }] });
    expect(await apiError(test(apple.raw, { itemId: 'malachiteGreen', reading: 'negative' }))).toMatchObject({ issues: [{ code: 'rapidTest.categoryNotCovered' }] });
    expect(count('rapid_tests')).toBe(0);
    expect(lotRow(apple.lotId)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
  });

  it('every seeded category that must be tested can be: fish, chicken, tofu and rice pass their own tests', async () => {
    for (const [variety, itemId] of [
      ['鲈鱼', 'malachiteGreen'],
      ['鸡', 'fluoroquinolones'],
      ['豆腐', 'rongalite'],
      ['大米', 'aflatoxinB1'],
    ] as const) {
      const lot = await enter(t, { batch: `C-${itemId}`, variety, report: false });
      expect(lotRow(lot.lotId)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
      expect((await test(lot.raw, { itemId, reading: 'negative' })).view.lot.status).toBe('admitted');
    }
    expect((await t.call('testItemCoverage', {}, staff.inspector)).filter((c) => c.gap)).toEqual([]);
  });

  it('a category without an active item: flagged, refused at the test and in the queue with its name, never sampled', async () => {
    await t.call('setTestItemActive', { id: 'opCarbamate', active: false });
    const coverage = await t.call('testItemCoverage', {}, staff.inspector);
    expect(coverage.filter((c) => c.gap).map((c) => [c.categoryId, c.nameZh, c.activeItems])).toEqual([
      ['fruit', '水果', 0],
      ['vegetable', '蔬菜', 0],
    ]);
    expect(coverage.find((c) => c.categoryId === 'dairy')).toMatchObject({ mustTest: false, activeItems: 0, gap: false });

    // Still held for 批批检测 at the gate (the rule stands), but the test says why it cannot be done.
    const apple = await enter(t, { batch: 'GAP1', variety: '苹果', report: false });
    expect(lotRow(apple.lotId)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
    // …and the gate says so at once: no dead end found only in the testing room.
    expect(apple.testSelection).toEqual({ reason: 'noReport', untestable: true });
    for (const itemId of ['opCarbamate', 'clenbuterol']) {
      expect(await apiError(test(apple.raw, { itemId, value: 10, reading: 'negative' }))).toMatchObject({
        code: 'badRequest',
        params: { reason: 'noItemForCategory', categoryId: 'fruit', categoryZh: '水果', categoryEn: 'Fruit' },
        issues: [{ path: 'itemId', code: 'rapidTest.noItemForCategory' }],
      });
    }
    // Report lots: the sampler and the floor pass over them, a hand-picked one is refused.
    for (let i = 0; i < 40; i++) expect((await enter(t, { batch: `GAPR${i}`, variety: '苹果', report: true })).testSelection).toBeNull();
    now = at(17, 45);
    expect(await t.call('applySamplingFloor', {}, staff.manager)).toEqual([]);
    const handPicked = await enter(t, { batch: 'GAPM', variety: '苹果', report: true });
    expect(await apiError(t.call('selectForTest', { raw: handPicked.raw, note: '气味异常' }, staff.inspector))).toMatchObject({ params: { reason: 'noItemForCategory', categoryZh: '水果' } });
    expect(t.rows('select reason from test_selections join lots l on l.id = lot_id where l.id <> ?', apple.lotId)).toEqual([]);
    expect(count('rapid_tests')).toBe(0);

    // The admin enables it again: the waiting lot is tested and released.
    await t.call('setTestItemActive', { id: 'opCarbamate', active: true });
    expect((await t.call('testItemCoverage', {}, staff.inspector)).some((c) => c.gap)).toBe(false);
    expect((await test(apple.raw, { itemId: 'opCarbamate', value: 12 })).view.lot).toMatchObject({ status: 'admitted', zone: 'trading' });
  });
});
