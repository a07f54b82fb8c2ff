import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../../shared/domain/gs1Check';
import { DEFAULT_WEIGHT_LAYOUTS, matchWeightLayout, parseWeightCode, priceCheckDigit, weightLayoutProblems, type WeightLayout } from '../../../shared/domain/weightCode';

const withCheck = (body: string) => body + gs1CheckDigit(body);

describe('priceCheckDigit', () => {
  it('matches the GS1 examples for 4 and 5 digits', () => {
    expect(priceCheckDigit('2875')).toBe(9);
    expect(priceCheckDigit('14685')).toBe(6);
    expect(priceCheckDigit('0000')).toBe(0);
  });

  it('throws on other lengths', () => {
    expect(() => priceCheckDigit('123')).toThrow(new RangeError('priceCheckDigit needs 4 or 5 digits'));
    // Weights 2-, 2-, 3, 5- by position: swapping the 2nd and 3rd digits changes the check.
    expect(priceCheckDigit('2785')).toBe(2);
    expect(priceCheckDigit('0100')).toBe(6);
    expect(() => priceCheckDigit('123456')).toThrow(RangeError);
  });
});

describe('weightLayoutProblems', () => {
  const base = { id: 't', length: 13 as const, prefix: '2', fields: { plu: [1, 5] as [number, number], weight: [6, 6, 3] as [number, number, number] } };

  it('accepts fields that end right before the check digit, starting at 0', () => {
    expect(weightLayoutProblems(base)).toEqual([]);
    expect(weightLayoutProblems({ ...base, fields: { plu: [0, 1], weight: [1, 11, 0] } })).toEqual([]);
  });

  it('refuses a field reaching the check digit, starting before 0, empty, or not whole', () => {
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, weight: [6, 7, 3] } })).toEqual(['weight']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, plu: [-1, 5] } })).toEqual(['plu']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, plu: [1, 0] } })).toEqual(['plu']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, plu: [1.5, 5] } })).toEqual(['plu']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, plu: [1, 2.5] } })).toEqual(['plu']);
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 5], amount: [6, 7, 2] } })).toEqual(['amount']);
  });

  it('refuses decimals outside 0–6 or not whole, per field', () => {
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, weight: [6, 6, 7] } })).toEqual(['weight.decimals']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, weight: [6, 6, -1] } })).toEqual(['weight.decimals']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, weight: [6, 6, 1.5] } })).toEqual(['weight.decimals']);
    expect(weightLayoutProblems({ ...base, fields: { ...base.fields, weight: [6, 6, 6] } })).toEqual([]);
  });

  it('refuses a prefix that is not 1–3 digits, and a layout with neither weight nor amount', () => {
    for (const prefix of ['', '2a', 'a2', '2345']) expect(weightLayoutProblems({ ...base, prefix }), prefix).toEqual(['prefix']);
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 5] } })).toEqual(['noValue']);
  });

  it('allows the price check only on a 4- or 5-digit field after the first digit, the amount before the weight', () => {
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 5], weight: [7, 5, 3] }, priceCheck: true })).toEqual([]);
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 5], weight: [8, 4, 3] }, priceCheck: true })).toEqual([]);
    expect(weightLayoutProblems({ ...base, priceCheck: true })).toEqual(['priceCheck']);
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 5], weight: [0, 4, 3] }, priceCheck: true })).toEqual(['priceCheck']);
    // With an amount, the check covers the amount: a 6-digit amount fails it whatever the weight.
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 2], amount: [3, 6, 2], weight: [9, 3, 3] }, priceCheck: true })).toEqual(['priceCheck']);
    expect(weightLayoutProblems({ ...base, fields: { plu: [1, 2], amount: [3, 4, 2], weight: [7, 5, 3] }, priceCheck: true })).toEqual([]);
  });
});

