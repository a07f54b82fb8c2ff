import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SuffixFramer } from '../../../drivers/scanner/framer';

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
