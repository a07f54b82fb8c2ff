import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SuffixFramer } from '../../../drivers/scanner/framer';
import { parsePayload, signedText, withSignature } from '../../../shared/domain/labelPayload';

const b = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const frames = (out: Uint8Array[]) => out.map((f) => Buffer.from(f).toString('latin1'));

describe('SuffixFramer', () => {
  it('splits on CR, LF, CRLF and Tab without empty frames', () => {
    const f = new SuffixFramer();
    expect(frames(f.push(b('A1\rB2\nC3\r\nD4\tE5')))).toEqual(['A1', 'B2', 'C3', 'D4']);
    expect(f.buffered).toBe(2);
    expect(frames(f.push(b('\r\n\r\n')))).toEqual(['E5']);
  });

  it('keeps GS and multi-byte text whole across chunks', () => {
    const f = new SuffixFramer();
    const gb = iconv.encode('产地山东', 'gb18030');
    const stream = Uint8Array.from([...b('01\x1d10'), ...gb, 0x0d]);
    const out = [...stream].flatMap((byte) => f.push(Uint8Array.of(byte)));
    expect(out).toHaveLength(1);
    expect([...out[0]!]).toEqual([...stream.subarray(0, -1)]);
  });

  it('no terminators: only flush() ends a frame', () => {
    const f = new SuffixFramer({ terminators: [] });
    expect(f.push(b('ABC\r\n'))).toEqual([]);
    expect(frames([f.flush()!])).toEqual(['ABC\r\n']);
    expect(f.flush()).toBeNull();
  });

  it('an overlong frame is dropped up to the next suffix', () => {
    const f = new SuffixFramer({ maxBytes: 4 });
    expect(frames(f.push(b('123456789\rOK\r')))).toEqual(['OK']);
  });
});

describe('a station label QR through a serial or HID POS scanner', () => {
  const payload = withSignature(
    signedText({ code: '3050102000000000013', parentCode: '(01)06901234567892(10)VERIFY1', quantity: 2.35, unit: 'kg', date: '2026-12-04', issuer: '鲤城农贸市场 2号摊', stall: '8号摊 林记' }),
    'c2lnbmF0dXJlLWJ5dGVzLW5vdC1jaGVja2VkLWhlcmU',
  );
  const utf8 = (text: string) => Uint8Array.from(Buffer.from(text, 'utf8'));
  const text = (out: Uint8Array[]) => out.map((f) => Buffer.from(f).toString('utf8'));

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('arrives whole when the scanner sends its line breaks as %s, whole or byte by byte', (_name, br) => {
    const sent = `${payload.split('\n').join(br)}\r01069012345678921012345\r`;
    for (const chunked of [false, true]) {
      const f = new SuffixFramer();
      const bytes = utf8(sent);
      const out = chunked ? [...bytes].flatMap((byte) => f.push(Uint8Array.of(byte))) : f.push(bytes);
      expect(text(out)).toEqual([payload, '01069012345678921012345']);
      expect(parsePayload(text(out)[0]!)).toMatchObject({ ok: true, facts: { code: '3050102000000000013', stall: '8号摊 林记' } });
    }
  });

  it('without a suffix after the signature, the idle gap ends it', () => {
    const f = new SuffixFramer();
    expect(f.push(utf8(payload))).toEqual([]);
    expect(text([f.flush()!])).toEqual([payload]);
  });

  it('other multi-line text still splits line by line', () => {
    const f = new SuffixFramer();
    expect(text(f.push(utf8('一品一码\nYP1\n')))).toEqual(['一品一码', 'YP1']);
  });
});
