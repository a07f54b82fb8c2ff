/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters —
 *   1     登记管理部门代码 (registration authority)
 *   2     机构类别代码 (organisation type, per authority)
 *   3–8   登记管理机关行政区划码 (GB/T 2260 division of the registering office)
 *   9–17  主体标识码 (the old organisation code)
 *   18    check character, mod 31 over the first 17 (GB 32100-2015).
 * The structure is checked from USCC_AUTHORITIES and USCC_PROVINCES (data, see there for sources);
 * the subject code (9–17) is not: no rule for it is confirmed for every kind of subject.
 */

/** The code's alphabet: digits and capitals without I O Z S V (too easily misread). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_CHARS = /^[0-9A-HJ-NPQRTUWXY]*$/;

/**
 * Position 1 → the organisation types (position 2) it registers. 1, 5, 9 and Y are the table of
 * GB 32100-2015 itself; 2, 3, 4, 6, 7, 8, A and N were assigned to further registration authorities
 * after it (as reproduced in public explanations of the code, e.g. http://ddrv.cn/?p=726373 — not
 * checked against the standard's amendment text, so kept here as data to extend).
 */
export const USCC_AUTHORITIES: Readonly<Record<string, { name: string; types: string }>> = {
  '1': { name: '机构编制', types: '1239' },
  '2': { name: '外交', types: '19' },
  '3': { name: '司法行政', types: '123459' },
  '4': { name: '文化', types: '19' },
  '5': { name: '民政', types: '1239' },
  '6': { name: '旅游', types: '129' },
  '7': { name: '宗教', types: '129' },
  '8': { name: '工会', types: '19' },
  '9': { name: '工商', types: '123' },
  A: { name: '中央军委改革和编制办公室', types: '19' },
  N: { name: '农业', types: '1239' },
  Y: { name: '其他', types: '1' },
};

/**
 * First two digits of a GB/T 2260 division code (provinces, autonomous regions, municipalities,
 * Taiwan 71, Hong Kong 81, Macao 82). The rest of the division (city, county) changes every year
 * and is not checked. Offices registering at national level write `100000` (e.g. ministries
 * 11100000…, national associations 51100000…), which GB/T 2260 itself does not list.
 */
export const USCC_PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
] as const;
const NATIONAL_DIVISION = '100000';

export const USCC_PROBLEMS = ['length', 'charset', 'authority', 'orgType', 'division', 'checkChar'] as const;
export type UsccProblem = (typeof USCC_PROBLEMS)[number];
export type UsccCheck = { ok: true } | { ok: false; code: UsccProblem };

/**
 * What a person typed, as a code: a Chinese input method gives full-width digits and letters
 * (`９１３５…`, `ＭＡ`) and ideographic spaces; NFKC makes them ASCII, then upper case, no spaces.
 */
export function normalizeUscc(typed: string): string {
  return typed.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
}

/** Check character for the first 17 characters. Throws RangeError on malformed input. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || !USCC_CHARS.test(first17)) {
    throw new RangeError('usccCheckChar needs 17 characters of the USCC alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Positions 3–8: six digits naming a province-level division, or the national `100000`. */
function isDivision(code: string): boolean {
  return /^\d{6}$/.test(code) && (code === NATIONAL_DIVISION || (USCC_PROVINCES as readonly string[]).includes(code.slice(0, 2)));
}

/**
 * Validates a code exactly as given (callers pass typed input through normalizeUscc first; lower
 * case is refused as 'charset' so that a stored code is always canonical). Problems are reported
 * in position order: length, characters, position 1, position 2, positions 3–8, check character.
 */
export function checkUscc(s: string): UsccCheck {
  if (s.length !== 18) return { ok: false, code: 'length' };
  if (!USCC_CHARS.test(s)) return { ok: false, code: 'charset' };
  const authority = USCC_AUTHORITIES[s[0]!];
  if (!authority) return { ok: false, code: 'authority' };
  if (!authority.types.includes(s[1]!)) return { ok: false, code: 'orgType' };
  if (!isDivision(s.slice(2, 8))) return { ok: false, code: 'division' };
  if (usccCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, code: 'checkChar' };
  return { ok: true };
}
