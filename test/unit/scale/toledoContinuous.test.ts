import { describe, expect, it } from 'vitest';
import { toledoContinuous } from '../../../drivers/scale/protocols/toledoContinuous';
import { bytes, decodeAll, state } from './helpers';

const plain = toledoContinuous();
const chk = toledoContinuous({ checksum: true });
/** STX SWA SWB SWC W6 T6 CR, status bytes given as numbers. */
const frame = (swa: number, swb: number, w: string, t = '000000') => Uint8Array.from([0x02, swa, swb, 0x20, ...bytes(w + t), 0x0d]);
const withSum = (f: Uint8Array) => Uint8Array.from([...f, (128 - (f.reduce((a, b) => a + b, 0) & 0x7f)) & 0x7f]);
const KG = 0x30; // bit 4 kg, bit 5 always set

describe('Toledo continuous', () => {
  it.each([
    ['3 decimals, stable gross', frame(0x25, KG, '001234'), { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: true }],
    ['2 decimals', frame(0x24, KG, '001234'), { kind: 'reading', kg: 12.34, value: 12.34, unit: 'kg', net: false, stable: true }],
    ['1 decimal, space padding', frame(0x23, KG, '   125'), { kind: 'reading', kg: 12.5, value: 12.5, unit: 'kg', net: false, stable: true }],
    ['no decimals', frame(0x22, KG, '000015'), { kind: 'reading', kg: 15, value: 15, unit: 'kg', net: false, stable: true }],
    ['motion', frame(0x25, KG | 8, '001234'), { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: false }],
    ['net with tare', frame(0x25, KG | 1, '001000', '000250'), { kind: 'reading', kg: 1, value: 1, unit: 'kg', net: true, tareKg: 0.25, stable: true }],
    ['lb', frame(0x25, 0x20, '002000'), { kind: 'reading', kg: 0.90718474, value: 2, unit: 'lb', net: false, stable: true }],
    ['negative', frame(0x25, KG | 2, '000100'), { kind: 'reading', kg: -0.1, value: -0.1, unit: 'kg', net: false, stable: true }],
    ['negative zero is zero', frame(0x25, KG | 2, '000000'), { kind: 'reading', kg: 0, value: 0, unit: 'kg', net: false, stable: true }],
    ['out of range', frame(0x25, KG | 4, '000000'), { kind: 'overload' }],
    ['out of range negative', frame(0x25, KG | 4 | 2, '000000'), { kind: 'underload' }],
    ['blank tare field', frame(0x25, KG, '  1234', '      '), { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: true }],
    ['unknown decimal code', frame(0x20, KG, '001234'), { kind: 'error', reason: 'malformed toledo frame' }],
  ])('%s', (_name, f, event) => {
    expect(decodeAll(plain, f)).toEqual([event]);
    expect(decodeAll(chk, withSum(f))).toEqual([event]);
  });

  it('decimal codes are configurable (not confirmed)', () => {
    const p = toledoContinuous({ decimalCodes: { 1: 2 } });
    expect(decodeAll(p, frame(0x21, KG, '001234'))).toMatchObject([{ kg: 12.34 }]);
  });

  it('checksum: the 18 bytes sum to 0 mod 128; a bad sum is an error, never a weight', () => {
    const good = chk.encode(state({ kg: 3.21 }));
    expect(good.reduce((a, b) => a + b, 0) % 128).toBe(0);
    for (let i = 1; i < good.length; i++) {
      if (i === 16) continue; // CR: the frame no longer frames
      const bad = good.slice();
      bad[i] = (bad[i] + 1) & 0x7f;
      expect(decodeAll(chk, bad).filter((e) => e.kind === 'reading')).toEqual([]);
    }
    const bad = good.slice();
    bad[17] ^= 1;
    expect(decodeAll(chk, bad)).toEqual([{ kind: 'error', reason: 'checksum' }]);
  });

  it('status bytes with a parity bit set (7E1 scale on an 8N1 port) still decode', () => {
    const f = frame(0x25, KG | 8, '001234').map((b) => b | 0x80);
    expect(decodeAll(plain, f)).toMatchObject([{ kg: 1.234, stable: false }]);
  });
});
