import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { reasonText } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { parseWarnDays } from '../../../renderer/src/screens/station/warnDays';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const t = i18n.t.bind(i18n);

describe('expiry reasons in words', () => {
  it('names the kind of date and the date of an expired product', () => {
    expect(reasonText(t, { code: 'productExpired', params: { dateKind: 'expiry', date: '2020-01-01' } })).toBe('产品已过期：有效期至 2020-01-01');
    expect(reasonText(t, { code: 'productExpired', params: { dateKind: 'sellBy', date: '2020-01-01' } })).toBe('产品已过期：销售截止日期 2020-01-01');
  });

  it('says how many days are left, and "today" on the last day', () => {
    expect(reasonText(t, { code: 'productExpiresSoon', params: { dateKind: 'bestBefore', date: '2026-03-17', days: 2 } })).toBe('临近到期：最佳食用日期 2026-03-17，还剩 2 天');
    expect(reasonText(t, { code: 'productExpiresSoon', params: { dateKind: 'expiry', date: '2026-03-15', days: 0 } })).toBe('临近到期：有效期至 2026-03-15，今天到期');
  });
});

describe('expiry warning setting', () => {
  it.each([
    ['3', 3],
    ['0', 0],
    ['365', 365],
    [' ７ ', 7],
  ])('takes %j as %d days', (typed, days) => {
    expect(parseWarnDays(typed)).toBe(days);
  });

  it.each(['', '-1', '366', '2.5', 'abc', '1e2'])('refuses %j', (typed) => {
    expect(parseWarnDays(typed)).toBeNull();
  });
});
