import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract';
import { errorText } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { typedUscc, usccProblem } from '../../../renderer/src/screens/subjects/usccProblem';

const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
const t = i18n.t.bind(i18n);

describe('credit codes typed through a Chinese input method', () => {
  it('checks and sends the ASCII code', () => {
    expect(usccProblem('９１３５０１００Ｍ０００１００Ｙ４３')).toBeNull();
    expect(typedUscc(' ９１３５ ０１００ ｍ０００ １００ｙ ４３ ')).toBe('91350100M000100Y43');
    expect(usccProblem('')).toBeNull();
  });

  it('names the structural problem', () => {
    expect(usccProblem('000000000000000000')).toBe('authority');
    expect(usccProblem('９４３５０１００Ｍ０００１００Ｙ４３')).toBe('orgType');
    expect(t(`uscc.${usccProblem('000000000000000000')}`)).toBe('统一社会信用代码第 1 位（登记管理部门代码）无效');
  });

  it('shows a station refusal of a credit code in its own words', () => {
    const error = new ApiError('badRequest', 'x', undefined, [{ path: 'uscc', code: 'uscc.division' }]);
    expect(errorText(t, error)).toBe('输入有误，请检查后重试：uscc: 统一社会信用代码第 3–8 位须为有效的行政区划代码');
  });
});
