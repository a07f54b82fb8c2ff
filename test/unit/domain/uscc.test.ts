import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET, USCC_AUTHORITIES, USCC_PROVINCES, checkUscc, normalizeUscc, usccCheckChar } from '../../../shared/domain/uscc';

// Public example code; its check character was verified by hand with the GB 32100 weights.
const KNOWN = '91350100M000100Y43';
const build = (first17: string) => first17 + usccCheckChar(first17);
const FIXTURES = [KNOWN, build('91440300MA5DXXXX0'), build('12100000400000624'), build('Y1110108MC0000001'), build('51100000500000123'), build('N2330102MF0000001')];

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
/** Positions 1–2: every registration authority with each organisation type it registers. */
const arbAuthorityType = fc.constantFrom(...Object.entries(USCC_AUTHORITIES).flatMap(([a, { types }]) => [...types].map((t) => a + t)));
/** Positions 3–8: a province-level division with any city/county digits, or the national 100000. */
const arbDivision = fc.oneof(
  fc.constant('100000'),
  fc.tuple(fc.constantFrom(...USCC_PROVINCES), fc.stringMatching(/^\d{4}$/)).map(([p, rest]) => p + rest),
);
const arbFirst17 = fc.tuple(arbAuthorityType, arbDivision, fc.string({ unit: alphabetChar, minLength: 9, maxLength: 9 })).map((parts) => parts.join(''));
const arbAnyFirst17 = fc.string({ unit: alphabetChar, minLength: 17, maxLength: 17 });
const at = (code: string, i: number, ch: string) => code.slice(0, i) + ch + code.slice(i + 1);
/** What a Chinese input method types: full-width digits and capitals (U+FF10…, U+FF21…). */
const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

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

describe('checkUscc: check character', () => {
  it.each(FIXTURES)('accepts %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true });
  });

  it('accepts every structurally valid code built with the algorithm', () => {
    fc.assert(
      fc.property(arbFirst17, (first17) => checkUscc(build(first17)).ok === true),
      { numRuns: 2000 },
    );
  });

  it('detects every single-character substitution at every position', () => {
    for (const code of FIXTURES) {
      for (let i = 0; i < 18; i++) {
        for (const ch of USCC_ALPHABET) {
          if (ch === code[i]) continue;
          const result = checkUscc(at(code, i, ch));
          expect(result.ok, at(code, i, ch)).toBe(false);
          // Past the structured head only the check character can catch it.
          if (i >= 8) expect(result, at(code, i, ch)).toEqual({ ok: false, code: 'checkChar' });
        }
      }
    }
  });

  it('detects a random substitution in random codes', () => {
    fc.assert(
      fc.property(arbFirst17, fc.nat(17), fc.integer({ min: 1, max: 30 }), (first17, pos, shift) => {
        const code = build(first17);
        const ch = USCC_ALPHABET[(USCC_ALPHABET.indexOf(code[pos]!) + shift) % 31]!;
        return checkUscc(at(code, pos, ch)).ok === false;
      }),
    );
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the forbidden letter %s as charset', (letter) => {
    expect(checkUscc(at(KNOWN, 8, letter))).toEqual({ ok: false, code: 'charset' });
    expect(checkUscc(KNOWN.slice(0, 17) + letter)).toEqual({ ok: false, code: 'charset' });
  });

  it('refuses lower case, punctuation and full-width characters given as they are', () => {
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

describe('checkUscc: structure (GB 32100-2015)', () => {
  it('refuses eighteen zeros, whose check character is right, for its registration authority', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(checkUscc('000000000000000000')).toEqual({ ok: false, code: 'authority' });
  });

  it('refuses every position-1 character that is no registration authority, whatever follows', () => {
    const outside = [...USCC_ALPHABET].filter((c) => !(c in USCC_AUTHORITIES));
    expect(outside).toEqual(['0', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'P', 'Q', 'R', 'T', 'U', 'W', 'X']);
    fc.assert(
      fc.property(fc.constantFrom(...outside), arbAnyFirst17, (authority, rest) => {
        expect(checkUscc(build(authority + rest.slice(1)))).toEqual({ ok: false, code: 'authority' });
      }),
    );
  });

  it('knows the table of the standard for authorities 1, 5, 9 and Y', () => {
    expect(USCC_AUTHORITIES['1']!.types).toBe('1239');
    expect(USCC_AUTHORITIES['5']!.types).toBe('1239');
    expect(USCC_AUTHORITIES['9']!.types).toBe('123');
    expect(USCC_AUTHORITIES['Y']!.types).toBe('1');
  });

  it('refuses an organisation type its authority does not register, at every authority', () => {
    for (const [authority, { types }] of Object.entries(USCC_AUTHORITIES)) {
      for (const type of USCC_ALPHABET) {
        const code = build(`${authority}${type}350100M000100Y4`);
        expect(checkUscc(code), code).toEqual(types.includes(type) ? { ok: true } : { ok: false, code: 'orgType' });
      }
    }
  });

  it.each([
    ['no province 99', '99010'],
    ['no province 00', '00000'],
    ['no province 16', '16010'],
    ['no province 20', '20010'],
    ['a letter in the division', '3501A'],
  ])('refuses a division with %s', (_name, division) => {
    expect(checkUscc(build(`91${division}0M000100Y4`))).toEqual({ ok: false, code: 'division' });
  });

  it('takes every province-level code, Taiwan, Hong Kong, Macao and the national 100000', () => {
    for (const province of [...USCC_PROVINCES, '71', '81', '82']) expect(checkUscc(build(`91${province}0100M000100Y4`)).ok, province).toBe(true);
    expect(checkUscc(build('11100000000013127'))).toEqual({ ok: true });
    expect(checkUscc(build('11100001000013127'))).toEqual({ ok: false, code: 'division' });
  });

  it('refuses any division whose first two digits are not a province code', () => {
    const provinces = new Set<string>(USCC_PROVINCES);
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), (division) => {
        fc.pre(!provinces.has(division.slice(0, 2)) && division !== '100000');
        expect(checkUscc(build(`91${division}M000100Y4`))).toEqual({ ok: false, code: 'division' });
      }),
    );
  });
});

describe('normalizeUscc', () => {
  it('reads full-width digits and letters typed through a Chinese input method', () => {
    expect(normalizeUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(KNOWN);
    expect(normalizeUscc('９１３５０１００ｍ０００１００ｙ４３')).toBe(KNOWN);
    expect(checkUscc(normalizeUscc('９１３５０１００Ｍ０００１００Ｙ４３'))).toEqual({ ok: true });
  });

  it('upper-cases and drops ASCII and ideographic spaces', () => {
    expect(normalizeUscc(' 9135 0100 m000 100y 43\t')).toBe(KNOWN);
    expect(normalizeUscc('91350100\u3000M000100Y43')).toBe(KNOWN);
  });

  it('gives back every valid code from any mix of full width, lower case and spaces', () => {
    fc.assert(
      fc.property(arbFirst17, fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }), fc.array(fc.constantFrom('', ' ', '\u3000'), { minLength: 18, maxLength: 18 }), (first17, wide, gaps) => {
        const code = build(first17);
        const typed = [...code].map((c, i) => (wide[i] ? fullWidth(c) : c) + gaps[i]).join('');
        const lowered = wide[0] ? typed.toLowerCase() : typed;
        expect(normalizeUscc(lowered)).toBe(code);
      }),
    );
  });

  it('leaves a code that is already canonical as it is', () => {
    fc.assert(fc.property(arbFirst17, (first17) => normalizeUscc(build(first17)) === build(first17)));
  });
});
