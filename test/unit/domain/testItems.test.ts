import { describe, expect, it } from 'vitest';
import { TestItemInput } from '../../../shared/contract/testing';
import { DEFAULT_CATEGORIES } from '../../../shared/domain/categories';
import { judgeTest, type QuantitativeItem } from '../../../shared/domain/rapidTest';
import { categoryCoverage, DEFAULT_TEST_ITEMS } from '../../../shared/domain/testItems';

const item = (id: string) => DEFAULT_TEST_ITEMS.find((i) => i.id === id)!;
const covering = (categoryId: string) => DEFAULT_TEST_ITEMS.filter((i) => i.categoryIds.includes(categoryId)).map((i) => i.id);

describe('seeded test items', () => {
  it('cover every category that tests each lot without a report (批批检测)', () => {
    const mustTest = DEFAULT_CATEGORIES.filter((c) => c.testWithoutReport);
    expect(mustTest.length).toBeGreaterThan(0);
    for (const c of mustTest) expect({ category: c.id, items: covering(c.id).length > 0 }).toEqual({ category: c.id, items: true });
    const seeded = DEFAULT_TEST_ITEMS.map((i) => ({ categoryIds: i.categoryIds, active: true }));
    expect(categoryCoverage(DEFAULT_CATEGORIES, seeded).filter((c) => c.gap)).toEqual([]);
  });

  it('carry Chinese and English names and methods, unique ids and names, known categories', () => {
    const categoryIds = new Set(DEFAULT_CATEGORIES.map((c) => c.id));
    for (const i of DEFAULT_TEST_ITEMS) {
      for (const text of [i.name, i.method]) {
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en).toMatch(/^[A-Z]/);
      }
      for (const c of i.categoryIds) expect(categoryIds.has(c)).toBe(true);
    }
    for (const key of ['id', 'zh', 'en'] as const) {
      const values = DEFAULT_TEST_ITEMS.map((i) => (key === 'id' ? i.id : i.name[key]));
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('pass the admin form’s own validation, so a seed can be saved back unchanged', () => {
    for (const i of DEFAULT_TEST_ITEMS) {
      const q = i.kind === 'quantitative' ? i : null;
      const parsed = TestItemInput.safeParse({
        nameZh: i.name.zh,
        nameEn: i.name.en,
        methodZh: i.method.zh,
        methodEn: i.method.en,
        standard: i.standard,
        kind: i.kind,
        unit: q?.unit,
        min: q?.min ?? null,
        max: q?.max ?? null,
        positiveAtOrAbove: q?.positiveAtOrAbove ?? null,
        categoryIds: i.categoryIds,
        labAllPositives: i.labConfirm.allPositives,
        labVarietyKeys: i.labConfirm.varietyKeys,
      });
      expect({ id: i.id, ok: parsed.success, issues: parsed.error?.issues ?? [] }).toEqual({ id: i.id, ok: true, issues: [] });
    }
  });

  it('enzyme inhibition on vegetables and fruit: %, 0–100, positive from 50 (GB/T 5009.199)', () => {
    const enzyme = item('opCarbamate') as QuantitativeItem;
    expect(enzyme).toMatchObject({ kind: 'quantitative', unit: '%', min: 0, max: 100, positiveAtOrAbove: 50, standard: 'GB/T 5009.199-2003', categoryIds: ['vegetable', 'fruit'] });
    const apple = { name: '苹果', categoryId: 'fruit' };
    expect(judgeTest(enzyme, { kind: 'quantitative', value: 21, unit: '%' }, apple)).toEqual({ ok: true, value: { verdict: 'negative', needsLabConfirmation: false } });
    expect(judgeTest(enzyme, { kind: 'quantitative', value: 50, unit: '%' }, apple)).toEqual({ ok: true, value: { verdict: 'positive', needsLabConfirmation: false } });
  });

  it('the market’s tests per category', () => {
    expect(covering('livestock')).toEqual(['clenbuterol', 'ractopamine', 'salbutamol']);
    expect(covering('aquatic')).toEqual(['malachiteGreen', 'chloramphenicol', 'nitrofurans', 'formaldehyde']);
    expect(covering('poultry')).toEqual(['fluoroquinolones']);
    expect(covering('soy')).toEqual(['formaldehyde', 'sulfurDioxide', 'rongalite']);
    expect(covering('grain')).toEqual(['formaldehyde', 'sulfurDioxide', 'rongalite', 'aflatoxinB1']);
    expect(covering('oil')).toEqual(['aflatoxinB1']);
    expect(covering('fruit')).toEqual(['opCarbamate']);
    expect(covering('local')).toEqual(['formaldehyde', 'sulfurDioxide', 'rongalite', 'nitrite']);
    // Kits decide everywhere but the enzyme test and nitrite.
    expect(DEFAULT_TEST_ITEMS.filter((i) => i.kind === 'quantitative').map((i) => i.id)).toEqual(['opCarbamate', 'nitrite']);
    expect(item('nitrite')).toMatchObject({ unit: 'mg/kg', min: 0, max: 100, positiveAtOrAbove: 20 });
    expect(item('rongalite').name.zh).toContain('吊白块');
  });

  it('sends a formaldehyde positive on squid to the lab: it makes formaldehyde of its own', () => {
    const strip = item('formaldehyde');
    expect(judgeTest(strip, { kind: 'qualitative', reading: 'positive' }, { name: '鱿鱼', categoryId: 'aquatic' })).toEqual({ ok: true, value: { verdict: 'positive', needsLabConfirmation: true } });
    expect(judgeTest(strip, { kind: 'qualitative', reading: 'positive' }, { name: '豆腐', categoryId: 'soy' })).toEqual({ ok: true, value: { verdict: 'positive', needsLabConfirmation: false } });
  });
});

describe('category coverage', () => {
  const categories = [
    { id: 'fruit', testWithoutReport: true },
    { id: 'dairy', testWithoutReport: false },
  ];

  it('flags a must-test category with no active item, counts only active items', () => {
    expect(categoryCoverage(categories, [{ categoryIds: ['fruit', 'dairy'], active: false }])).toEqual([
      { categoryId: 'fruit', mustTest: true, activeItems: 0, gap: true },
      { categoryId: 'dairy', mustTest: false, activeItems: 0, gap: false },
    ]);
    expect(
      categoryCoverage(categories, [
        { categoryIds: ['fruit'], active: true },
        { categoryIds: ['fruit'], active: false },
      ])[0],
    ).toEqual({ categoryId: 'fruit', mustTest: true, activeItems: 1, gap: false });
  });
});

describe('test item input', () => {
  const quantitative = { nameZh: '亚硝酸盐', methodZh: '比色卡', kind: 'quantitative', unit: 'mg/kg', min: 0, max: 100, positiveAtOrAbove: 20, categoryIds: ['local'] } as const;
  const qualitative = { nameZh: '孔雀石绿', methodZh: '试纸条', kind: 'qualitative', categoryIds: ['aquatic'] } as const;
  const problems = (input: unknown) => {
    const r = TestItemInput.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
  };

  it('takes a quantitative item with unit, range and threshold, and a qualitative one without', () => {
    expect(TestItemInput.parse(quantitative)).toMatchObject({ unit: 'mg/kg', min: 0, max: 100, positiveAtOrAbove: 20, nameEn: '', labAllPositives: false, labVarietyKeys: [] });
    expect(TestItemInput.parse({ ...qualitative, categoryIds: ['aquatic', 'aquatic'], labVarietyKeys: [' 鱿鱼 ', '鱿鱼'] })).toMatchObject({ categoryIds: ['aquatic'], labVarietyKeys: ['鱿鱼'] });
    expect(TestItemInput.parse({ ...quantitative, positiveAtOrAbove: 100 }).positiveAtOrAbove).toBe(100);
  });

  it('names every problem at its field, all at once', () => {
    expect(problems({ ...quantitative, unit: ' ', min: null, max: undefined, positiveAtOrAbove: null })).toEqual([
      ['unit', 'unitRequired'],
      ['min', 'rangeRequired'],
      ['max', 'rangeRequired'],
      ['positiveAtOrAbove', 'thresholdRequired'],
    ]);
    expect(problems({ ...quantitative, min: 100, max: 100 })).toEqual([['max', 'rangeOrder']]);
    expect(problems({ ...quantitative, min: 10, max: 5 })).toEqual([['max', 'rangeOrder']]);
    // A threshold at the range's bottom makes every reading positive; outside it none or all.
    expect(problems({ ...quantitative, positiveAtOrAbove: 0 })).toEqual([['positiveAtOrAbove', 'thresholdOutsideRange']]);
    expect(problems({ ...quantitative, positiveAtOrAbove: 100.5 })).toEqual([['positiveAtOrAbove', 'thresholdOutsideRange']]);
    expect(problems({ ...qualitative, nameZh: '  ', methodZh: '', categoryIds: [] })).toEqual([
      ['nameZh', 'required'],
      ['methodZh', 'required'],
      ['categoryIds', 'noCategory'],
    ]);
    expect(problems({ ...qualitative, nameZh: '甲'.repeat(41), nameEn: 'a\u0007' })).toEqual([
      ['nameZh', 'tooLong'],
      ['nameEn', 'controlChars'],
    ]);
    expect(problems({ ...qualitative, labVarietyKeys: ['鱿鱼'.repeat(6)] })).toEqual([['labVarietyKeys.0', 'tooLong']]);
    expect(problems({ ...quantitative, min: Number.NaN })).toMatchObject([['min', expect.any(String)]]);
    expect(problems({ ...qualitative, active: false })).toEqual([['', expect.any(String)]]);
  });
});
