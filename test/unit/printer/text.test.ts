import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeGb18030, toGbk } from '../../../drivers/printer/text';

describe('printer text encoding', () => {
  it('encodes the product names as GB18030 (= GBK for these) and ¥ as its 4-byte form', () => {
    expect(encodeGb18030('白菜').toString('hex')).toBe('b0d7b2cb');
    expect(encodeGb18030('猪肉 里脊').toString('hex')).toBe('d6edc8e220c0efbcb9');
    expect(encodeGb18030('¥').toString('hex')).toBe('81308436');
  });

  it('round-trips any Unicode text through GB18030', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(iconv.decode(encodeGb18030(s), 'gb18030')).toBe(s);
      }),
    );
  });

  it('substitutes ¥ with ￥ for GBK and falls back to ? only for what has no look-alike', () => {
    expect(toGbk('白菜 ¥12.50')).toEqual({ bytes: iconv.encode('白菜 ￥12.50', 'gbk'), text: '白菜 ￥12.50', substitutions: [{ char: '¥', replacement: '￥' }] });
    expect(toGbk('𠮷野家').substitutions).toEqual([{ char: '𠮷', replacement: '?' }]);
    expect(toGbk('猪肉 里脊?').substitutions).toEqual([]);
  });

  it('prints exactly the text it reports, and reports every change', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const g = toGbk(s);
        expect(iconv.decode(g.bytes, 'gbk')).toBe(g.text);
        if (g.substitutions.length === 0) expect(g.text).toBe(s);
      }),
    );
  });
});
