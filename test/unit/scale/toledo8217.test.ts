import { describe, expect, it } from 'vitest';
import { toledo8217 } from '../../../drivers/scale/protocols/toledo8217';
import { bytes, decodeAll, prng, pushChunked, state } from './helpers';

const p = toledo8217();
const status = (bits: number) => Uint8Array.of(0x02, 0x3f, 0x40 | bits, 0x0d);
/** What an 8N1 port shows of a 7E1 byte: the even-parity bit lands in bit 7. */
const withParity = (u: Uint8Array) => u.map((b) => (b.toString(2).split('1').length % 2 === 0 ? b | 0x80 : b));

describe('Toledo 8217', () => {
  it('is 9600 7E1 with W/Z/T/C and no terminator', () => {
    expect(p.serial).toEqual({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 });
    expect(String.fromCharCode(...p.poll!)).toBe('W');
    expect(Object.fromEntries(Object.entries(p.commands).map(([k, v]) => [k, String.fromCharCode(...v)]))).toEqual({ zero: 'Z', tare: 'T', clearTare: 'C' });
  });

  it.each([
    ['weight', bytes('\x0201.234\r'), { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: true }],
    ['motion', status(1), { kind: 'busy' }],
    ['over capacity', status(2), { kind: 'overload' }],
    ['under zero (the only negative)', status(4), { kind: 'underload' }],
    ['under zero in motion', status(5), { kind: 'underload' }],
    ['outside zero range', status(8), { kind: 'error', reason: 'outside zero range' }],
  ])('%s', (_name, frame, event) => {
    expect(decodeAll(p, frame)).toEqual([event]);
    // Parsed after masking to 7 bits: the same with the parity bit left in by an 8N1 port.
    expect(decodeAll(p, withParity(frame))).toEqual([event]);
  });

  it('answers W only; Z/T/C get no reply (not confirmed)', () => {
    expect(String.fromCharCode(...p.answer!(bytes('W'), state({ kg: 0.5 }))!)).toBe('\x0200.500\r');
    expect(p.answer!(withParity(bytes('W')), state({ kg: 0.5 }))).not.toBeNull();
    for (const c of 'ZTC') expect(p.answer!(bytes(c), state({}))).toBeNull();
  });

  it('lb when configured (the reply has no unit)', () => {
    expect(decodeAll(toledo8217('lb'), bytes('\x0202.000\r'))).toMatchObject([{ unit: 'lb', kg: 0.90718474 }]);
  });

  it('STX junk CR is skipped, not read', () => {
    expect(decodeAll(p, bytes('\x021\r\x02ab.cd\r\x02?'))).toEqual([]);
    const data = withParity(bytes('xx\x02\x0201.000\r'));
    expect(pushChunked(p.createDecoder(), data, prng(3))).toMatchObject([{ kind: 'reading', kg: 1 }]);
  });
});
