import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCAN_ERROR_CODES, gs1Key, parseCode, type ParsedCode } from '../../../shared/domain/codes';
import { gs1CheckDigit } from '../../../shared/domain/gs1Check';
import { formatOwnCode } from '../../../shared/domain/ownCode';
import type { WeightLayout } from '../../../shared/domain/weightCode';

const GS = '\u001d';
const GTIN = '06901234567892';
const OWN = formatOwnCode('3501001', 42);

const ok = (raw: string, options?: Parameters<typeof parseCode>[1]): ParsedCode => {
  const r = parseCode(raw, options);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got ${JSON.stringify(r.error)}`);
  return r.code;
};
const err = (raw: string, options?: Parameters<typeof parseCode>[1]) => {
  const r = parseCode(raw, options);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to fail, got ${JSON.stringify(r.code)}`);
  return r.error;
};

describe('parseCode: own codes', () => {
  it('reads a 19-digit code with a valid Damm digit, with or without the scanner terminator', () => {
    expect(ok(OWN)).toEqual({ kind: 'own', key: OWN, text: OWN, stationId: '3501001', sequence: 42 });
    expect(ok(OWN + '\r\n').key).toBe(OWN);
    expect(ok(']C0' + OWN).key).toBe(OWN);
  });

  it('refuses a mistyped own code instead of taking it as an opaque lot', () => {
    const typo = OWN.slice(0, 5) + OWN[6] + OWN[5] + OWN.slice(7);
    expect(typo).not.toBe(OWN);
    expect(err(typo)).toEqual({ code: 'badCheckDigit', params: { expected: expect.stringMatching(/^\d$/), got: OWN[18] } });
    const wrongCheck = OWN.slice(0, 18) + String((Number(OWN[18]) + 1) % 10);
    expect(err(wrongCheck)).toEqual({ code: 'badCheckDigit', params: { expected: OWN[18], got: wrongCheck[18] } });
  });
});

describe('parseCode: GTIN', () => {
  it.each([
    ['6901234567892', GTIN],
    ['96385074', '00000096385074'],
    ['036000291452', '00036000291452'],
    [GTIN, GTIN],
  ])('reads %s as GTIN %s', (s, gtin14) => {
    expect(ok(s)).toEqual({ kind: 'gtin', key: '01' + gtin14, text: s, gtin: gtin14 });
  });

  it('reports the expected and the received check digit', () => {
    expect(err('6901234567890')).toEqual({ code: 'badCheckDigit', params: { expected: '2', got: '0' } });
    expect(err('96385070')).toEqual({ code: 'badCheckDigit', params: { expected: '4', got: '0' } });
  });

  it('strips a non-GS1 symbology id so EAN-13 keys the same either way', () => {
    expect(ok(']E06901234567892').key).toBe(ok('6901234567892').key);
  });
});

describe('parseCode: weighed goods', () => {
  const w13 = (body: string) => body + gs1CheckDigit(body);

  it('reads a 13-digit code starting with 2 as weighed goods, not a GTIN', () => {
    const code = w13('212345601234');
    expect(ok(code)).toEqual({ kind: 'weight', key: `w:${code}`, text: code, plu: '23456', netWeightKg: 1.234 });
  });

  it('reads the 18-digit 26 layout', () => {
    const code = w13('26012340129902500');
    expect(ok(code)).toEqual({ kind: 'weight', key: `w:${code}`, text: code, plu: '01234', amount: 12.99, netWeightKg: 2.5 });
  });

  it('enforces the check digit of weighed-goods codes', () => {
    const code = w13('212345601234');
    const bad = code.slice(0, 12) + String((Number(code[12]) + 3) % 10);
    expect(err(bad)).toEqual({ code: 'badCheckDigit', params: { expected: code[12], got: bad[12] } });
  });

  it('uses the layouts passed in', () => {
    const code = w13('212345601234');
    expect(ok(code, { weightLayouts: [] })).toMatchObject({ kind: 'gtin', key: '01' + code.padStart(14, '0') });
    const custom: WeightLayout = { id: 'c', length: 13, prefix: '21', fields: { plu: [2, 4], amount: [6, 6, 2] } };
    expect(ok(code, { weightLayouts: [custom] })).toMatchObject({ kind: 'weight', plu: '2345', amount: 6012.34 });
  });

  it('leaves 18 digits outside any layout opaque', () => {
    expect(ok('369012345000000012')).toMatchObject({ kind: 'opaque', hint: 'text' });
  });
});

