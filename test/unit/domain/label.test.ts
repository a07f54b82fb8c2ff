import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, groupedCode } from '../../../shared/domain/label';

describe('groupedCode', () => {
  it('reads an own 19-digit code back as the station id, then fours', () => {
    expect(groupedCode('3050102000000000017')).toBe('3050102 0000 0000 0017');
  });

  it('leaves every other code as it is', () => {
    for (const code of ['305010200000000001', '30501020000000000170', '(01)06901234567892(10)A1', 'A050102000000000017']) expect(groupedCode(code)).toBe(code);
  });
});

describe('DEFAULT_TEMPLATES', () => {
  it('are the 40×30 label and the 58 and 80 mm receipts, with distinct ids', () => {
    expect(DEFAULT_TEMPLATES.map((t) => [t.id, t.kind, t.widthMm])).toEqual([
      ['label-40x30', 'label', 40],
      ['receipt-58', 'receipt', 58],
      ['receipt-80', 'receipt', 80],
    ]);
  });
});
