import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract';
import { errorText, resources } from '../../../renderer/src/i18n';

function translator(lng: string) {
  const i18n = i18next.createInstance();
  void i18n.init({ resources, lng, interpolation: { escapeValue: false }, initAsync: false });
  return i18n.t.bind(i18n);
}
const zh = translator('zh-CN');
const en = translator('en');

describe('signed upload files and provincial mappings, refused in words', () => {
  it('names the record, its kind as 同步 names it and the field of a record that is not whole', () => {
    const e = new ApiError('badRequest', 'x', { reason: 'importBadRecord', index: 3, recordKind: 'disposal', field: 'disposalId' });
    expect(errorText(zh, e)).toBe('文件中第 4 条记录（销毁）缺少 disposalId 或格式错误，未导入');
    expect(errorText(en, e)).toBe('Record 4 in the file (Disposal) lacks disposalId or has it in the wrong form; nothing imported');
  });

  it('names the signer a station does not trust, and the format of an older file', () => {
    expect(errorText(zh, new ApiError('badRequest', 'x', { reason: 'importUnknownStation', station: '3059901' }))).toBe(
      '这个文件由站点 3059901 签名，本站没有该站的公钥，未导入：请系统管理员先在「本站」页导入该站的公钥',
    );
    expect(errorText(en, new ApiError('badRequest', 'x', { reason: 'importOldFormat', format: 'yipin-yima-outbox/1' }))).toContain('(format yipin-yima-outbox/1: unsigned');
  });

  it('names what is wrong with a mapping; the JSON example survives interpolation', () => {
    expect(errorText(zh, new ApiError('badRequest', 'x', { reason: 'mappingEmpty' }))).toBe('字段映射为空，未保存：至少为一种记录类型填写映射，如 {"entry": {"clientId": "id", …}}');
    expect(errorText(zh, new ApiError('badRequest', 'x', { reason: 'mappingNoField', kind: 'entry', field: 'traceCode', path: 'payload.lot.cdoe' }))).toBe(
      '「entry」的字段「traceCode」所取的 payload.lot.cdoe 在这类记录中不存在，未保存（否则永远为空）',
    );
    expect(errorText(en, new ApiError('badRequest', 'x', { reason: 'mappingNoRecordId', kind: 'split' }))).toBe(
      'The mapping of "split" does not send the record id, so the platform cannot de-duplicate; nothing saved: add "clientId": "id"',
    );
  });
});
