import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, type TestItemInfo, type TestSelection } from '../../../shared/contract';
import { RAPID_TEST_ERROR_CODES } from '../../../shared/domain/rapidTest';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { buyerText, itemsFor, localText, parseReading, percent, queueOrder, testingErrorText } from '../../../renderer/src/screens/testing/testingText';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', initAsync: false, interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n);
const english = i18next.createInstance();
void english.init({ resources: { en: { translation: en } }, lng: 'en', initAsync: false, interpolation: { escapeValue: false } });

const selection = (lotId: string, createdAt: string, verdict: TestSelection['verdict']): TestSelection => ({
  lotId,
  code: lotId,
  varietyName: '白菜',
  supplierName: '合作社',
  reason: 'noReport',
  note: null,
  score: null,
  p: null,
  createdAt,
  verdict,
});

describe('testing screen helpers', () => {
  it('puts waiting lots first, oldest first, then results newest first', () => {
    const q = [selection('A', '09:00', 'negative'), selection('B', '10:00', null), selection('C', '08:00', 'invalid'), selection('D', '11:00', 'positive')];
    expect(queueOrder(q).map((s) => s.lotId)).toEqual(['C', 'B', 'D', 'A']);
  });

  it('offers only the items covering the category: none when none does (never one the station refuses)', () => {
    const item = (id: string, categories: string[]) => ({ id, categories }) as TestItemInfo;
    const items = [item('op', ['vegetable', 'fruit']), item('cl', ['livestock'])];
    expect(itemsFor(items, 'vegetable').map((i) => i.id)).toEqual(['op']);
    expect(itemsFor(items, 'fruit').map((i) => i.id)).toEqual(['op']);
    expect(itemsFor(items, 'aquatic')).toEqual([]);
  });

  it('shows an item in the screen language, the Chinese when its English is empty', () => {
    expect(localText({ zh: '硼砂', en: 'Borax' }, 'en')).toBe('Borax');
    expect(localText({ zh: '硼砂', en: '' }, 'en')).toBe('硼砂');
    expect(localText({ zh: '硼砂', en: 'Borax' }, 'zh-CN')).toBe('硼砂');
  });

  it('reads a typed reading with a decimal comma or a percent sign, and nothing else', () => {
    expect(parseReading(' 62 ')).toBe(62);
    expect(parseReading('49,5')).toBe(49.5);
    expect(parseReading('55%')).toBe(55);
    for (const bad of ['', 'abc', '5x', '1.2.3']) expect(parseReading(bad)).toBeNull();
    expect(percent(0.1)).toBe('10%');
    expect(percent(2 / 15)).toBe('13.3%');
  });

  it('words the testing refusals and every rapid-test problem in Chinese', () => {
    expect(testingErrorText(t, new ApiError('conflict', 'x', { reason: 'lotDestroyed', status: 'destroyed' }))).toBe('此批次已销毁，不能检测');
    expect(testingErrorText(t, new ApiError('conflict', 'x', { reason: 'lotNotSellable', status: 'held' }))).toBe('此批次扣留，不能打印标签');
    expect(testingErrorText(t, new ApiError('notFound', 'x', { reason: 'unknownLot' }))).toBe(zhCN.refusal.unknownLot);
    expect(testingErrorText(t, new ApiError('badRequest', 'x', { reason: 'outOfRange', min: 0, max: 100 }, [{ path: 'value', code: 'rapidTest.outOfRange' }]))).toBe('读数须在 0–100 之间');
    for (const code of RAPID_TEST_ERROR_CODES) expect(Object.keys(zhCN.testing.problem)).toContain(code);
    const noItem = new ApiError('badRequest', 'x', { reason: 'noItemForCategory', categoryId: 'fruit', categoryZh: '水果', categoryEn: 'Fruit' }, [
      { path: 'itemId', code: 'rapidTest.noItemForCategory' },
    ]);
    expect(testingErrorText(t, noItem)).toBe('「水果」没有启用的检测项目，无法检测：请系统管理员添加或启用');
    expect(testingErrorText(english.t.bind(english), noItem)).toBe('No active test item covers Fruit: an administrator must add or enable one');
    expect(testingErrorText(t, new ApiError('badRequest', 'x', { reason: 'itemInactive' }, [{ path: 'itemId', code: 'rapidTest.itemInactive' }]))).toBe('此检测项目已停用，请选择其他项目');
  });
});

describe('where a held lot went', () => {
  it('names the buyer, a walk-in buyer for a portion sold without one, and the market for the lot itself', () => {
    expect(buyerText(t, { buyerName: '刘记饭店', depth: 1 })).toBe('刘记饭店');
    expect(buyerText(t, { buyerName: null, depth: 2 })).toBe('已售出（散客）');
    expect(buyerText(t, { buyerName: null, depth: 0 })).toBe('在场内');
  });
});
