import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SCAN_LENGTH, sanitizeScan } from '../../../shared/domain/scanText';

describe('sanitizeScan', () => {
  it('trims only the scanner terminator at the end', () => {
    expect(sanitizeScan('ABC\r\n')).toEqual({ ok: true, text: 'ABC' });
    expect(sanitizeScan('ABC\t')).toEqual({ ok: true, text: 'ABC' });
    expect(sanitizeScan('ABC\n\r\n')).toEqual({ ok: true, text: 'ABC' });
    expect(sanitizeScan('  AB C  \r')).toEqual({ ok: true, text: '  AB C  ' });
  });

  it('keeps Chinese, URLs, GS and symbology ids verbatim', () => {
    for (const s of ['食用农产品合格证 编号:2026-001', 'https://trace.example.cn/q?c=FJ1234567890&x=1', ']C10106901234567892\u001d10A', '😀批次']) {
      expect(sanitizeScan(s)).toEqual({ ok: true, text: s });
    }
  });

  it.each(['', '\r\n', '\t', '   ', '\u3000'])('refuses %j as empty', (s) => {
    expect(sanitizeScan(s)).toEqual({ ok: false, code: 'empty' });
  });

  it('allows 512 characters and refuses 513, counting code points', () => {
    expect(sanitizeScan('a'.repeat(MAX_SCAN_LENGTH))).toEqual({ ok: true, text: 'a'.repeat(512) });
    expect(sanitizeScan('a'.repeat(MAX_SCAN_LENGTH) + '\r\n')).toMatchObject({ ok: true });
    expect(sanitizeScan('a'.repeat(MAX_SCAN_LENGTH + 1))).toEqual({ ok: false, code: 'tooLong' });
    expect(sanitizeScan('𠮷'.repeat(512))).toMatchObject({ ok: true });
    expect(sanitizeScan('𠮷'.repeat(513))).toEqual({ ok: false, code: 'tooLong' });
  });

  it('refuses a 10 kB paste', () => {
    expect(sanitizeScan('x'.repeat(10_240))).toEqual({ ok: false, code: 'tooLong' });
    expect(sanitizeScan('行'.repeat(10_240))).toEqual({ ok: false, code: 'tooLong' });
  });

  it.each(['\u0000', '\u0007', '\u001b', '\u001c', '\u001e', '\u001f', '\u007f', '\u0085', '\u009f', '\n', '\r', '\t'])('refuses the control character %j inside a scan', (c) => {
    expect(sanitizeScan(`AB${c}CD`)).toEqual({ ok: false, code: 'controlChars' });
  });

  it('refuses U+FFFD and lone surrogates (mis-decoded bytes)', () => {
    expect(sanitizeScan('批\ufffd次')).toEqual({ ok: false, code: 'replacementChar' });
    expect(sanitizeScan('AB\ud842')).toEqual({ ok: false, code: 'replacementChar' });
    expect(sanitizeScan('\udfb7AB')).toEqual({ ok: false, code: 'replacementChar' });
  });

  it('never changes accepted text except for the trailing terminator', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        const r = sanitizeScan(s);
        if (r.ok) expect(s.startsWith(r.text) && /^[\r\n\t]*$/.test(s.slice(r.text.length))).toBe(true);
        else expect(['empty', 'tooLong', 'controlChars', 'replacementChar']).toContain(r.code);
      }),
    );
  });
});
