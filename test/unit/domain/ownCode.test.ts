import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammValid } from '../../../shared/domain/damm';
import { OWN_CODE, formatOwnCode, parseOwnCode } from '../../../shared/domain/ownCode';

describe('OWN_CODE layout', () => {
  it('adds up to 19 digits: station 7 + sequence 11 + check 1', () => {
    expect(OWN_CODE.stationIdLength + OWN_CODE.sequenceLength + 1).toBe(OWN_CODE.length);
    expect(OWN_CODE.length).toBe(19);
    expect(OWN_CODE.maxSequence).toBe(10 ** OWN_CODE.sequenceLength - 1);
  });
});

describe('formatOwnCode', () => {
  it('puts station id, zero-padded sequence and Damm digit in order', () => {
    expect(formatOwnCode('3501001', 1)).toBe('3501001000000000014');
    expect(formatOwnCode('3501001', 12_345_678_901)).toBe('3501001123456789011');
    expect(dammValid(formatOwnCode('0000000', 0))).toBe(true);
  });

  it('issues the largest sequence without losing precision', () => {
    const code = formatOwnCode('9999999', OWN_CODE.maxSequence);
    expect(code.slice(0, 18)).toBe('999999999999999999');
    expect(parseOwnCode(code)).toEqual({ stationId: '9999999', sequence: 99_999_999_999 });
  });

  const badStation = new RangeError('station id must be 7 digits');
  const badSequence = new RangeError('sequence must be an integer in 0..99999999999');
  it.each([
    ['350100', 1, badStation],
    ['35010011', 1, badStation],
    ['35O1001', 1, badStation],
    ['3501001', -1, badSequence],
    ['3501001', 1.5, badSequence],
    ['3501001', OWN_CODE.maxSequence + 1, badSequence],
    ['3501001', Number.NaN, badSequence],
  ])('throws for station %j and sequence %j, saying which is wrong', (station, seq, error) => {
    expect(() => formatOwnCode(station, seq)).toThrow(error);
  });
});

describe('parseOwnCode', () => {
  it('round-trips any station id and sequence', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), fc.integer({ min: 0, max: OWN_CODE.maxSequence }), (stationId, sequence) => {
        const code = formatOwnCode(stationId, sequence);
        expect(code).toMatch(/^\d{19}$/);
        expect(parseOwnCode(code)).toEqual({ stationId, sequence });
      }),
    );
  });

  it('refuses a code with any single digit changed', () => {
    const code = formatOwnCode('3501001', 42);
    for (let i = 0; i < 19; i++) {
      for (let d = 0; d < 10; d++) {
        if (String(d) === code[i]) continue;
        expect(parseOwnCode(code.slice(0, i) + d + code.slice(i + 1))).toBeNull();
      }
    }
  });

  it.each(['', '350100100000000001', '35010010000000000140', '3501001-00000000014', '3501001000000000014 ', 'ABCDEFGHIJKLMNOPQRS'])('refuses %j', (s) => {
    expect(parseOwnCode(s)).toBeNull();
  });
});
