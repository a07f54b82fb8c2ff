import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, CERTIFICATE_TYPES, ERROR_CODES, LOT_STATUSES, OUTCOMES, Reason, ROLES, SUBJECT_KINDS, UNITS, ZONES } from '../../../shared/contract';
import { SCAN_ERROR_CODES } from '../../../shared/domain/scanError';
import { errorText, reasonText } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const zh = flatten(zhCN);
const english = flatten(en);
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

// Why lotCodeRefusal turns a readable scan away (shared/domain/lotCode.ts); a type, so listed here.
const LOT_CODE_REFUSALS = ['weightCode', 'tooLongForLot', 'badCharset'];

describe('translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of zh) expect(placeholders(english.get(key)!), key).toEqual(placeholders(text));
  });

  it('have no empty text', () => {
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('');
  });

  it.each([
    ['reason', Reason.shape.code.options],
    ['error', ERROR_CODES],
    ['scanError', [...SCAN_ERROR_CODES, ...LOT_CODE_REFUSALS]],
    ['role', ROLES],
    ['unit', UNITS],
    ['certType', CERTIFICATE_TYPES],
    ['outcome', OUTCOMES],
    ['outcomeHint', OUTCOMES],
    ['status', LOT_STATUSES],
    ['zone', ZONES],
    ['subjectKind', SUBJECT_KINDS],
  ] as const)('name every %s code in Chinese', (group, codes) => {
    for (const code of codes) expect(zh.has(`${group}.${code}`), `${group}.${code}`).toBe(true);
  });
});

describe('reason and error texts', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
  const t = i18n.t.bind(i18n);

  it('lists missing certificate types as translated alternatives', () => {
    expect(reasonText(t, { code: 'certificateMissing', params: { types: 'quarantine|meatQuality' } })).toBe('缺少合格证：动物检疫合格证明或肉品品质检验合格证');
  });

  it('names the scan problem with its parameters', () => {
    const error = new ApiError('badScan', 'x', { reason: 'badCheckDigit', expected: '2', got: '3' });
    expect(errorText(t, error)).toBe('无法识别的扫码：条码校验位错误（应为 2，实为 3），请重新扫码');
  });

  it('says a failed connection is a connection problem', () => {
    expect(errorText(t, new TypeError('Failed to fetch'))).toBe(zhCN.error.network);
  });

  it('says in words what is wrong with a quantity, a certificate year, a header value, an oversized request and a blocked code', () => {
    const issue = (path: string, code: string) => errorText(t, new ApiError('badRequest', 'x', undefined, [{ path, code }]));
    expect(issue('quantity', 'wholeUnits')).toBe('输入有误，请检查后重试：quantity: 件、头、箱须为整数（至少 1）');
    expect(issue('quantity', 'kgResolution')).toBe('输入有误，请检查后重试：quantity: 公斤数须至少 0.001，且最多三位小数（精确到克）');
    expect(issue('certificates.0.issueDate', 'certificateYear')).toContain('2000–2099');
    expect(issue('token', 'headerValue')).toContain('全角空格');
    expect(errorText(t, new ApiError('tooLarge', 'x', { limitMb: 25 }))).toBe(zhCN.error.tooLarge);
    expect(errorText(t, new ApiError('internal', 'x', { errorId: '9f3a01c2' }))).toBe('系统内部错误，请重试或联系管理员（错误编号 9f3a01c2，技术支持可在日志中查到）');
    expect(errorText(t, new ApiError('internal', 'x'))).toBe(zhCN.error.internal);
    expect(errorText(t, new ApiError('conflict', 'x', { reason: 'usccBlocked', uscc: '91350100M000100Y43', name: '南安合作社', blockedReason: '抽检不合格' }))).toBe(
      '统一社会信用代码 91350100M000100Y43 已停止供货（南安合作社：抽检不合格），不能再登记：须由市场管理员先恢复该供应商',
    );
    for (const reason of ['blockedUsccKept', 'blockedKindKept', 'kindInUse']) {
      expect(errorText(t, new ApiError('conflict', 'x', { reason, name: '南安合作社' }))).toContain('「南安合作社」');
    }
  });

  it('lists validation issues', () => {
    const error = new ApiError('badRequest', 'x', undefined, [{ path: 'pin', code: 'pin' }]);
    expect(errorText(t, error)).toBe('输入有误，请检查后重试：pin: PIN 码须为 4–8 位数字');
  });
});
