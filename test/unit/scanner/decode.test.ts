import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeScan } from '../../../drivers/scanner/decode';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf-8')] : p)));

describe('decodeScan', () => {
  it('UTF-8 Chinese URL, CR suffix stripped', () => {
    const r = decodeScan(bytes('https://zs.example.cn/q?p=猪肉&c=1101', [0x0d]));
    expect(r).toEqual({ text: 'https://zs.example.cn/q?p=猪肉&c=1101', encoding: 'utf-8' });
  });

  it('GB18030 Chinese falls back from UTF-8', () => {
    const gb = iconv.encode('产地：山东寿光 批次A1', 'gb18030');
    expect([...gb.subarray(0, 4)]).toEqual([0xb2, 0xfa, 0xb5, 0xd8]); // 产地 in GB18030
    const r = decodeScan(Uint8Array.from([...gb, 0x0d, 0x0a]));
    expect(r).toEqual({ text: '产地：山东寿光 批次A1', encoding: 'gb18030' });
  });

  it('invalid UTF-8 (a lone continuation byte) is read as GB18030', () => {
    // 0xC4 0xE3 is 你 in GBK; as UTF-8 0xE3 starts a sequence that never finishes.
    const r = decodeScan(Uint8Array.of(0xc4, 0xe3, 0x41));
    expect(r).toEqual({ text: '你A', encoding: 'gb18030' });
  });

  it('four-byte GB18030 (outside GBK) decodes', () => {
    const gb = iconv.encode('𠮷', 'gb18030');
    expect(gb.length).toBe(4);
    expect(decodeScan(gb)).toEqual({ text: '𠮷', encoding: 'gb18030' });
  });

  it.each([
    ['CR', [0x0d]],
    ['LF', [0x0a]],
    ['CRLF', [0x0d, 0x0a]],
    ['Tab', [0x09]],
    ['NUL padding', [0x0d, 0x00, 0x00, 0x00]],
  ])('strips the %s suffix', (_name, suffix) => {
    expect(decodeScan(bytes('6901234567892', suffix)).text).toBe('6901234567892');
  });

  it('strips a UTF-8 BOM and leading NULs', () => {
    expect(decodeScan(bytes([0x00, 0x00, 0xef, 0xbb, 0xbf], '溯源码', [0x0d]))).toEqual({ text: '溯源码', encoding: 'utf-8' });
  });

  it('keeps GS separators inside a GS1 code', () => {
    const r = decodeScan(bytes('0106901234567892', [0x1d], '10LOT7', [0x1d], '17261231', [0x0d]));
    expect(r.text).toBe('0106901234567892\u001d10LOT7\u001d17261231');
    expect([...r.text].filter((c) => c === '\u001d')).toHaveLength(2);
  });

  it('AIM prefix: reported and stripped only when configured', () => {
    const raw = bytes(']C1', '0106901234567892', [0x1d], '10A', [0x0d]);
    expect(decodeScan(raw, { aimPrefix: true })).toEqual({ text: '0106901234567892\u001d10A', encoding: 'utf-8', aim: ']C1' });
    expect(decodeScan(raw)).toEqual({ text: ']C10106901234567892\u001d10A', encoding: 'utf-8' });
    expect(decodeScan(bytes(']Q1', '追溯'), { aimPrefix: true })).toEqual({ text: '追溯', encoding: 'utf-8', aim: ']Q1' });
    expect(decodeScan(bytes(']d2', '0106901234567892'), { aimPrefix: true }).aim).toBe(']d2');
  });

  it('AIM prefix with GB18030 data', () => {
    const raw = Uint8Array.from([...Buffer.from(']Q1'), ...iconv.encode('猪肉', 'gb18030')]);
    expect(decodeScan(raw, { aimPrefix: true })).toEqual({ text: '猪肉', encoding: 'gb18030', aim: ']Q1' });
  });

  it('no AIM when the prefix is malformed', () => {
    expect(decodeScan(bytes(']', [0x1d], 'X'), { aimPrefix: true })).toEqual({ text: ']\u001dX', encoding: 'utf-8' });
  });

  it('empty and suffix-only input give empty text', () => {
    expect(decodeScan(new Uint8Array(0)).text).toBe('');
    expect(decodeScan(Uint8Array.of(0x0d, 0x0a, 0x00)).text).toBe('');
  });
});
