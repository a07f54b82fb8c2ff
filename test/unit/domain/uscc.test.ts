import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET, checkUscc, usccCheckChar } from '../../../shared/domain/uscc';

// Public example code; its check character was verified by hand with the GB 32100 weights.
const KNOWN = '91350100M000100Y43';
const build = (first17: string) => first17 + usccCheckChar(first17);
const FIXTURES = [KNOWN, build('91440300MA5DXXXX0'), build('12100000400000624'), build('Y1110108MC0000001')];
const arbFirst17 = fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 17, maxLength: 17 });

describe('usccCheckChar', () => {
  it('computes the check character of a known public code', () => {
    expect(usccCheckChar(KNOWN.slice(0, 17))).toBe('3');
  });

  it('maps a weighted sum that is a multiple of 31 to "0" (no 31st character)', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('refuses input that is not 17 characters of the alphabet', () => {
    expect(() => usccCheckChar('9135010')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('checkUscc', () => {
  it.each(FIXTURES)('accepts %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
  });

  it('accepts every code built with the algorithm', () => {
    fc.assert(fc.property(arbFirst17, (first17) => checkUscc(build(first17)).ok === true));
  });

  it('detects every single-character substitution at every position', () => {
    for (const code of FIXTURES) {
      for (let i = 0; i < 18; i++) {
        for (const ch of USCC_ALPHABET) {
          if (ch === code[i]) continue;
          const bad = code.slice(0, i) + ch + code.slice(i + 1);
          expect(checkUscc(bad), bad).toEqual({ ok: false, code: 'checkChar' });
        }
      }
    }
  });

  it('detects a random substitution in random codes', () => {
    fc.assert(
      fc.property(arbFirst17, fc.nat(17), fc.integer({ min: 1, max: 30 }), (first17, pos, shift) => {
        const code = build(first17);
        const ch = USCC_ALPHABET[(USCC_ALPHABET.indexOf(code[pos]!) + shift) % 31]!;
        const bad = code.slice(0, pos) + ch + code.slice(pos + 1);
        return checkUscc(bad).ok === false;
      }),
    );
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the forbidden letter %s as charset', (letter) => {
    expect(checkUscc(KNOWN.slice(0, 8) + letter + KNOWN.slice(9))).toEqual({ ok: false, code: 'charset' });
    expect(checkUscc(KNOWN.slice(0, 17) + letter)).toEqual({ ok: false, code: 'charset' });
  });

  it('refuses lower case, punctuation and full-width characters as charset', () => {
    expect(checkUscc(KNOWN.toLowerCase())).toEqual({ ok: false, code: 'charset' });
    expect(checkUscc('91350100M000100Y4-')).toEqual({ ok: false, code: 'charset' });
    expect(checkUscc('９1350100M000100Y43')).toEqual({ ok: false, code: 'charset' });
  });

  it('refuses wrong lengths before anything else', () => {
    expect(checkUscc('')).toEqual({ ok: false, code: 'length' });
    expect(checkUscc(KNOWN.slice(0, 17))).toEqual({ ok: false, code: 'length' });
    expect(checkUscc(KNOWN + '0')).toEqual({ ok: false, code: 'length' });
    expect(checkUscc(` ${KNOWN}`)).toEqual({ ok: false, code: 'length' });
  });
});
