import { describe, expect, it } from 'vitest';
import type { TestItemInfo } from '../../../shared/contract';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { emptyItemDraft, itemProblemsOf, parseItemDraft, toItemDraft, type TestItemDraft } from '../../../renderer/src/screens/testing/testItemForm';

const nitrite: TestItemDraft = { ...emptyItemDraft(), nameZh: '亚硝酸盐', methodZh: '比色卡', kind: 'quantitative', unit: 'mg/kg', min: '0', max: '100', threshold: '20', categoryIds: ['local'] };

describe('test item form', () => {
  it('sends a quantitative item with its numbers as typed by a Chinese input method', () => {
    const parsed = parseItemDraft({ ...nitrite, min: '０', max: '１００', threshold: '20，5', varietyKeys: '腌菜、 酸菜,泡菜' });
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({ kind: 'quantitative', unit: 'mg/kg', min: 0, max: 100, positiveAtOrAbove: 20.5, categoryIds: ['local'], labVarietyKeys: ['腌菜', '酸菜', '泡菜'] }),
    });
  });

  it('sends no unit or numbers for a qualitative item, whatever was typed before the switch', () => {
    const parsed = parseItemDraft({ ...nitrite, kind: 'qualitative', max: 'abc' });
    expect(parsed.ok && parsed.value).toMatchObject({ kind: 'qualitative' });
    expect(parsed.ok && ['unit', 'min', 'max', 'positiveAtOrAbove'].filter((k) => k in parsed.value)).toEqual([]);
  });

  it('names each wrong field, nothing sent', () => {
    expect(parseItemDraft({ ...nitrite, min: 'x', max: '10', threshold: '', unit: '' })).toEqual({
      ok: false,
      problems: { unit: 'unitRequired', min: 'notANumber', positiveAtOrAbove: 'thresholdRequired' },
    });
    expect(parseItemDraft({ ...nitrite, min: '50', max: '10' })).toEqual({ ok: false, problems: { max: 'rangeOrder' } });
    expect(parseItemDraft({ ...nitrite, threshold: '0' })).toEqual({ ok: false, problems: { positiveAtOrAbove: 'thresholdOutsideRange' } });
    expect(parseItemDraft({ ...emptyItemDraft() })).toEqual({ ok: false, problems: { nameZh: 'required', methodZh: 'required', categoryIds: 'noCategory' } });
    // The station's answers land on the same fields.
    expect(
      itemProblemsOf([
        { path: 'nameZh', code: 'nameTaken' },
        { path: 'labVarietyKeys.3', code: 'tooLong' },
        { path: '', code: 'x' },
      ]),
    ).toEqual({ nameZh: 'nameTaken', labVarietyKeys: 'tooLong' });
  });

  it('edits an item as stored and saves it back unchanged', () => {
    const info: TestItemInfo = {
      id: 'opCarbamate',
      name: { zh: '有机磷和氨基甲酸酯类农药', en: 'Organophosphate and carbamate pesticides' },
      method: { zh: '酶抑制率法', en: 'Enzyme inhibition' },
      standard: 'GB/T 5009.199-2003',
      kind: 'quantitative',
      unit: '%',
      threshold: 50,
      min: 0,
      max: 100,
      categories: ['vegetable', 'fruit'],
      labConfirm: { allPositives: false, varietyKeys: ['韭', '葱'] },
      active: true,
      updatedAt: '2025-03-01T08:00:00.000+08:00',
      updatedByName: null,
    };
    expect(parseItemDraft(toItemDraft(info))).toEqual({
      ok: true,
      value: {
        id: 'opCarbamate',
        nameZh: info.name.zh,
        nameEn: info.name.en,
        methodZh: '酶抑制率法',
        methodEn: 'Enzyme inhibition',
        standard: 'GB/T 5009.199-2003',
        kind: 'quantitative',
        unit: '%',
        min: 0,
        max: 100,
        positiveAtOrAbove: 50,
        categoryIds: ['vegetable', 'fruit'],
        labAllPositives: false,
        labVarietyKeys: ['韭', '葱'],
      },
    });
  });

  it('has a Chinese and an English message for every problem the form or the station can name', () => {
    const codes = [
      'required',
      'tooLong',
      'controlChars',
      'notANumber',
      'unitRequired',
      'rangeRequired',
      'thresholdRequired',
      'rangeOrder',
      'thresholdOutsideRange',
      'noCategory',
      'unknownCategory',
      'nameTaken',
      'tooMany',
    ];
    expect(Object.keys(zhCN.testing.items.problem).sort()).toEqual([...codes].sort());
    expect(Object.keys(en.testing.items.problem).sort()).toEqual([...codes].sort());
  });
});
