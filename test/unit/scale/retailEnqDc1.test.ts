import { describe, expect, it } from 'vitest';
import { retailEnqDc1 } from '../../../drivers/scale/protocols/retailEnqDc1';
import { bytes, decodeAll, state } from './helpers';

const p = retailEnqDc1();
const frame = (body: string, bcc?: number) => {
  const b = bytes(body);
  return Uint8Array.from([0x01, 0x02, ...b, bcc ?? b.reduce((a, x) => a ^ x, 0), 0x03, 0x04]);
};

describe('Retail ENQ/DC1', () => {
  it('handshake: ENQ → ACK, DC1 → weight frame', () => {
    expect([...p.poll!]).toEqual([0x05]);
    expect([...p.answer!(Uint8Array.of(0x05), state({}))!]).toEqual([0x06]);
    expect(decodeAll(p, p.answer!(Uint8Array.of(0x11), state({ kg: 1.5 }))!)).toMatchObject([{ kind: 'reading', kg: 1.5, stable: true }]);
    expect(p.answer!(bytes('x'), state({}))).toBeNull();
  });

  it.each([
    ['S+01.234kg', { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: true }],
    ['U+01.234kg', { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: false }],
    ['S+001234g', { kind: 'reading', kg: 1.234, value: 1234, unit: 'g', net: false, stable: true }],
    ['S-00.100kg', { kind: 'reading', kg: -0.1, value: -0.1, unit: 'kg', net: false, stable: true }],
    ['F+00.000kg', { kind: 'error', reason: 'scale fault' }],
  ])('%s', (body, event) => {
    expect(decodeAll(p, frame(body))).toEqual([event]);
  });

  it('BCC (assumed XOR of status…unit, not confirmed) is checked; "none" skips it', () => {
    expect(decodeAll(p, frame('S+01.234kg', 0x55))).toEqual([{ kind: 'error', reason: 'bcc' }]);
    expect(decodeAll(retailEnqDc1('none'), frame('S+01.234kg', 0x55))).toMatchObject([{ kind: 'reading', kg: 1.234 }]);
  });

  it('a BCC byte equal to ETX does not cut the frame short', () => {
    // XOR BCCs of these bodies never reach 0x03; a scale with another BCC rule might send one.
    expect(decodeAll(retailEnqDc1('none'), frame('S+01.234kg', 0x03))).toMatchObject([{ kind: 'reading', kg: 1.234 }]);
  });
});
