import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, isValidGtin, isValidMod10, toGtin14 } from '../../../shared/domain/gs1Check';

// Published examples (EAN-13, UPC-A, EAN-8, GS1 example GTIN-14) plus a China-prefix GTIN.
const KNOWN = ['4006381333931', '036000291452', '96385074', '10614141000415', '6901234567892'];

describe('gs1CheckDigit', () => {
  it('computes the check digit of published GTINs', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('9638507')).toBe(4);
    expect(gs1CheckDigit('1061414100041')).toBe(5);
  });

  it('gives 0 (not 10) when the weighted sum is a multiple of ten', () => {
    expect(gs1CheckDigit('0000000')).toBe(0);
    expect(gs1CheckDigit('690123456000')).toBe(8);
  });

  it('throws on non-digits and on the empty string', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(RangeError);
    expect(() => gs1CheckDigit('')).toThrow(RangeError);
  });
});

describe('isValidGtin', () => {
  it.each(KNOWN)('accepts %s', (gtin) => {
    expect(isValidGtin(gtin)).toBe(true);
  });

  it('round-trips random data of every GTIN length', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 12, 13), fc.nat(), (len, seed) => {
        const data = String(seed).padStart(len, '0').slice(-len);
        return isValidGtin(data + gs1CheckDigit(data));
      }),
    );
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (data, pos, shift) => {
        const code = data + gs1CheckDigit(data);
        const bad = code.slice(0, pos) + String((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
        return !isValidGtin(bad);
      }),
    );
  });

  it('misses a 0↔5 adjacent transposition: why own codes use Damm instead', () => {
    const data = '123456789050';
    const good = data + gs1CheckDigit(data);
    const swapped = '123456789500' + good.slice(-1); // "05" → "50", same check digit
    expect(isValidGtin(good)).toBe(true);
    expect(swapped).not.toBe(good);
    expect(isValidGtin(swapped)).toBe(true);
  });

  it.each(['', '1234567', '123456789', '12345678901', '123456789012345', '4006381333932', '40063813339a1', ' 96385074'])('refuses %j', (s) => {
    expect(isValidGtin(s)).toBe(false);
  });
});

describe('isValidMod10 and toGtin14', () => {
  it('validates any length (GLN 13, SSCC 18)', () => {
    expect(isValidMod10('6901234560008')).toBe(true);
    expect(isValidMod10('369012345000000012')).toBe(true);
    expect(isValidMod10('369012345000000013')).toBe(false);
    expect(isValidMod10('0')).toBe(false);
  });

  it('pads to 14 digits', () => {
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(toGtin14('6901234567892')).toBe('06901234567892');
    expect(toGtin14('10614141000415')).toBe('10614141000415');
  });
});
