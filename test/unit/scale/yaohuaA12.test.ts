import { describe, expect, it } from 'vitest';
import { yaohuaA12 } from '../../../drivers/scale/protocols/yaohuaA12';
import { bytes, decodeAll, state } from './helpers';

describe('Yaohua A12', () => {
  it.each([
    ['ww000.000kg\r\n', { kind: 'reading', kg: 0, value: 0, unit: 'kg', net: false, stable: null }],
    ['ww012.345kg\r\n', { kind: 'reading', kg: 12.345, value: 12.345, unit: 'kg', net: false, stable: null }],
    ['wn0000.5kg', { kind: 'reading', kg: 0.5, value: 0.5, unit: 'kg', net: true, stable: null }],
    ['wn-0000.1kg\r\n', { kind: 'reading', kg: -0.1, value: -0.1, unit: 'kg', net: true, stable: null }],
    ['ww001234g\r\n', { kind: 'reading', kg: 1.234, value: 1234, unit: 'g', net: false, stable: null }],
    ['ww002.000lb\r\n', { kind: 'reading', kg: 0.90718474, value: 2, unit: 'lb', net: false, stable: null }],
  ])('%j', (line, event) => {
    expect(decodeAll(yaohuaA12, bytes(line))).toEqual([event]);
  });

  it('a tare line is remembered and attached to the net readings after it', () => {
    expect(decodeAll(yaohuaA12, bytes('wt000.250kg\r\nwn001.000kg\r\n'))).toEqual([{ kind: 'reading', kg: 1, value: 1, unit: 'kg', net: true, tareKg: 0.25, stable: null }]);
  });

  it('a stray w before a line does not swallow it', () => {
    expect(decodeAll(yaohuaA12, bytes('wwwwn001.000kg'))).toMatchObject([{ kind: 'reading', kg: 1, net: true }]);
  });

  it('encodes net as tare line + net line; overload sends nothing', () => {
    expect(String.fromCharCode(...yaohuaA12.encode(state({ kg: 1, tareKg: 0.25 })))).toBe('wt000.250kg\r\nwn001.000kg\r\n');
    expect(yaohuaA12.encode(state({ overload: true }))).toHaveLength(0);
  });
});
