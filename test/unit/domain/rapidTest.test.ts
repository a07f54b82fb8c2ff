import { describe, expect, it } from 'vitest';
import { RAPID_TEST_ERROR_CODES, judgeTest, type Measurement, type QualitativeItem, type QuantitativeItem, type TestedVariety } from '../../../shared/domain/rapidTest';
import { DEFAULT_TEST_ITEMS } from '../../../shared/domain/testItems';

const item = (id: string) => DEFAULT_TEST_ITEMS.find((i) => i.id === id)!;
const ENZYME = item('opCarbamate') as QuantitativeItem;
const CABBAGE: TestedVariety = { name: '白菜', categoryId: 'vegetable' };
const PORK: TestedVariety = { name: '猪肉', categoryId: 'livestock' };
const pct = (value: number): Measurement => ({ kind: 'quantitative', value, unit: '%' });
const ok = (verdict: string, needsLabConfirmation = false) => ({ ok: true, value: { verdict, needsLabConfirmation } });

describe('judgeTest: enzyme inhibition', () => {
  it('is negative below 50% and positive from 50% on', () => {
    expect(judgeTest(ENZYME, pct(0), CABBAGE)).toEqual(ok('negative'));
    expect(judgeTest(ENZYME, pct(49.9), CABBAGE)).toEqual(ok('negative'));
    expect(judgeTest(ENZYME, pct(49.999), CABBAGE)).toEqual(ok('negative'));
    expect(judgeTest(ENZYME, pct(50), CABBAGE)).toEqual(ok('positive'));
    expect(judgeTest(ENZYME, pct(100), CABBAGE)).toEqual(ok('positive'));
  });

  it('flags positives on false-positive-prone varieties for lab confirmation', () => {
    for (const name of ['韭菜', '洋葱', '大葱', '大蒜', '蒜苗', '茭白', '香菇', '番茄', '西红柿', '芹菜']) {
      expect(judgeTest(ENZYME, pct(62), { name, categoryId: 'vegetable' })).toEqual(ok('positive', true));
      expect(judgeTest(ENZYME, pct(20), { name, categoryId: 'vegetable' })).toEqual(ok('negative'));
    }
    expect(judgeTest(ENZYME, pct(50), { name: ' 韭菜 ' })).toEqual(ok('positive', true));
    expect(judgeTest(ENZYME, pct(62), { name: '菠菜', categoryId: 'vegetable' })).toEqual(ok('positive'));
  });

  it("takes the caller's variety flag over the name match", () => {
    expect(judgeTest(ENZYME, pct(62), { name: '菠菜', falsePositiveProne: true })).toEqual(ok('positive', true));
    expect(judgeTest(ENZYME, pct(62), { name: '韭菜', falsePositiveProne: false })).toEqual(ok('positive'));
  });

  it('sends every positive to the lab when the item says so', () => {
    const strict: QuantitativeItem = { ...ENZYME, labConfirm: { ...ENZYME.labConfirm, allPositives: true } };
    expect(judgeTest(strict, pct(62), CABBAGE)).toEqual(ok('positive', true));
    expect(judgeTest(strict, pct(12), CABBAGE)).toEqual(ok('negative'));
  });

  it('answers bad input with error codes', () => {
    expect(judgeTest(ENZYME, { kind: 'quantitative', value: 60, unit: 'mg/kg' }, CABBAGE)).toEqual({
      ok: false,
      error: { code: 'unitMismatch', params: { expected: '%', got: 'mg/kg' } },
    });
    expect(judgeTest(ENZYME, pct(-0.1), CABBAGE)).toEqual({ ok: false, error: { code: 'outOfRange', params: { min: 0, max: 100 } } });
    expect(judgeTest(ENZYME, pct(100.1), CABBAGE)).toMatchObject({ ok: false, error: { code: 'outOfRange' } });
    expect(judgeTest(ENZYME, pct(NaN), CABBAGE)).toEqual({ ok: false, error: { code: 'notANumber' } });
    expect(judgeTest(ENZYME, pct(Infinity), CABBAGE)).toEqual({ ok: false, error: { code: 'notANumber' } });
    expect(judgeTest(ENZYME, { kind: 'qualitative', reading: 'positive' }, CABBAGE)).toEqual({
      ok: false,
      error: { code: 'kindMismatch', params: { expected: 'quantitative' } },
    });
    expect(judgeTest(ENZYME, pct(62), PORK)).toEqual({ ok: false, error: { code: 'categoryNotCovered', params: { categoryId: 'livestock' } } });
    const codes: readonly string[] = RAPID_TEST_ERROR_CODES;
    for (const m of [pct(NaN), pct(-1), { kind: 'quantitative', value: 1, unit: '‰' } as Measurement]) {
      const res = judgeTest(ENZYME, m, CABBAGE);
      expect(res.ok || codes.includes(res.error.code)).toBe(true);
    }
  });

  it('reports a run that failed its control as invalid', () => {
    expect(judgeTest(ENZYME, { kind: 'invalid' }, { name: '韭菜' })).toEqual(ok('invalid'));
  });
});

describe('judgeTest: β-agonist strips', () => {
  const CLEN = item('clenbuterol') as QualitativeItem;

  it('reads positive, negative and invalid strips', () => {
    expect(judgeTest(CLEN, { kind: 'qualitative', reading: 'negative' }, PORK)).toEqual(ok('negative'));
    expect(judgeTest(CLEN, { kind: 'qualitative', reading: 'positive' }, PORK)).toEqual(ok('positive'));
    expect(judgeTest(CLEN, { kind: 'invalid' }, PORK)).toEqual(ok('invalid'));
  });

  it('refuses a numeric reading and other categories', () => {
    expect(judgeTest(CLEN, pct(60), PORK)).toEqual({ ok: false, error: { code: 'kindMismatch', params: { expected: 'qualitative' } } });
    expect(judgeTest(CLEN, { kind: 'qualitative', reading: 'positive' }, CABBAGE)).toMatchObject({ ok: false, error: { code: 'categoryNotCovered' } });
  });

  it('does not flag strip positives for the lab unless configured', () => {
    const strict: QualitativeItem = { ...CLEN, labConfirm: { allPositives: true, varietyKeys: [] } };
    expect(judgeTest(strict, { kind: 'qualitative', reading: 'positive' }, PORK)).toEqual(ok('positive', true));
  });
});
