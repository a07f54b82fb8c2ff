import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dammDigit, dammValid } from '../../../shared/domain/damm';

const withCheck = (body: string) => body + dammDigit(body);

describe('dammDigit / dammValid', () => {
  it('matches the published example 572 → 4', () => {
    expect(dammDigit('572')).toBe(4);
    expect(dammValid('5724')).toBe(true);
    expect(dammValid('5727')).toBe(false);
  });

  it('refuses empty, non-digit and too-short input', () => {
    expect(() => dammDigit('')).toThrow(RangeError);
    expect(() => dammDigit('12x')).toThrow(RangeError);
    expect(dammValid('0')).toBe(false);
    expect(dammValid('')).toBe(false);
    expect(dammValid('57 24')).toBe(false);
    expect(dammValid('５７２４')).toBe(false);
  });

  it('catches every single-digit error and every adjacent transposition for all 4-digit bodies (exhaustive)', () => {
    let checked = 0;
    for (let n = 0; n < 10_000; n++) {
      const code = withCheck(String(n).padStart(4, '0'));
      expect(dammValid(code)).toBe(true);
      for (let i = 0; i < code.length; i++) {
        for (let d = 0; d < 10; d++) {
          if (String(d) === code[i]) continue;
          if (dammValid(code.slice(0, i) + d + code.slice(i + 1))) throw new Error(`missed substitution ${code} @${i}→${d}`);
          checked++;
        }
        // Adjacent transposition, including the pair (last body digit, check digit).
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          if (dammValid(swapped)) throw new Error(`missed transposition ${code} @${i}`);
          checked++;
        }
      }
    }
    // 10 000 codes × 5 positions × 9 substitutions, plus every unequal adjacent pair.
    expect(checked).toBeGreaterThan(450_000);
  });

  it('catches single-digit errors and adjacent transpositions in 18-digit bodies (the own-code length)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{18}$/), fc.nat(18), fc.integer({ min: 1, max: 9 }), (body, pos, shift) => {
        const code = withCheck(body);
        const sub = code.slice(0, pos) + String((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
        const p = Math.min(pos, 17);
        const swapped = code.slice(0, p) + code[p + 1] + code[p] + code.slice(p + 2);
        return dammValid(code) && !dammValid(sub) && (code[p] === code[p + 1] || !dammValid(swapped));
      }),
      { numRuns: 2000 },
    );
  });
});
