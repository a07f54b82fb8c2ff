import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, LabelCheck } from '../../../shared/contract';
import { usccCheckChar } from '../../../shared/domain/uscc';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { amountText, groupedCode } from '../../../renderer/src/format/codeText';
import { emptyPortion, parseQuantity, splitInput, yuanToFen } from '../../../renderer/src/screens/counter/portion';
import { errorText } from '../../../renderer/src/i18n';
import { notWeighedText, weighing } from '../../../renderer/src/components/scale/useLiveWeight';

describe('groupedCode', () => {
  it('reads an own code as station id, then fours', () => {
    expect(groupedCode('3050102000000000017')).toBe('3050102 0000 0000 0017');
  });

  it('leaves other codes as they are', () => {
    for (const code of ['(01)06901234567892(10)A1', 'FJ1234567890', '30501020000000000171']) expect(groupedCode(code)).toBe(code);
  });
});

describe('parseQuantity', () => {
  it('takes kilograms to 3 decimals, with a comma or a point', () => {
    expect(parseQuantity('2.35', 'kg')).toBe(2.35);
    expect(parseQuantity(' 2,355 ', 'kg')).toBe(2.355);
    expect(parseQuantity('12', 'kg')).toBe(12);
  });

  it('refuses more decimals than the scale has, zero, signs and text', () => {
    for (const text of ['2.3555', '0', '0.000', '-1', '1e3', 'abc', '', '.5']) expect(parseQuantity(text, 'kg'), text).toBeNull();
  });

  it('counts pieces, heads and boxes in whole numbers', () => {
    expect(parseQuantity('3', 'box')).toBe(3);
    expect(parseQuantity('1.5', 'piece')).toBeNull();
  });

  it('reads a weight typed in 斤 (2 decimals, 5 g) as exact kilograms', () => {
    expect(parseQuantity('4.71', 'kg', true)).toBe(2.355);
    expect(parseQuantity('3', 'kg', true)).toBe(1.5);
    expect(parseQuantity('4.715', 'kg', true)).toBeNull();
    // 斤 is for weights only.
    expect(parseQuantity('3', 'box', true)).toBe(3);
  });
});

describe('yuanToFen', () => {
  it('converts exactly, without float rounding', () => {
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('19,99')).toBe(1999);
    expect(yuanToFen('7')).toBe(700);
    expect(yuanToFen('9999999.99')).toBe(999_999_999);
  });

  it('refuses fractions of a fen and non-amounts', () => {
    for (const text of ['1.234', '-1', '¥5', '', '1.']) expect(yuanToFen(text), text).toBeNull();
  });
});

