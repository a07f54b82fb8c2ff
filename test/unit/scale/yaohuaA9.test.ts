import { describe, expect, it } from 'vitest';
import { yaohuaA9 } from '../../../drivers/scale/protocols/yaohuaA9';
import { decodeAll, state } from './helpers';

const p = yaohuaA9();
const EXAMPLE = Uint8Array.from([0x02, 0x2b, 0x30, 0x30, 0x31, 0x35, 0x36, 0x30, 0x30, 0x31, 0x39, 0x03]);
const hex = (u: Uint8Array) => [...u].map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('Yaohua XK3190-A9', () => {
  it('decodes the reference frame 02 2B 30 30 31 35 36 30 30 31 39 03: +1560, 0 decimals, XOR 0x19 over sign…decimals matches', () => {
    expect(decodeAll(p, EXAMPLE)).toEqual([{ kind: 'reading', kg: 1560, value: 1560, unit: 'kg', net: false, stable: null }]);
  });

  it('encodes the same bytes for that weight at 0 decimals', () => {
    const f = yaohuaA9('g').encode(state({ kg: 1.56 }));
    expect(hex(f)).toBe(hex(EXAMPLE));
  });

  it.each([
    [3, 1.234],
    [2, 12.34],
    [1, 123.4],
  ])('%i decimals', (decimals, kg) => {
    const body = [0x2b, ...Array.from('001234', (c) => c.charCodeAt(0)), 0x30 + decimals];
    const x = body.reduce((a, b) => a ^ b, 0);
    const f = Uint8Array.from([0x02, ...body, ...Array.from(x.toString(16).toUpperCase().padStart(2, '0'), (c) => c.charCodeAt(0)), 0x03]);
    expect(decodeAll(p, f)).toMatchObject([{ kind: 'reading', kg }]);
  });

  it('a negative weight is a negative reading; overload sends nothing', () => {
    expect(decodeAll(p, p.encode(state({ kg: -0.5 })))).toEqual([{ kind: 'reading', kg: -0.5, value: -0.5, unit: 'kg', net: false, stable: null }]);
    expect(p.encode(state({ overload: true }))).toHaveLength(0);
  });

  it('every single-byte corruption of the XOR-covered bytes or XOR digits is an error, never a reading', () => {
    const good = p.encode(state({ kg: 2.5 }));
    for (let i = 1; i <= 10; i++) {
      for (const flip of [1, 2, 4, 8, 16, 32, 64, 128]) {
        const bad = good.slice();
        bad[i] ^= flip;
        // A hex letter changing case is the same digit.
        if (i >= 9 && String.fromCharCode(bad[i]).toUpperCase() === String.fromCharCode(good[i])) continue;
        expect(decodeAll(p, bad)).toEqual([{ kind: 'error', reason: expect.any(String) }]);
      }
    }
  });

  it('lower-case hex digits are accepted', () => {
    const f = p.encode(state({ kg: 0.123 }));
    const lower = f.map((b, i) => (i === 9 || i === 10 ? String.fromCharCode(b).toLowerCase().charCodeAt(0) : b));
    expect(decodeAll(p, lower)).toMatchObject([{ kind: 'reading', kg: 0.123 }]);
  });
});