describe('default layouts', () => {
  it('are well-formed', () => {
    for (const layout of DEFAULT_WEIGHT_LAYOUTS) expect(weightLayoutProblems(layout)).toEqual([]);
  });

  it('read the 13-digit 2 P IIIII V WWWW C code (weight in kg, V not checked by default)', () => {
    const code = withCheck('2' + '1' + '23456' + '7' + '1234');
    expect(parseWeightCode(code)).toEqual({ ok: true, value: { layoutId: 'ean13-weight', plu: '23456', weightKg: 1.234 } });
  });

  it('read the 18-digit 26 PPPPP MMMMM WWWWW C code (amount 2 decimals, weight 3 decimals)', () => {
    const code = withCheck('26' + '01234' + '01299' + '02500');
    expect(code).toHaveLength(18);
    expect(parseWeightCode(code)).toEqual({
      ok: true,
      value: { layoutId: 'gs1-18-amount-weight', plu: '01234', amount: 12.99, weightKg: 2.5 },
    });
  });

  it('enforce the final mod-10 check digit', () => {
    const code = withCheck('2123456712340'.slice(0, 12));
    const bad = code.slice(0, 12) + String((Number(code[12]) + 1) % 10);
    expect(parseWeightCode(bad)).toEqual({
      ok: false,
      error: { code: 'badCheckDigit', params: { expected: code[12], got: bad[12] } },
    });
  });

  it('are not matched by other lengths, prefixes or non-digits', () => {
    expect(parseWeightCode('6901234567892')).toBeNull();
    expect(parseWeightCode('21234567123')).toBeNull();
    expect(parseWeightCode(withCheck('27' + '01234' + '01299' + '02500'))).toBeNull();
    expect(parseWeightCode('2A23456712340')).toBeNull();
  });
});

describe('configurable layouts', () => {
  const priced: WeightLayout = { id: 'v', length: 13, prefix: '22', fields: { plu: [2, 5], weight: [8, 4, 3] }, priceCheck: true };

  it('verify the price/weight check digit V when asked to', () => {
    const good = withCheck('22' + '12345' + String(priceCheckDigit('2875')) + '2875');
    expect(parseWeightCode(good, [priced])).toEqual({ ok: true, value: { layoutId: 'v', plu: '12345', weightKg: 2.875 } });
    const bad = withCheck('22' + '12345' + '0' + '2875');
    expect(parseWeightCode(bad, [priced])).toEqual({
      ok: false,
      error: { code: 'badCheckDigit', params: { expected: '9', got: '0', check: 'price' } },
    });
  });

  it('check a 5-digit amount field', () => {
    const layout: WeightLayout = { id: 'a5', length: 13, prefix: '29', fields: { plu: [2, 4], amount: [7, 5, 2] }, priceCheck: true };
    expect(parseWeightCode(withCheck('29' + '1234' + '6' + '14685'), [layout])).toEqual({
      ok: true,
      value: { layoutId: 'a5', plu: '1234', amount: 146.85 },
    });
  });

  it('let the longest matching prefix win', () => {
    const general: WeightLayout = { id: 'general', length: 13, prefix: '2', fields: { plu: [1, 6], weight: [7, 5, 3] } };
    const specific: WeightLayout = { id: 'specific', length: 13, prefix: '25', fields: { plu: [2, 5], amount: [7, 5, 2] } };
    expect(matchWeightLayout(withCheck('251234500999'), [general, specific])?.id).toBe('specific');
    expect(matchWeightLayout(withCheck('241234500999'), [general, specific])?.id).toBe('general');
    expect(matchWeightLayout(withCheck('241234500999'), [])).toBeUndefined();
  });

  it('report configuration problems instead of throwing at the desk', () => {
    const broken: WeightLayout = { id: 'b', length: 13, prefix: 'x', fields: { plu: [10, 5], weight: [8, 3, 9] }, priceCheck: true };
    expect(weightLayoutProblems(broken)).toEqual(['prefix', 'plu', 'weight.decimals', 'priceCheck']);
    expect(weightLayoutProblems({ id: 'n', length: 18, prefix: '26', fields: { plu: [2, 5] } })).toEqual(['noValue']);
    const misChecked: WeightLayout = { id: 'm', length: 13, prefix: '2', fields: { plu: [1, 5], weight: [6, 6, 3] }, priceCheck: true };
    expect(parseWeightCode(withCheck('212345001234'), [misChecked])).toEqual({
      ok: true,
      value: { layoutId: 'm', plu: '12345', weightKg: 1.234 },
    });
  });
});