describe('parseCode: GS1 element strings', () => {
  it('reads a symbology-prefixed string with GS', () => {
    const c = ok(`]C101${GTIN}17260630${'10'}LOT7${GS}21S1\r\n`);
    expect(c).toEqual({
      kind: 'gs1',
      key: `01${GTIN}10LOT7${GS}21S1`,
      text: `01${GTIN}1726063010LOT7${GS}21S1`,
      ais: { '01': GTIN, '17': '260630', '10': 'LOT7', '21': 'S1' },
      gtin: GTIN,
      batch: 'LOT7',
      serial: 'S1',
      expiryDate: '2026-06-30',
    });
  });

  it('reads GS-containing strings without a symbology id and the bracketed form', () => {
    expect(ok(`01${GTIN}10A${GS}3103001234`)).toMatchObject({ kind: 'gs1', batch: 'A', netWeightKg: 1.234 });
    expect(ok(`(01)${GTIN}(10)A(3103)001234`)).toMatchObject({ kind: 'gs1', key: `01${GTIN}10A`, netWeightKg: 1.234 });
  });

  it('reads literal 029 separators, and lots that contain 029', () => {
    expect(ok(`]C101${GTIN}10ABC02921XYZ`)).toMatchObject({ batch: 'ABC', serial: 'XYZ' });
    expect(ok(`]C101${GTIN}10L029X`)).toMatchObject({ batch: 'L029X' });
    expect(ok(`01${GTIN}10X02902917260630`)).toMatchObject({ kind: 'gs1', batch: 'X029', expiryDate: '2026-06-30' });
  });

  it('keeps 029 in a lot when the scanner sent real GS separators', () => {
    expect(ok(`]C101${GTIN}10X02911250101${GS}17260630`)).toMatchObject({ key: `01${GTIN}10X02911250101`, batch: 'X02911250101', expiryDate: '2026-06-30' });
    expect(ok(`]C101${GTIN}10X02911250101`)).toMatchObject({ batch: 'X', productionDate: '2025-01-01' });
  });

  it('reads an unmarked 01+GTIN string followed by more AIs', () => {
    expect(ok(`01${GTIN}17260630${'10'}AB12`)).toMatchObject({ kind: 'gs1', batch: 'AB12', expiryDate: '2026-06-30' });
    expect(ok(`01${GTIN}3103001234`)).toMatchObject({ kind: 'gs1', netWeightKg: 1.234 });
  });

  it('leaves an unmarked look-alike that does not parse opaque', () => {
    expect(ok(`01${GTIN}99ABC`)).toEqual({ kind: 'opaque', key: `x:01${GTIN}99ABC`, text: `01${GTIN}99ABC`, hint: 'text' });
    expect(ok(`0106901234567893${'10'}A`)).toMatchObject({ kind: 'opaque' });
  });

  it('reports GS1 errors when the scan is marked as GS1', () => {
    expect(err(`]C101${GTIN}99ABC`)).toEqual({ code: 'unknownAi', params: { ai: '99' } });
    expect(err(`]d20106901234567893`)).toEqual({ code: 'badCheckDigit', params: { ai: '01', expected: '2', got: '3' } });
    expect(err(`(01)${GTIN}(17)261301`)).toEqual({ code: 'badDate', params: { ai: '17', value: '261301' } });
    expect(err(`]Q301${GTIN}10${'X'.repeat(21)}`)).toMatchObject({ code: 'badLength', params: { ai: '10' } });
    expect(err(`01${GTIN}10A${GS}ZZ`)).toMatchObject({ code: 'badGs1' });
  });
});

describe('parseCode: Digital Link', () => {
  it('reads a Digital Link with the same key as the GS1-128 of the same lot', () => {
    const dl = ok(`https://id.gs1.org/01/${GTIN}/10/LOT7/21/S1?17=260630`);
    const gs1 = ok(`]C101${GTIN}17260630${'10'}LOT7${GS}21S1`);
    expect(dl.kind).toBe('digitalLink');
    expect(dl.key).toBe(gs1.key);
    expect({ ...dl, kind: 'gs1', text: '' }).toEqual({ ...gs1, text: '' });
  });

  it('keys a lot-only Digital Link like the bracketed form, and a GTIN-only one like the EAN-13', () => {
    expect(ok(`https://x.cn/p/01/6901234567892/10/A%2FB`).key).toBe(ok(`(01)${GTIN}(10)A/B`).key);
    expect(ok(`https://x.cn/01/${GTIN}`).key).toBe(ok('6901234567892').key);
  });

  it('keys a Digital Link with the batch before the GTIN like the GS1-128 of that lot', () => {
    const dl = ok(`https://x.cn/10/LOT7/01/${GTIN}?17=200101&15=200102&16=200103&11=191201`);
    expect(dl).toMatchObject({ kind: 'digitalLink', key: ok(`]C101${GTIN}10LOT7`).key, batch: 'LOT7' });
    expect(dl).toMatchObject({ expiryDate: '2020-01-01', bestBeforeDate: '2020-01-02', sellByDate: '2020-01-03', productionDate: '2019-12-01' });
  });

  it('reports Digital Link errors', () => {
    expect(err(`https://x.cn/01/06901234567893/10/A`)).toEqual({ code: 'badCheckDigit', params: { ai: '01', expected: '2', got: '3' } });
    expect(err(`https://x.cn/01/${GTIN}?17=269999`)).toMatchObject({ code: 'badDate' });
  });
});

