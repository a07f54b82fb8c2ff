import { describe, expect, it } from 'vitest';
import { originOf, testResultWord } from '../../../shared/domain/labelFacts';

describe('产地 on the label', () => {
  it('is the origin exit voucher’s issuer, else the quarantine certificate’s, else none', () => {
    const quarantine = { type: 'quarantine', issuer: '寿光市动物卫生监督所' };
    const exit = { type: 'originExit', issuer: '寿光市农业农村局' };
    expect(originOf([quarantine, exit, { type: 'commitment', issuer: '农户老王' }])).toBe('寿光市农业农村局');
    expect(originOf([{ type: 'commitment', issuer: '农户老王' }, quarantine])).toBe('寿光市动物卫生监督所');
    expect(originOf([{ type: 'commitment', issuer: '农户老王' }])).toBeUndefined();
  });
});

describe('检测 on the label', () => {
  const op = (verdict: 'negative' | 'positive' | 'invalid') => ({ itemId: 'opCarbamate', verdict });
  it('says 未抽检 without a valid test, 待检 while the lot waits for one', () => {
    expect(testResultWord('admitted', [])).toBe('未抽检');
    expect(testResultWord('admitted', [op('invalid')])).toBe('未抽检');
    expect(testResultWord('awaitingTest', [])).toBe('待检');
    expect(testResultWord('awaitingTest', [op('invalid')])).toBe('待检');
  });

  it('says 合格 when each item’s latest valid verdict is negative, 不合格 when one is positive', () => {
    expect(testResultWord('admitted', [op('negative')])).toBe('合格');
    expect(testResultWord('admitted', [op('positive'), op('invalid'), op('negative')])).toBe('合格');
    expect(testResultWord('admitted', [op('negative'), { itemId: 'formaldehyde', verdict: 'positive' }])).toBe('不合格');
    expect(testResultWord('held', [op('negative'), op('positive')])).toBe('不合格');
  });
});
