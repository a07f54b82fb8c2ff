import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDigitalLinkValue, looksLikeDigitalLink, parseDigitalLink } from '../../../shared/domain/digitalLink';
import { parseGs1 } from '../../../shared/domain/gs1';
import { lotClass } from '../../../shared/domain/upload/epcis';

const GTIN = '06901234567892';

const ok = (s: string) => {
  const r = parseDigitalLink(s);
  if (!r.ok) throw new Error(`expected ${s} to parse, got ${JSON.stringify(r.error)}`);
  return r.data;
};
const err = (s: string) => {
  const r = parseDigitalLink(s);
  if (r.ok) throw new Error(`expected ${s} to fail`);
  return r.error;
};

describe('parseDigitalLink', () => {
  it('reads GTIN, lot, serial and data attributes', () => {
    expect(ok(`https://id.gs1.org/01/${GTIN}/10/ABC123/21/SN9?17=260630&3103=001234&11=260101`)).toEqual({
      ais: { '01': GTIN, '10': 'ABC123', '21': 'SN9', '17': '260630', '3103': '001234', '11': '260101' },
      gtin: GTIN,
      batch: 'ABC123',
      serial: 'SN9',
      expiryDate: '2026-06-30',
      productionDate: '2026-01-01',
      netWeightKg: 1.234,
    });
  });

  it('produces exactly what the equivalent element string produces', () => {
    const dl = ok(`https://example.cn/01/${GTIN}/10/L-7?17=260600&3922=1299&251=FJ1234567890`);
    const gs1 = parseGs1(`(01)${GTIN}(10)L-7(17)260600(3922)1299(251)FJ1234567890`);
    expect(gs1.ok && gs1.data).toEqual(dl);
    expect(dl).toMatchObject({ expiryDate: '2026-06-30', price: 12.99, sourceRef: 'FJ1234567890' });
  });

  it('accepts a path prefix, http, a trailing slash, a fragment and non-AI parameters', () => {
    const d = ok(`http://trace.example.com/a/01/b/01/${GTIN}/10/X/?linkType=gs1:pip&utm_source=qr#top`);
    expect(d.ais).toEqual({ '01': GTIN, '10': 'X' });
  });

  it('pads a 13-digit (or 8/12-digit) GTIN to 14', () => {
    expect(ok('https://d.example/01/6901234567892').gtin).toBe(GTIN);
    expect(ok('https://d.example/01/96385074').gtin).toBe('00000096385074');
  });

  it('percent-decodes path segments and query values', () => {
    expect(ok(`https://d.example/01/${GTIN}/10/AB%2F12%25`).batch).toBe('AB/12%');
    expect(ok(`https://d.example/01/${GTIN}/10/A+B`).batch).toBe('A+B');
    expect(ok(`https://d.example/01/${GTIN}?%31%37=260630`).expiryDate).toBe('2026-06-30');
  });

  it('brings the four product dates through the query string, each in its own field', () => {
    expect(ok(`https://d.example/01/${GTIN}/10/L?17=260630&15=260615&16=260600&11=260101`)).toEqual({
      ais: { '01': GTIN, '10': 'L', '17': '260630', '15': '260615', '16': '260600', '11': '260101' },
      gtin: GTIN,
      batch: 'L',
      expiryDate: '2026-06-30',
      bestBeforeDate: '2026-06-15',
      sellByDate: '2026-06-30',
      productionDate: '2026-01-01',
    });
    expect(err(`https://d.example/01/${GTIN}?16=260631`)).toEqual({ code: 'badDate', params: { ai: '16', value: '260631' } });
  });

  it('keeps a batch (and serial) written before the GTIN instead of dropping it as path prefix', () => {
    const canonical = ok(`https://d.example/01/${GTIN}/10/ABC`);
    expect(ok(`https://d.example/10/ABC/01/${GTIN}`)).toEqual(canonical);
    expect(ok(`https://d.example/trace/10/ABC/01/${GTIN}?17=260630`)).toMatchObject({ gtin: GTIN, batch: 'ABC', expiryDate: '2026-06-30' });
    expect(ok(`https://d.example/10/ABC/01/${GTIN}/21/S1`).ais).toEqual({ '01': GTIN, '21': 'S1', '10': 'ABC' });
    expect(ok(`https://d.example/21/S1/10/A%2FB/01/6901234567892`)).toMatchObject({ gtin: GTIN, batch: 'A/B', serial: 'S1' });
    // An ordinary prefix segment before the qualifiers stays prefix.
    expect(ok(`https://d.example/shop/10/01/${GTIN}`).ais).toEqual({ '01': GTIN });
  });

  it('refuses a batch before the GTIN that contradicts the one after it, or is no valid batch', () => {
    expect(err(`https://d.example/10/A/01/${GTIN}/10/B`)).toEqual({ code: 'badGs1', params: { reason: 'duplicateAi', ai: '10' } });
    expect(ok(`https://d.example/10/A/01/${GTIN}/10/A`).batch).toBe('A');
    expect(err(`https://d.example/10/${'L'.repeat(21)}/01/${GTIN}`)).toMatchObject({ code: 'badLength', params: { ai: '10', max: 20 } });
  });

  it('reads the same lot whichever side of the GTIN its qualifiers are written', () => {
    // "." and ".." are dot segments that URL parsing removes on either side: no URI can carry them.
    const text = fc.string({ unit: fc.constantFrom(...'ABCXYZabc0123456789-._'), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(text, fc.option(text, { nil: undefined }), (lot, serial) => {
        const quals = `/10/${lot}` + (serial === undefined ? '' : `/21/${serial}`);
        expect(ok(`https://d.example${quals}/01/${GTIN}`)).toEqual(ok(`https://d.example/01/${GTIN}${quals}`));
      }),
    );
  });

  it('reads the CPV qualifier', () => {
    expect(ok(`https://d.example/01/${GTIN}/22/V2/10/L`).ais).toEqual({ '01': GTIN, '22': 'V2', '10': 'L' });
  });

  it('refuses qualifiers out of order or without a GTIN', () => {
    expect(err(`https://d.example/01/${GTIN}/21/S/10/L`)).toEqual({ code: 'badGs1', params: { reason: 'noGtin' } });
    expect(err(`https://d.example/01/${GTIN}/10`)).toEqual({ code: 'badGs1', params: { reason: 'noGtin' } });
    expect(err('https://d.example/10/L')).toEqual({ code: 'badGs1', params: { reason: 'noGtin' } });
  });

  it('validates values like the element-string parser', () => {
    expect(err(`https://d.example/01/06901234567893`)).toEqual({ code: 'badCheckDigit', params: { ai: '01', expected: '2', got: '3' } });
    expect(err(`https://d.example/01/${GTIN}?17=261399`)).toEqual({ code: 'badDate', params: { ai: '17', value: '261399' } });
    expect(err(`https://d.example/01/${GTIN}/10/${'L'.repeat(21)}`)).toMatchObject({ code: 'badLength', params: { ai: '10', max: 20 } });
    expect(err(`https://d.example/01/${GTIN}/10/A%20B`)).toEqual({ code: 'badGs1', params: { ai: '10', reason: 'charset' } });
    expect(err(`https://d.example/01/${GTIN}/10/%E6%89%B9`)).toEqual({ code: 'badGs1', params: { ai: '10', reason: 'charset' } });
    expect(err(`https://d.example/01/690123456789`)).toMatchObject({ code: 'badCheckDigit' });
    expect(err(`https://d.example/01/69012345678`)).toMatchObject({ code: 'badLength', params: { ai: '01', got: 11 } });
  });

  it('refuses unknown numeric query keys and contradicting duplicates', () => {
    expect(err(`https://d.example/01/${GTIN}?99=x`)).toEqual({ code: 'unknownAi', params: { ai: '99' } });
    expect(err(`https://d.example/01/${GTIN}/10/A?10=B`)).toEqual({ code: 'badGs1', params: { reason: 'duplicateAi', ai: '10' } });
  });

  it('refuses malformed URIs and percent escapes', () => {
    expect(err('not a url')).toEqual({ code: 'badGs1', params: { reason: 'url' } });
    expect(err(`ftp://d.example/01/${GTIN}`)).toEqual({ code: 'badGs1', params: { reason: 'url' } });
    expect(err(`https://d.example/01/${GTIN}/10/%zz`)).toEqual({ code: 'badGs1', params: { reason: 'percent' } });
    expect(err(`https://d.example/01/${GTIN}?17=%E0%A4%A`)).toEqual({ code: 'badGs1', params: { reason: 'percent' } });
  });
});

describe('looksLikeDigitalLink', () => {
  it.each([
    [`https://id.gs1.org/01/${GTIN}`, true],
    [`HTTPS://ID.GS1.ORG/01/${GTIN}/10/A`, true],
    [`https://x.cn/p/q/01/6901234567892?17=260101`, true],
    [`https://x.cn/01/${GTIN}#frag`, true],
    [`https://x.cn/01/96385074`, false],
    [`https://x.cn/01/${GTIN}5`, false],
    [`https://x.cn/trace?code=01${GTIN}`, false],
    [`https://x.cn/a01/${GTIN}`, false],
    [`01/${GTIN}`, false],
  ])('%s → %s', (s, expected) => {
    expect(looksLikeDigitalLink(s)).toBe(expected);
  });
});

describe('encodeDigitalLinkValue', () => {
  it("percent-encodes ! ' ( ) * as GS1 Digital Link requires, and the other reserved characters", () => {
    expect(encodeDigitalLinkValue("A!'()*B")).toBe('A%21%27%28%29%2AB');
    expect(encodeDigitalLinkValue('1/2 "%&+,:;<=>?')).toBe('1%2F2%20%22%25%26%2B%2C%3A%3B%3C%3D%3E%3F');
    expect(encodeDigitalLinkValue('AB-12_x.y')).toBe('AB-12_x.y');
    // The EPCIS class of a GS1 lot is written with it.
    expect(lotClass({ code: "010690123456789210L(1)*'!", gtin: '6901234567892', batch: "L(1)*'!" })).toBe('https://id.gs1.org/01/06901234567892/10/L%281%29%2A%27%21');
  });

  it('reads a batch of only dots as written (URL parsing would drop it as a dot segment)', () => {
    for (const batch of ['.', '..', '...']) {
      const r = parseDigitalLink(`https://id.gs1.org/01/06901234567892/10/${encodeDigitalLinkValue(batch)}`);
      expect(r.ok && r.data.batch).toBe(batch);
    }
  });

  it('reads back through parseDigitalLink as the same batch, for any batch of the GS1 character set', () => {
    const cset82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...cset82), minLength: 1, maxLength: 20 }), (batch) => {
        const uri = `https://id.gs1.org/01/06901234567892/10/${encodeDigitalLinkValue(batch)}`;
        expect(uri.slice(uri.indexOf('/10/') + 4)).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})+$/);
        const r = parseDigitalLink(uri);
        expect(r.ok && r.data.batch).toBe(batch);
      }),
      { numRuns: 300 },
    );
  });
});