describe('gs1Key', () => {
  it('keeps lot "A21B" apart from lot "A" with serial "B"', () => {
    expect(gs1Key({ '01': GTIN, '10': 'A21B' })).not.toBe(gs1Key({ '01': GTIN, '10': 'A', '21': 'B' }));
    expect(ok(`(01)${GTIN}(10)A21B`).key).not.toBe(ok(`(01)${GTIN}(10)A(21)B`).key);
  });

  it('ignores data attributes (dates, weights) and AI order', () => {
    expect(gs1Key({ '17': '260630', '21': 'S', '01': GTIN, '10': 'L', '3103': '000500' })).toBe(`01${GTIN}10L${GS}21S`);
    expect(gs1Key({ '01': GTIN, '21': 'S' })).toBe(`01${GTIN}21S`);
  });

  it('falls back to the SSCC, then to all AIs', () => {
    expect(gs1Key({ '00': '369012345000000012', '37': '5' })).toBe('00369012345000000012');
    expect(gs1Key({ '37': '5', '02': GTIN, '10': 'L' })).toBe(`gs1:02${GTIN}10L${GS}375`);
  });
});

describe('parseCode: opaque codes', () => {
  it.each([
    ['FJ1234567890', 'provincial'],
    ['12345678901234567890', 'mofcom'],
    ['https://trace.fj.example.cn/q?code=FJ1234567890', 'url'],
    ['HTTP://EXAMPLE.CN/A', 'url'],
    ['批次2026-03-01', 'text'],
    ['FJ123456789', 'text'],
    ['fj1234567890', 'text'],
    ['1234567', 'text'],
    ['123456789', 'text'],
  ])('keeps %s verbatim with hint %s', (s, hint) => {
    expect(ok(s)).toEqual({ kind: 'opaque', key: `x:${s}`, text: s, hint });
  });

  it('keeps a 20-digit MOFCOM code opaque even when it would parse as 01+GTIN+AI', () => {
    const looksGs1 = `01${GTIN}1012`;
    expect(looksGs1).toHaveLength(20);
    expect(ok(looksGs1)).toMatchObject({ kind: 'opaque', hint: 'mofcom' });
  });

  it('returns SQL-looking text verbatim', () => {
    const s = "'; DROP TABLE lots;--";
    expect(ok(s)).toEqual({ kind: 'opaque', key: `x:${s}`, text: s, hint: 'text' });
  });

  it('returns long certificate QR payloads as opaque too', () => {
    const payload = '食用农产品承诺达标合格证|产品:白菜|数量:500kg|开具日期:2026-03-01|'.repeat(6);
    expect(payload.length).toBeGreaterThan(64);
    expect(ok(payload)).toMatchObject({ kind: 'opaque', text: payload, hint: 'text' });
  });

  it('keeps leading spaces (verbatim) and drops a plain QR symbology id', () => {
    expect(ok(' FJ1234567890').text).toBe(' FJ1234567890');
    expect(ok(']Q1FJ1234567890')).toMatchObject({ text: 'FJ1234567890', hint: 'provincial' });
  });
});

describe('parseCode: bad input', () => {
  it.each([
    ['', 'empty'],
    ['\r\n', 'empty'],
    [']E0', 'empty'],
    ['x'.repeat(10_240), 'tooLong'],
    ['AB\u0000CD', 'controlChars'],
    ['FJ123\u001b[2J', 'controlChars'],
    ['批\ufffd次', 'replacementChar'],
  ])('refuses %j with %s', (raw, code) => {
    expect(err(raw)).toEqual({ code });
  });

  it('never throws and always answers a key or a known error', () => {
    const unit = fc.oneof(fc.constantFrom('0', '1', '2', '6', '9', '01', '10', '029', GS, '(', ')', ']C1', ']E0', 'https://', '/01/', 'FJ', '批'), fc.string({ unit: 'binary', maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 60 }).map((a) => a.join('')),
        (raw) => {
          const r = parseCode(raw);
          if (r.ok) {
            expect(r.code.key.length).toBeGreaterThan(0);
            if (r.code.kind === 'opaque') expect(r.code.key).toBe(`x:${r.code.text}`);
          } else {
            expect(SCAN_ERROR_CODES).toContain(r.error.code);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parses the same scan to the same key every time (keys are deterministic)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        expect(parseCode(raw)).toEqual(parseCode(raw));
      }),
    );
  });
});
