import { describe, expect, it } from 'vitest';
import { mtSics } from '../../../drivers/scale/protocols/mtSics';
import { bytes, decodeAll, state } from './helpers';

const text = (u: Uint8Array | null) => (u ? String.fromCharCode(...u) : null);

describe('MT-SICS', () => {
  it.each([
    ['S S      1.234 kg', { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: true }],
    ['S D      1.234 kg', { kind: 'reading', kg: 1.234, value: 1.234, unit: 'kg', net: false, stable: false }],
    ['S S    123.4 g', { kind: 'reading', kg: 0.1234, value: 123.4, unit: 'g', net: false, stable: true }],
    ['S S      2.000 lb', { kind: 'reading', kg: 0.90718474, value: 2, unit: 'lb', net: false, stable: true }],
    ['S S     -0.500 kg', { kind: 'reading', kg: -0.5, value: -0.5, unit: 'kg', net: false, stable: true }],
    ['S +', { kind: 'overload' }],
    ['S -', { kind: 'underload' }],
    ['S I', { kind: 'busy' }],
    ['Z A', { kind: 'ack', command: 'zero' }],
    ['Z I', { kind: 'busy' }],
    ['Z +', { kind: 'overload' }],
    ['T S      0.100 kg', { kind: 'ack', command: 'tare' }],
    ['TAC A', { kind: 'ack', command: 'clearTare' }],
    ['ES', { kind: 'error', reason: 'scale error ES' }],
    ['EL', { kind: 'error', reason: 'scale error EL' }],
    ['S S      1.234 oz', { kind: 'error', reason: 'malformed MT-SICS reply' }],
  ])('%s', (line, event) => {
    expect(decodeAll(mtSics, bytes(`${line}\r\n`))).toEqual([event]);
  });

  it('polls with SI and answers like a balance', () => {
    expect(text(mtSics.poll!)).toBe('SI\r\n');
    const s = state({ kg: 0.25, stable: false });
    expect(text(mtSics.answer!(bytes('SI\r\n'), s))).toBe('S D      0.250 kg\r\n');
    expect(text(mtSics.answer!(bytes('S\r\n'), state({ overload: true })))).toBe('S +\r\n');
    expect(text(mtSics.answer!(mtSics.commands.zero!, s))).toBe('Z A\r\n');
    expect(decodeAll(mtSics, mtSics.answer!(mtSics.commands.tare!, s)!)).toEqual([{ kind: 'ack', command: 'tare' }]);
    expect(decodeAll(mtSics, mtSics.answer!(mtSics.commands.clearTare!, s)!)).toEqual([{ kind: 'ack', command: 'clearTare' }]);
    expect(text(mtSics.answer!(bytes('XYZ\r\n'), s))).toBe('ES\r\n');
  });

  it('a stray start letter before a reply does not swallow it', () => {
    expect(decodeAll(mtSics, bytes('S\x00ZS S      1.000 kg\r\n'))).toMatchObject([{ kind: 'reading', kg: 1 }]);
  });

  it('printable noise starting with S before a reply resyncs on the reply; a malformed reply alone is an error', () => {
    expect(decodeAll(mtSics, bytes('S q7S D      0.250 kg\r\n'))).toMatchObject([{ kind: 'reading', kg: 0.25, stable: false }]);
    expect(decodeAll(mtSics, bytes('S S      abc kg\r\n'))).toMatchObject([{ kind: 'error' }]);
  });

  it('noise ending in "T " before a reply is no tare acknowledgement: it resyncs on the reply (found by the round-trip property)', () => {
    expect(decodeAll(mtSics, bytes('= T S D      0.000 kg\r\n'))).toMatchObject([{ kind: 'reading', kg: 0, stable: false }]);
    expect(decodeAll(mtSics, bytes('T S      0.100 kg\r\n'))).toEqual([{ kind: 'ack', command: 'tare' }]);
    expect(decodeAll(mtSics, bytes('T S junk\r\n'))).toMatchObject([{ kind: 'error' }]);
  });
});
