import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GS, GS1_AI_TABLE, lookupAi, parseGs1, toElementString, validateAiValue } from '../../../shared/domain/gs1';

const GTIN = '06901234567892';
const GLN = '6901234560008';
const SSCC = '369012345000000012';

const ok = (s: string, opts = {}) => {
  const r = parseGs1(s, opts);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse, got ${JSON.stringify(r.error)}`);
  return r.data;
};
const err = (s: string) => {
  const r = parseGs1(s);
  if (r.ok) throw new Error(`expected ${JSON.stringify(s)} to fail, got ${JSON.stringify(r.data)}`);
  return r.error;
};

describe('AI table', () => {
  it('is prefix-free, so an unbracketed string has one reading of each AI', () => {
    const keys = Object.keys(GS1_AI_TABLE).map((k) => k.replace(/n$/, ''));
    for (const a of keys) for (const b of keys) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
  });

  it('resolves decimal-position AIs within their allowed range only', () => {
    expect(lookupAi('3103')?.title).toBe('NET WEIGHT (kg)');
    expect(lookupAi('3105')).toBeDefined();
    expect(lookupAi('3106')).toBeUndefined();
    expect(lookupAi('3929')?.title).toBe('PRICE');
    expect(lookupAi('310n')).toBeUndefined();
    expect(lookupAi('99')).toBeUndefined();
  });
});

describe('parseGs1: symbology ids and separators', () => {
  it.each([']C1', ']d2', ']Q3', ']e0', ''])('reads a GS1-128/DataMatrix/QR string with prefix %j', (prefix) => {
    const d = ok(`${prefix}01${GTIN}17260630${'10'}LOT-7${GS}21SN001`);
    expect(d).toEqual({
      ais: { '01': GTIN, '17': '260630', '10': 'LOT-7', '21': 'SN001' },
      gtin: GTIN,
      expiryDate: '2026-06-30',
      batch: 'LOT-7',
      serial: 'SN001',
    });
  });

  it('tolerates FNC1 sent as a leading GS, a GS after a fixed field and a trailing GS', () => {
    const d = ok(`${GS}01${GTIN}${GS}10ABC${GS}`);
    expect(d.ais).toEqual({ '01': GTIN, '10': 'ABC' });
  });

  it('ends a variable field at the end of the string', () => {
    expect(ok(`01${GTIN}10ABC`).batch).toBe('ABC');
  });

  it('keeps reading fixed fields without separators', () => {
    const d = ok(`01${GTIN}11260101172606303103001234`);
    expect(d).toMatchObject({ productionDate: '2026-01-01', expiryDate: '2026-06-30', netWeightKg: 1.234 });
  });
});

describe('parseGs1: literal 029 from a keyboard wedge', () => {
  it('treats 029 after a variable field as a separator when the rest parses', () => {
    expect(ok(`01${GTIN}10ABC02921XYZ`)).toMatchObject({ batch: 'ABC', serial: 'XYZ' });
  });

  it('treats 029 after a fixed-length field as a separator only when the direct reading fails', () => {
    expect(ok(`01${GTIN}02910ABC`)).toMatchObject({ gtin: GTIN, batch: 'ABC' });
  });

  it('keeps 029 as data inside a lot when what follows is not valid AIs', () => {
    expect(ok(`01${GTIN}10L029X`).batch).toBe('L029X');
    // "17" after the 029 would be an expiry date, but 2 digits are not one.
    expect(ok(`01${GTIN}10AB02917`).batch).toBe('AB02917');
    // A trailing 029 separates nothing.
    expect(ok(`01${GTIN}10ABC029`).batch).toBe('ABC029');
  });

  it('reads a lot containing 029 followed by a literal separator', () => {
    expect(ok(`01${GTIN}10X02902917260630`)).toMatchObject({ batch: 'X029', expiryDate: '2026-06-30' });
  });

  it('keeps 029 as data when the rest would be an invalid date (the data reading wins)', () => {
    expect(ok(`01${GTIN}10ABC02917261399`).batch).toBe('ABC02917261399');
  });

  it('backtracks inside numeric variable fields too', () => {
    expect(ok(`301029029${'3103'}001234`)).toMatchObject({ ais: { '30': '1029', '3103': '001234' }, netWeightKg: 1.234 });
  });

  it('keeps 029 inside a lot when the scan separates its fields with real GS', () => {
    // Read with literal separators this would be lot "X", production date 2025-01-01.
    expect(ok(`01${GTIN}10X02911250101${GS}17260630`)).toMatchObject({ batch: 'X02911250101', expiryDate: '2026-06-30' });
    expect(ok(`01${GTIN}21S1${GS}10AB02921XYZ`)).toMatchObject({ serial: 'S1', batch: 'AB02921XYZ' });
    expect(ok(`01${GTIN}17260630${'10'}LOT02917260101${GS}21S`)).toMatchObject({ batch: 'LOT02917260101', expiryDate: '2026-06-30', serial: 'S' });
    // FNC1 in first position or a trailing GS is no separator: the literal reading still applies.
    expect(ok(`${GS}01${GTIN}10ABC02921XYZ${GS}`)).toMatchObject({ batch: 'ABC', serial: 'XYZ' });
  });

  it('does not take two separators in a row (029 next to a GS stays data)', () => {
    expect(ok(`01${GTIN}10AB${GS}21029X`).serial).toBe('029X');
    expect(err(`01${GTIN}029${GS}10AB`)).toMatchObject({ code: 'badLength', params: { ai: '02' } });
  });

  it('fails with the data reading’s error when no reading works', () => {
    expect(err(`01${GTIN}10ABCDEFGHIJKLMNOPQRSTU029`)).toEqual({ code: 'badLength', params: { ai: '10', min: 1, max: 20, got: 24 } });
  });
});

describe('parseGs1: bracketed human-readable form', () => {
  it('reads every field between brackets', () => {
    const d = ok(`(01)${GTIN}(10)L029X(11)250101(3103)001234(3922)1299(251)FJ1234567890`);
    expect(d).toEqual({
      ais: { '01': GTIN, '10': 'L029X', '11': '250101', '3103': '001234', '3922': '1299', '251': 'FJ1234567890' },
      gtin: GTIN,
      batch: 'L029X',
      productionDate: '2025-01-01',
      netWeightKg: 1.234,
      price: 12.99,
      sourceRef: 'FJ1234567890',
    });
  });

  it('refuses an unknown AI by name', () => {
    expect(err(`(01)${GTIN}(99)ABC`)).toEqual({ code: 'unknownAi', params: { ai: '99' } });
    expect(err(`(01)${GTIN}(3106)001234`)).toEqual({ code: 'unknownAi', params: { ai: '3106' } });
  });

  it('validates lengths and check digits like the unbracketed form', () => {
    expect(err(`(01)0690123456789`)).toEqual({ code: 'badLength', params: { ai: '01', expected: 14, got: 13 } });
    expect(err(`(01)06901234567893`)).toEqual({ code: 'badCheckDigit', params: { ai: '01', expected: '2', got: '3' } });
  });

  it('refuses text before the first bracket and empty values', () => {
    expect(err(`(0l)${GTIN}`)).toMatchObject({ code: 'badGs1', params: { reason: 'bracket' } });
    expect(err(`(01)${GTIN}(10)`)).toMatchObject({ code: 'badLength', params: { ai: '10', got: 0 } });
  });
});

describe('parseGs1: AI values', () => {
  it('decodes net weight in kg with n decimals and in lb converted to kg', () => {
    expect(ok(`01${GTIN}3100000012`).netWeightKg).toBe(12);
    expect(ok(`01${GTIN}3102001250`).netWeightKg).toBe(12.5);
    expect(ok(`01${GTIN}3105012345`).netWeightKg).toBe(0.12345);
    expect(ok(`01${GTIN}3201000100`).netWeightKg).toBe(4.535924);
  });

  it('decodes prices with n decimals, with and without ISO currency', () => {
    expect(ok(`01${GTIN}39220${'1299'}`).price).toBe(12.99);
    expect(ok(`01${GTIN}39321561299`)).toMatchObject({ price: 12.99, ais: { '3932': '1561299' } });
    expect(err(`01${GTIN}3932156`)).toMatchObject({ code: 'badLength', params: { ai: '3932' } });
  });

  it('decodes dates, with DD=00 as the last day of the month for expiry and the first for production', () => {
    expect(ok(`01${GTIN}17260200`).expiryDate).toBe('2026-02-28');
    expect(ok(`01${GTIN}17280200`).expiryDate).toBe('2028-02-29');
    expect(ok(`01${GTIN}11260200`).productionDate).toBe('2026-02-01');
    expect(ok(`01${GTIN}15261200`).bestBeforeDate).toBe('2026-12-31');
    expect(ok(`01${GTIN}16260400`).sellByDate).toBe('2026-04-30');
  });

  it('keeps production (11), best before (15), sell by (16) and expiry (17) each in its own field', () => {
    expect(ok(`01${GTIN}11260101152606151626062017260630`)).toEqual({
      ais: { '01': GTIN, '11': '260101', '15': '260615', '16': '260620', '17': '260630' },
      gtin: GTIN,
      productionDate: '2026-01-01',
      bestBeforeDate: '2026-06-15',
      sellByDate: '2026-06-20',
      expiryDate: '2026-06-30',
    });
    // A best-before date alone is not an expiry date.
    const bestBeforeOnly = ok(`(01)${GTIN}(15)260615`);
    expect(bestBeforeOnly).toMatchObject({ bestBeforeDate: '2026-06-15' });
    expect(bestBeforeOnly.expiryDate).toBeUndefined();
    expect(ok(`(01)${GTIN}(16)260620`)).toEqual({ ais: { '01': GTIN, '16': '260620' }, gtin: GTIN, sellByDate: '2026-06-20' });
  });

  it('reads DD=00 in (15), (16) and (17) as the last day of that month in every month of the century', () => {
    const yymm = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }));
    fc.assert(
      fc.property(yymm, fc.constantFrom(['15', 'bestBeforeDate'] as const, ['16', 'sellByDate'] as const, ['17', 'expiryDate'] as const), ([yy, mm], [ai, field]) => {
        const year = 2000 + yy;
        const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
        const d = ok(`01${GTIN}${ai}${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}00`);
        expect(d[field]).toBe(`${year}-${String(mm).padStart(2, '0')}-${last}`);
      }),
    );
  });

  it.each(['17261301', '17260001', '17260230', '17270229', '11251232', '13250431', '15260431', '16261301'])('refuses the impossible date in %s', (field) => {
    expect(err(`01${GTIN}${field}`)).toEqual({ code: 'badDate', params: { ai: field.slice(0, 2), value: field.slice(2) } });
  });

  it('picks the century by the GS1 sliding window when a reference year is given', () => {
    expect(ok(`01${GTIN}17990101`).expiryDate).toBe('2099-01-01');
    expect(ok(`01${GTIN}17990101`, { referenceYear: 2026 }).expiryDate).toBe('1999-01-01');
    expect(ok(`01${GTIN}17760101`, { referenceYear: 2026 }).expiryDate).toBe('2076-01-01');
    expect(ok(`01${GTIN}17770101`, { referenceYear: 2026 }).expiryDate).toBe('1977-01-01');
    expect(ok(`01${GTIN}17100101`, { referenceYear: 2060 }).expiryDate).toBe('2110-01-01');
  });

  it('validates production date-time 8008', () => {
    expect(ok(`01${GTIN}800826063014`).ais['8008']).toBe('26063014');
    expect(ok(`01${GTIN}80082606301430${'59'}`).ais['8008']).toBe('260630143059');
    expect(err(`01${GTIN}800826063024`)).toEqual({ code: 'badDate', params: { ai: '8008', value: '26063024' } });
    expect(err(`01${GTIN}800826063014601`)).toMatchObject({ code: 'badLength', params: { ai: '8008' } });
    expect(err(`01${GTIN}80082606001430`)).toMatchObject({ code: 'badDate' });
  });

  it('checks the check digits of GTIN, content GTIN, SSCC and GLNs', () => {
    expect(ok(`00${SSCC}02${GTIN}3712`).ais).toEqual({ '00': SSCC, '02': GTIN, '37': '12' });
    expect(err(`00369012345000000013`)).toEqual({ code: 'badCheckDigit', params: { ai: '00', expected: '2', got: '3' } });
    expect(err(`02${GTIN.slice(0, 13)}0`)).toEqual({ code: 'badCheckDigit', params: { ai: '02', expected: '2', got: '0' } });
    for (const ai of ['410', '411', '412', '413', '414']) {
      expect(ok(`01${GTIN}${ai}${GLN}`).ais[ai]).toBe(GLN);
      expect(err(`01${GTIN}${ai}6901234560009`)).toEqual({ code: 'badCheckDigit', params: { ai, expected: '8', got: '9' } });
    }
  });

  it('reads counts, references and order numbers', () => {
    const d = ok(`01${GTIN}3012${GS}240PART-1${GS}241CUST${GS}400PO/2026${GS}22V1`);
    expect(d.ais).toEqual({ '01': GTIN, '30': '12', '240': 'PART-1', '241': 'CUST', '400': 'PO/2026', '22': 'V1' });
  });

  it('keeps lengths within the table', () => {
    expect(ok(`01${GTIN}10${'A'.repeat(20)}`).batch).toBe('A'.repeat(20));
    expect(err(`01${GTIN}10${'A'.repeat(21)}`)).toEqual({ code: 'badLength', params: { ai: '10', min: 1, max: 20, got: 21 } });
    expect(err(`01${GTIN}21${'S'.repeat(21)}`)).toMatchObject({ code: 'badLength', params: { ai: '21', max: 20 } });
    expect(err(`01${GTIN}251${'R'.repeat(31)}`)).toMatchObject({ code: 'badLength', params: { ai: '251', max: 30 } });
    expect(err(`01${GTIN}10${GS}21X`)).toMatchObject({ code: 'badLength', params: { ai: '10', got: 0 } });
    expect(err(`0106901234`)).toEqual({ code: 'badLength', params: { ai: '01', expected: 14, got: 8 } });
    expect(err(`01069012345678${GS}10A`)).toMatchObject({ code: 'badLength', params: { ai: '01', got: 12 } });
  });

  it('refuses characters outside GS1 character set 82', () => {
    expect(err(`01${GTIN}10批次1`)).toEqual({ code: 'badGs1', params: { ai: '10', reason: 'charset' } });
    expect(err(`01${GTIN}10AB C`)).toEqual({ code: 'badGs1', params: { ai: '10', reason: 'charset' } });
    expect(err(`01${GTIN}3103001.34`)).toEqual({ code: 'badGs1', params: { ai: '3103', reason: 'charset' } });
  });
});

describe('parseGs1: refusals', () => {
  it('names an unknown AI with the length GS1 numbering implies', () => {
    expect(err(`01${GTIN}99ABC`)).toEqual({ code: 'unknownAi', params: { ai: '99' } });
    expect(err(`01${GTIN}7003260630${'1200'}`)).toEqual({ code: 'unknownAi', params: { ai: '7003' } });
    expect(err(`01${GTIN}2501`)).toEqual({ code: 'unknownAi', params: { ai: '250' } });
    expect(err(`01${GTIN}3106001234`)).toEqual({ code: 'unknownAi', params: { ai: '3106' } });
  });

  it('expects an AI where text starts', () => {
    expect(err('ABC')).toEqual({ code: 'badGs1', params: { reason: 'aiExpected', at: 0 } });
    expect(err(`01${GTIN}${GS}ABC`)).toEqual({ code: 'badGs1', params: { reason: 'aiExpected', at: 17 } });
  });

  it('refuses element strings longer than MAX_ELEMENT_STRING without deep recursion', () => {
    expect(err(`01${GTIN}` + `3712${GS}`.repeat(5000))).toEqual({ code: 'badGs1', params: { reason: 'tooLong' } });
    expect(ok(`37${'1'}${GS}`.repeat(200) + '371').ais).toEqual({ '37': '1' });
  });

  it('refuses an empty element string and conflicting duplicate AIs', () => {
    expect(err(']C1')).toEqual({ code: 'badGs1', params: { reason: 'empty' } });
    expect(err(`${GS}${GS}`)).toEqual({ code: 'badGs1', params: { reason: 'empty' } });
    expect(err(`01${GTIN}10A${GS}10B`)).toEqual({ code: 'badGs1', params: { reason: 'duplicateAi', ai: '10' } });
    expect(ok(`01${GTIN}10A${GS}10A`).batch).toBe('A');
  });
});

describe('validateAiValue and toElementString', () => {
  it('validates single values', () => {
    expect(validateAiValue('17', '260631')).toEqual({ code: 'badDate', params: { ai: '17', value: '260631' } });
    expect(validateAiValue('16', '260631')).toEqual({ code: 'badDate', params: { ai: '16', value: '260631' } });
    expect(validateAiValue('16', '260630')).toBeNull();
    expect(validateAiValue('10', 'ABC')).toBeNull();
    expect(validateAiValue('98', 'X')).toEqual({ code: 'unknownAi', params: { ai: '98' } });
  });

  it('puts GS only after variable fields that are followed by another', () => {
    expect(
      toElementString([
        ['01', GTIN],
        ['10', 'ABC'],
        ['21', 'X'],
      ]),
    ).toBe(`01${GTIN}10ABC${GS}21X`);
    expect(
      toElementString([
        ['10', 'ABC'],
        ['17', '260630'],
      ]),
    ).toBe(`10ABC${GS}17260630`);
    expect(
      toElementString([
        ['01', GTIN],
        ['17', '260630'],
        ['10', 'A'],
      ]),
    ).toBe(`01${GTIN}1726063010A`);
  });
});

describe('parseGs1: properties', () => {
  const cset82 = fc.constantFrom(...'!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz');
  const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-');
  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replace(/-/g, ''));

  it('round-trips element strings built with GS', () => {
    fc.assert(
      fc.property(fc.string({ unit: cset82, minLength: 1, maxLength: 20 }), fc.option(fc.string({ unit: cset82, minLength: 1, maxLength: 20 })), date, (lot, serial, exp) => {
        const fields: Array<[string, string]> = [
          ['01', GTIN],
          ['10', lot],
        ];
        if (serial !== null) fields.push(['21', serial]);
        fields.push(['17', exp]);
        const d = ok(toElementString(fields));
        expect(d.ais).toEqual(Object.fromEntries(fields));
      }),
    );
  });

  it('round-trips strings whose GS came through as literal 029 (lots without digits)', () => {
    fc.assert(
      fc.property(fc.string({ unit: letters, minLength: 1, maxLength: 20 }), fc.string({ unit: letters, minLength: 1, maxLength: 20 }), date, (lot, serial, exp) => {
        const fields: Array<[string, string]> = [
          ['01', GTIN],
          ['10', lot],
          ['21', serial],
          ['17', exp],
        ];
        const d = ok(toElementString(fields).split(GS).join('029'));
        expect(d.ais).toEqual(Object.fromEntries(fields));
      }),
    );
  });

  it('keeps every lot containing 029 whole when the string has a real GS, wherever the lot stands', () => {
    const letters1to5 = fc.string({ unit: letters, minLength: 1, maxLength: 5 });
    // What follows 029 inside the lot: text that would read as valid AIs if 029 were a separator.
    const aiLike = fc.oneof(
      date.map((d) => `11${d}`),
      date.map((d) => `17${d}`),
      fc.string({ unit: letters, minLength: 1, maxLength: 8 }).map((x) => `21${x}`),
    );
    fc.assert(
      fc.property(letters1to5, aiLike, letters1to5, date, fc.boolean(), (head, tail, serial, exp, lotLast) => {
        const lot = `${head}029${tail}`;
        const fields: Array<[string, string]> = lotLast
          ? [
              ['01', GTIN],
              ['17', exp],
              ['21', serial],
              ['10', lot],
            ]
          : [
              ['01', GTIN],
              ['10', lot],
              ['17', exp],
              ['21', serial],
            ];
        const s = toElementString(fields);
        expect(s).toContain(GS);
        expect(ok(s).ais).toEqual(Object.fromEntries(fields));
      }),
    );
  });

  it('never throws and answers ok or a known error on arbitrary input', () => {
    const unit = fc.oneof(fc.constantFrom('0', '1', '2', '7', '9', '029', GS, '(', ')', '10', '17', ']C1'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }).map((a) => a.join('')),
        (s) => {
          const r = parseGs1(s);
          if (!r.ok) expect(['badGs1', 'unknownAi', 'badDate', 'badLength', 'badCheckDigit']).toContain(r.error.code);
          else expect(typeof r.data.ais).toBe('object');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays fast on pathological 029 runs (memoised backtracking)', () => {
    const t = performance.now();
    expect(parseGs1(`01${GTIN}10` + '029'.repeat(150))).toMatchObject({ ok: false, error: { code: 'badLength' } });
    expect(parseGs1('10A029'.repeat(85))).toMatchObject({ ok: false, error: { code: 'badGs1', params: { reason: 'duplicateAi' } } });
    expect(parseGs1('21A0293'.repeat(70) + 'X')).toMatchObject({ ok: false });
    expect(performance.now() - t).toBeLessThan(500);
  });
});
