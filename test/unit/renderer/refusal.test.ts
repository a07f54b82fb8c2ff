import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, REFUSALS, RefusalReason } from '../../../shared/contract';
import { resources } from '../../../renderer/src/i18n';
import { errorText } from '../../../renderer/src/i18n';
import { refusalMessage } from '../../../renderer/src/i18n/refusal';

type Tree = { readonly [key: string]: string | Tree };
const languages = Object.entries(resources).map(([language, { translation }]) => [language, translation as unknown as Tree] as const);

/** Every path to a group named `refusal`, anywhere in a translation tree. */
function refusalGroups(tree: Tree, path = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [] : [...(key === 'refusal' ? [path + key] : []), ...refusalGroups(value, `${path}${key}.`)]));
}

function translator(lng: string) {
  const i18n = i18next.createInstance();
  void i18n.init({ resources, lng, interpolation: { escapeValue: false }, initAsync: false });
  return i18n.t.bind(i18n);
}

describe('the refusal vocabulary', () => {
  it('is zh-CN first, then en', () => {
    expect(languages.map(([language]) => language)).toEqual(['zh-CN', 'en']);
  });

  it.each(Object.entries(REFUSALS))('words every %s reason in Chinese and English', (_group, reasons) => {
    for (const [language, tree] of languages) {
      const texts = tree.refusal as Tree;
      for (const reason of reasons.options) {
        const text = texts[reason];
        expect(typeof text, `${language} refusal.${reason}`).toBe('string');
        expect((text as string).trim(), `${language} refusal.${reason}`).not.toBe('');
      }
    }
  });

  it('has no text without a reason, and no second refusal group', () => {
    for (const [language, tree] of languages) {
      expect(Object.keys(tree.refusal as Tree).sort(), language).toEqual([...RefusalReason.options].sort());
      expect(refusalGroups(tree), language).toEqual(['refusal']);
    }
  });

  it('lists each reason once, and every group only reasons of the whole', () => {
    expect(new Set(RefusalReason.options).size).toBe(RefusalReason.options.length);
    for (const group of Object.values(REFUSALS)) for (const reason of group.options) expect(RefusalReason.options).toContain(reason);
  });
});

describe('errorText', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it('words the refusals of every screen the same way', () => {
    // Disposal (a wrong witness PIN comes as badPin), testing (a status), import (a record index from 0), split.
    expect(errorText(zh, new ApiError('badPin', 'x', { reason: 'witnessPin' }))).toBe('见证人 PIN 码错误');
    expect(errorText(zh, new ApiError('conflict', 'x', { reason: 'lotNotHoldable', status: 'rejected' }))).toBe('此批次已拒收，未进入市场，不能扣留');
    expect(errorText(zh, new ApiError('badRequest', 'x', { reason: 'importMalformed', index: 0 }))).toBe('文件中第 1 条记录格式错误，未导入');
    expect(errorText(en, new ApiError('conflict', 'x', { reason: 'overSplit', remaining: 2 }), 'piece')).toBe('More than is left: only 2 pieces remain. No code issued');
    expect(errorText(en, new ApiError('forbidden', 'x', { reason: 'otherStall', stall: 'A-01' }))).toBe('This lot belongs to “A-01”, not your stall: you cannot split it');
  });

  it('words a reason found on this screen without an error', () => {
    expect(refusalMessage(zh, 'importTooBig')).toBe('文件过大（超过 200 MB），未导入');
    expect(refusalMessage(zh, 'unitMismatch', { unit: 'kg' })).toBe('单位与批次不同（此批次以公斤计）');
  });

  it('leaves what is not a refusal to the error texts', () => {
    expect(errorText(zh, new ApiError('conflict', 'x', { reason: 'notAReason' }))).toBe('与已有记录冲突（如统一社会信用代码重复）');
    expect(errorText(zh, new ApiError('badScan', 'x', { reason: 'empty' }))).toBe('无法识别的扫码：扫码内容为空');
    expect(errorText(zh, new Error('socket closed'))).toBe('无法连接工作站服务，请检查后重试');
  });
});
