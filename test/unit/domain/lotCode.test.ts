import { describe, expect, it } from 'vitest';
import { parseCode, type ParsedCode } from '../../../shared/domain/codes';
import { lotCodeRefusal, MAX_OPAQUE_LOT_CODE } from '../../../shared/domain/lotCode';
import { formatOwnCode } from '../../../shared/domain/ownCode';

const opaque = (text: string): ParsedCode => ({ kind: 'opaque', key: `x:${text}`, text, hint: 'text' });

describe('lotCodeRefusal: what may name an arriving lot', () => {
  it('takes GS1, GTIN and the station’s own codes as they are', () => {
    for (const [raw, kind] of [
      [']C1010690123456789210A1', 'gs1'],
      ['6901234567892', 'gtin'],
      [formatOwnCode('3050102', 42), 'own'],
    ]) {
      const parsed = parseCode(raw!);
      if (!parsed.ok) throw new Error(`${raw} unreadable`);
      expect([parsed.code.kind, lotCodeRefusal(parsed.code)], raw).toEqual([kind, null]);
    }
  });

  it('refuses an in-store weight code: it means something only in the shop that printed it', () => {
    const parsed = parseCode('2001234012348');
    expect(parsed.ok && parsed.code.kind).toBe('weight');
    expect(parsed.ok && lotCodeRefusal(parsed.code)).toBe('weightCode');
  });

  it('takes opaque codes up to 64 characters, not one more', () => {
    expect(MAX_OPAQUE_LOT_CODE).toBe(64);
    expect(lotCodeRefusal(opaque('A'.repeat(64)))).toBeNull();
    expect(lotCodeRefusal(opaque('A'.repeat(65)))).toBe('tooLongForLot');
  });

  it('takes the characters codes and URLs use, and refuses typed text (spaces, quotes, brackets)', () => {
    expect(lotCodeRefusal(opaque('az-AZ_09.~:/?#@!$&()*+,=%'))).toBeNull();
    for (const bad of ['A B', 'A"B', "A'B", 'A;B', 'A\\B', 'A<B', 'A>B', '白菜', 'A^B', 'A|B']) expect(lotCodeRefusal(opaque(bad)), bad).toBe('badCharset');
  });
});