describe('splitInput', () => {
  const uscc17 = '91350102MA31ABCD1';
  const uscc = uscc17 + usccCheckChar(uscc17);

  it('sends only what was filled in, the price in fen and the credit code in capitals', () => {
    const draft = { ...emptyPortion(), quantity: '2.35', buyerName: ' 张三 ', buyerUscc: uscc.toLowerCase(), price: '23.5', closing: true };
    expect(splitInput('RAW', 'kg', draft)).toEqual({
      input: { parentRaw: 'RAW', quantity: 2.35, unit: 'kg', buyer: { name: '张三', uscc }, priceFen: 2350, closing: true },
    });
    expect(splitInput('RAW', 'kg', { ...emptyPortion(), quantity: '1' })).toEqual({ input: { parentRaw: 'RAW', quantity: 1, unit: 'kg', closing: false } });
  });

  it('weighs in 斤: kilograms sent, 斤 asked for on the label', () => {
    expect(splitInput('RAW', 'kg', { ...emptyPortion(), quantity: '4.7' }, true)).toEqual({ input: { parentRaw: 'RAW', quantity: 2.35, unit: 'kg', displayUnit: 'jin', closing: false } });
    expect(splitInput('RAW', 'kg', { ...emptyPortion(), quantity: '4.705' }, true)).toEqual({ problems: ['counter.problem.quantityJin'] });
    expect(splitInput('RAW', 'piece', { ...emptyPortion(), quantity: '4' }, true)).toEqual({ input: { parentRaw: 'RAW', quantity: 4, unit: 'piece', closing: false } });
  });

  it('names every problem and builds nothing', () => {
    const draft = { ...emptyPortion(), quantity: '1.5', buyerUscc: uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0'), buyerPhone: '12', price: '1.234' };
    expect(splitInput('RAW', 'piece', draft)).toEqual({ problems: ['counter.problem.quantityCount', 'uscc.checkChar', 'counter.problem.phone', 'counter.problem.price'] });
  });
});

describe('amountText', () => {
  it('shows kilograms with 3 decimals and counts whole', () => {
    expect(amountText(7.65, 'kg')).toBe('7.650');
    expect(amountText(4, 'head')).toBe('4');
  });
});

describe('translations for split sale and label checks', () => {
  it('name every label-check problem and every label scan problem', () => {
    for (const problem of LabelCheck.shape.problem.unwrap().options) expect(zhCN.labelProblem[problem], problem).toBeTruthy();
    for (const problem of ['notOurs', 'malformed', 'badCode'] as const) expect(zhCN.scanError.label[problem], problem).toBeTruthy();
  });
});

describe('errorText', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
  const t = i18n.t.bind(i18n);

  it('says how much is left after an over-split, in the lot unit', () => {
    expect(errorText(t, new ApiError('conflict', 'x', { reason: 'overSplit', remaining: 7.65 }), 'kg')).toBe('超过剩余数量：此批次只剩 7.650 公斤，未出码');
  });

  it('names the status of a lot that may not be sold and the unit of a mismatch', () => {
    expect(errorText(t, new ApiError('conflict', 'x', { reason: 'parentNotSellable', status: 'held' }))).toBe('此批次扣留，不能分装销售');
    expect(errorText(t, new ApiError('badRequest', 'x', { reason: 'unitMismatch', unit: 'box' }))).toBe('单位与批次不同（此批次以箱计）');
  });

  it('falls back to the general error text for other errors', () => {
    expect(errorText(t, new ApiError('forbidden', 'x'))).toBe(zhCN.error.forbidden);
    expect(errorText(t, new ApiError('badScan', 'x', { reason: 'label.badCode' }))).toBe('无法识别的扫码：标签上的追溯码校验位错误');
  });
});

describe('a scale that gives nothing to record', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
  const t = i18n.t.bind(i18n);
  const scale = (kg: number, stable: boolean) => ({
    scale: { id: '01J00000000000000000000000', name: '台秤' },
    commands: [],
    weight: null,
    command: async () => undefined,
    live: kg < 0 ? ({ kind: 'negative', kg } as const) : stable ? ({ kind: 'stable', kg } as const) : ({ kind: 'unstable', kg } as const),
  });
  it('says the reading is below zero when it is, and not stable otherwise', () => {
    const negative = weighing(scale(-0.25, true), false, 'kg');
    expect([negative.weighed, negative.negativeKg]).toEqual([null, -0.25]);
    expect(notWeighedText(t, negative)).toBe('秤上读数为负（-0.250 公斤，去皮后低于零），未记录：请清皮或置零后重新称');
    expect(notWeighedText(t, weighing(scale(1.2, false), false, 'kg'))).toBe('秤上重量不稳定或已过时，未记录：请等读数稳定');
    expect(weighing(scale(1.2, true), false, 'kg')).toMatchObject({ weighed: { kg: 1.2 }, negativeKg: null });
  });

  it('records a reading as shown, to the gram (a 1 lb or 1.235 斤 reading has more decimals)', () => {
    expect(weighing(scale(0.45359237, true), false, 'kg')).toMatchObject({ shownKg: '0.454', weighed: { kg: 0.454 } });
    expect(weighing(scale(0.6175, true), false, 'kg').weighed!.kg).toBeCloseTo(0.618, 12);
  });
});
