import { validateEpcisDocument } from 'epcis2.js';
import { describe, expect, it } from 'vitest';
import { buildEpcisDocument, eventsFor, VTYPE_TEST_ITEM } from '../../../shared/domain/upload/epcis';
import { testItemRecord } from '../../../shared/domain/upload/records';

const at = '2025-03-01T08:15:00.000+08:00';
const ctx = { stationId: '3059901', creationDate: at };
const base = { methodZh: '酶抑制率法', methodEn: 'Enzyme inhibition', labAllPositives: false, labVarietyKeys: ['韭'], by: { id: 'OP1', name: '管理员' } };
const quantitative = testItemRecord(
  'TV1',
  {
    ...base,
    testItemId: 'opCarbamate',
    nameZh: '有机磷和氨基甲酸酯类农药',
    nameEn: '',
    standard: 'GB/T 5009.199-2003',
    kind: 'quantitative',
    unit: '%',
    min: 0,
    max: 100,
    positiveAtOrAbove: 50,
    categoryIds: ['vegetable', 'fruit'],
    active: true,
  },
  at,
);
const qualitative = testItemRecord(
  'TV2',
  {
    ...base,
    testItemId: 'malachiteGreen',
    nameZh: '孔雀石绿',
    nameEn: 'Malachite green',
    standard: null,
    kind: 'qualitative',
    unit: null,
    min: null,
    max: null,
    positiveAtOrAbove: null,
    categoryIds: ['aquatic'],
    active: false,
  },
  at,
);

describe('test item master data on the wire', () => {
  it('is a header vocabulary element (no event) that validates against the EPCIS 2.0 schemas', () => {
    for (const r of [quantitative, qualitative]) {
      expect(eventsFor(r, ctx)).toEqual([]);
      expect(validateEpcisDocument(buildEpcisDocument([r], ctx), false)).toEqual({ success: true, errors: [] });
    }
    const doc = buildEpcisDocument([quantitative, qualitative], ctx);
    const [vocabulary] = (doc.epcisHeader!.epcisMasterData as { vocabularyList: { type: string; vocabularyElementList: { id: string; attributes: { id: string; attribute: unknown }[] }[] }[] })
      .vocabularyList;
    expect(vocabulary!.type).toBe(VTYPE_TEST_ITEM);
    const [enzyme, strip] = vocabulary!.vocabularyElementList;
    expect(enzyme!.id).toBe('urn:yipin-yima:testItem:opCarbamate');
    expect(enzyme!.attributes).toEqual(
      expect.arrayContaining([
        { id: 'urn:epcglobal:cbv:mda#name', attribute: '有机磷和氨基甲酸酯类农药' },
        { id: 'yp:recordId', attribute: 'TV1' },
        { id: 'yp:positiveAtOrAbove', attribute: 50 },
        { id: 'yp:categoryIds', attribute: 'vegetable,fruit' },
        { id: 'yp:active', attribute: 'true' },
      ]),
    );
    // A qualitative item has no unit or numbers to send; a disabled one says so.
    expect(strip!.attributes.map((a) => a.id)).not.toContain('yp:unit');
    expect(strip!.attributes).toContainEqual({ id: 'yp:active', attribute: 'false' });
  });
});
