import { describe, expect, it } from 'vitest';
import { asciiFamily } from '../../../drivers/scale/protocols/asciiFamily';
import { bytes, concat, decodeAll, prng, pushChunked, state } from './helpers';

const p = asciiFamily();
const r = (kg: number, value: number, unit: string, stable: boolean, net = false) => ({ kind: 'reading', kg, value, unit, net, stable });

describe('ASCII ST,GS family', () => {
  it.each([
    ['ST,GS,+000.876kg\r\n', r(0.876, 0.876, 'kg', true)],
    ['US,GS,+001.250kg\r\n', r(1.25, 1.25, 'kg', false)],
    ['ST,NT,+000.500kg\r\n', r(0.5, 0.5, 'kg', true, true)],
    ['ST,GS,+  876.5g\r\n', r(0.8765, 876.5, 'g', true)],
    ['ST,GS,+002.000lb\n', r(0.90718474, 2, 'lb', true)],
    ['ST,GS,+0001.20kg\r', r(1.2, 1.2, 'kg', true)],
    ['ST,GS,-000.000kg\r\n', r(0, 0, 'kg', true)],
    ['OL,GS,+999.999kg\r\n', { kind: 'overload' }],
    ['OL,GS,+  OL   kg\r\n', { kind: 'overload' }],
    // Below zero after tare: a reading, shown as negative (never usable: see weighing.ts).
    ['ST,GS,-000.120kg\r\n', r(-0.12, -0.12, 'kg', true)],
    ['US,NT,-001.000kg\r\n', r(-1, -1, 'kg', false, true)],
    ['ST,XX,+000.100kg\r\n', { kind: 'error', reason: 'malformed ascii frame' }],
    ['ST,GS,+000.100oz\r\n', { kind: 'error', reason: 'malformed ascii frame' }],
  ])('%j', (frame, event) => {
    expect(decodeAll(p, bytes(frame))).toEqual([event]);
  });

  it('斤 and 两 in GBK and in UTF-8', () => {
    const gbk = (unit: number[]) => concat(bytes('ST,GS,+003.000'), Uint8Array.from(unit), bytes('\r\n'));
    const utf8 = (unit: string) => concat(bytes('ST,GS,+003.000'), new TextEncoder().encode(unit), bytes('\r\n'));
    expect(decodeAll(p, gbk([0xbd, 0xef]))).toEqual([r(1.5, 3, 'jin', true)]);
    expect(decodeAll(p, gbk([0xc1, 0xbd]))).toEqual([r(0.15, 3, 'liang', true)]);
    expect(decodeAll(p, utf8('斤'))).toEqual([r(1.5, 3, 'jin', true)]);
    expect(decodeAll(p, utf8('两'))).toEqual([r(0.15, 3, 'liang', true)]);
    // The UTF-8 variant of the protocol encodes them as UTF-8; both decoders read both.
    const u = asciiFamily({ utf8Units: true }).encode(state({ kg: 1.5, unit: 'jin' }));
    expect(new TextDecoder().decode(u)).toBe('ST,GS,+003.000斤\r\n');
    expect(decodeAll(p, u)).toEqual([r(1.5, 3, 'jin', true)]);
  });

  it('frames split mid-character (GBK/UTF-8 unit) decode the same', () => {
    const data = concat(p.encode(state({ kg: 2, unit: 'liang' })), asciiFamily({ utf8Units: true }).encode(state({ kg: 2, unit: 'jin', stable: false })));
    expect(pushChunked(p.createDecoder(), data, prng(1))).toEqual([r(2, 40, 'liang', true), r(2, 4, 'jin', false)]);
  });

  it('garbage before a frame is skipped', () => {
    expect(decodeAll(p, bytes('\x00SSTS,ST,GS,+000.876kg\r\n'))).toEqual([r(0.876, 0.876, 'kg', true)]);
  });
});
