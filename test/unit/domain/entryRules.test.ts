import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason, type CertificateType, type Unit } from '../../../shared/contract';
import { DEFAULT_CATEGORIES } from '../../../shared/domain/categories';
import { DEFAULT_VALIDITY_DAYS, addDays, certificateEnd, certificateStatus, evaluateEntry, type EntryCertificate, type EntryInput } from '../../../shared/domain/entryRules';
import type { ProductDates } from '../../../shared/domain/productDates';

const TODAY = '2026-03-15';
const cat = (id: string) => DEFAULT_CATEGORIES.find((c) => c.id === id)!;
const cert = (type: CertificateType, number: string, issueDate = TODAY, extra: Partial<EntryCertificate> = {}): EntryCertificate => ({
  type,
  number,
  issueDate,
  usedQuantity: 0,
  ...extra,
});
const entry = (categoryId: string, certificates: EntryCertificate[], extra: Partial<EntryInput> = {}) => {
  const verdict = evaluateEntry({
    today: TODAY,
    supplier: { blocked: false, name: '老王蔬菜' },
    category: cat(categoryId),
    lot: { quantity: 100, unit: 'kg' },
    certificates,
    ...extra,
  });
  for (const r of verdict.reasons) expect(Reason.parse(r)).toEqual(r);
  return verdict;
};
const OK = { outcome: 'admit', reasons: [{ code: 'ok' }] };
const HOLD = { outcome: 'hold', reasons: [{ code: 'noTestReport' }] };
const REPORT = cert('testReport', 'TR-1');

describe('evaluateEntry: requirement groups', () => {
  it('admits farm produce with a commitment certificate and a test report', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1'), REPORT])).toEqual(OK);
  });

  it('holds farm produce without a test report for testing (批批检测)', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1')])).toEqual(HOLD);
    expect(entry('aquatic', [cert('originExit', 'O-1')])).toEqual(HOLD);
  });

  it('admits prepackaged food on a purchase voucher without a test report', () => {
    expect(entry('dairy', [cert('purchase', 'P-1')], { lot: { quantity: 24, unit: 'piece' } })).toEqual(OK);
  });

  it('rejects a lot without any certificate, naming the accepted types', () => {
    expect(entry('vegetable', [])).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'certificateMissing', params: { types: 'commitment|originExit' } }],
    });
  });

  it('does not let a certificate of the wrong type (or a test report) stand in', () => {
    expect(entry('vegetable', [cert('purchase', 'P-1'), REPORT])).toMatchObject({
      outcome: 'reject',
      reasons: [{ code: 'certificateMissing', params: { types: 'commitment|originExit' } }],
    });
  });

  it('needs every group met for livestock meat', () => {
    expect(entry('livestock', [cert('quarantine', 'Q-1')])).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'certificateMissing', params: { types: 'meatQuality' } }],
    });
    expect(entry('livestock', [])).toEqual({
      outcome: 'reject',
      reasons: [
        { code: 'certificateMissing', params: { types: 'quarantine' } },
        { code: 'certificateMissing', params: { types: 'meatQuality' } },
      ],
    });
    expect(entry('livestock', [cert('quarantine', 'Q-1'), cert('meatQuality', 'M-1')])).toEqual(HOLD);
    expect(entry('livestock', [cert('quarantine', 'Q-1'), cert('meatQuality', 'M-1'), REPORT])).toEqual(OK);
  });

  it('admits a category without requirements or testing', () => {
    const free = { id: 'x', nameZh: '其他', nameEn: 'Other', requirements: [], testWithoutReport: false };
    expect(evaluateEntry({ today: TODAY, supplier: { blocked: false, name: 's' }, category: free, lot: { quantity: 1, unit: 'kg' }, certificates: [] })).toEqual(OK);
  });
});

describe('evaluateEntry: supplier', () => {
  it('rejects a blocked supplier even with perfect papers', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1'), REPORT], { supplier: { blocked: true, name: '老王蔬菜' } })).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'supplierBlocked', params: { supplier: '老王蔬菜' } }],
    });
  });

  it('collects every reject reason, not just the first', () => {
    const v = entry('livestock', [cert('quarantine', 'Q-1', TODAY, { quantity: 50, unit: 'kg' })], {
      supplier: { blocked: true, name: 'B' },
    });
    expect(v.outcome).toBe('reject');
    expect(v.reasons.map((r) => r.code)).toEqual(['supplierBlocked', 'certificateMissing', 'quantityExceedsCertificate']);
  });
});

describe('evaluateEntry: dates', () => {
  it('accepts a certificate issued today', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1', TODAY), REPORT])).toEqual(OK);
  });

  it('accepts a certificate that expires today', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1', '2026-03-01', { validUntil: TODAY }), REPORT])).toEqual(OK);
  });

  it('rejects a certificate that expired yesterday, naming it and its end date', () => {
    expect(entry('vegetable', [cert('commitment', 'C-9', '2026-03-01', { validUntil: '2026-03-14' }), REPORT])).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'certificateExpired', params: { number: 'C-9', type: 'commitment', validUntil: '2026-03-14', types: 'commitment|originExit' } }],
    });
  });

  it('does not count a certificate dated in the future', () => {
    expect(entry('vegetable', [cert('commitment', 'C-F', '2026-03-16'), REPORT])).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'certificateNotYetValid', params: { number: 'C-F', type: 'commitment', issueDate: '2026-03-16', types: 'commitment|originExit' } }],
    });
  });

  it('reports each unusable candidate when a group has only expired and future-dated ones', () => {
    const v = entry('vegetable', [cert('commitment', 'C-OLD', '2026-01-01', { validUntil: '2026-02-01' }), cert('originExit', 'O-NEW', '2026-04-01')]);
    expect(v).toEqual({
      outcome: 'reject',
      reasons: [
        { code: 'certificateExpired', params: { number: 'C-OLD', type: 'commitment', validUntil: '2026-02-01', types: 'commitment|originExit' } },
        { code: 'certificateNotYetValid', params: { number: 'O-NEW', type: 'originExit', issueDate: '2026-04-01', types: 'commitment|originExit' } },
      ],
    });
  });

  it('ignores a stale certificate when a valid one meets the group', () => {
    expect(entry('vegetable', [cert('commitment', 'C-OLD', '2026-01-01', { validUntil: '2026-02-01' }), cert('originExit', 'O-1'), REPORT])).toEqual(OK);
  });

  it('holds when the only test report is expired or future-dated', () => {
    const c = cert('commitment', 'C-1');
    expect(entry('vegetable', [c, cert('testReport', 'TR-OLD', '2026-03-01', { validUntil: '2026-03-14' })])).toEqual(HOLD);
    expect(entry('vegetable', [c, cert('testReport', 'TR-F', '2026-03-16')])).toEqual(HOLD);
  });

  it('has no implicit expiry by default', () => {
    expect(DEFAULT_VALIDITY_DAYS).toEqual({});
    expect(entry('vegetable', [cert('commitment', 'C-1', '2020-01-01'), REPORT])).toEqual(OK);
  });

  it('applies configured validity days inclusively, and a stated end date wins over them', () => {
    const days = { commitment: 30 };
    expect(entry('vegetable', [cert('commitment', 'C-1', '2026-02-13'), REPORT], { defaultValidityDays: days })).toEqual(OK);
    expect(entry('vegetable', [cert('commitment', 'C-2', '2026-02-12'), REPORT], { defaultValidityDays: days })).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'certificateExpired', params: { number: 'C-2', type: 'commitment', validUntil: '2026-03-14', types: 'commitment|originExit' } }],
    });
    expect(entry('vegetable', [cert('commitment', 'C-3', '2026-01-01', { validUntil: '2026-12-31' }), REPORT], { defaultValidityDays: days })).toEqual(OK);
    // Other types keep no implicit expiry.
    expect(entry('vegetable', [cert('originExit', 'O-1', '2025-01-01'), REPORT], { defaultValidityDays: days })).toEqual(OK);
  });
});

describe('evaluateEntry: quantities', () => {
  const commit = (quantity: number, usedQuantity: number, unit: Unit | null = 'kg') => cert('commitment', 'C-Q', TODAY, { quantity, usedQuantity, ...(unit ? { unit } : {}) });

  it('admits up to exactly the certified quantity', () => {
    expect(entry('vegetable', [commit(500, 400), REPORT])).toEqual(OK);
  });

  it('rejects a lot that would exceed the certificate, with the numbers', () => {
    expect(entry('vegetable', [commit(500, 400), REPORT], { lot: { quantity: 100.5, unit: 'kg' } })).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'quantityExceedsCertificate', params: { number: 'C-Q', type: 'commitment', quantity: 500, used: 400, requested: 100.5, unit: 'kg' } }],
    });
  });

  it('does not trip over floating-point sums', () => {
    expect(entry('vegetable', [commit(0.3, 0.1), REPORT], { lot: { quantity: 0.2, unit: 'kg' } })).toEqual(OK);
  });

  it('does not compare quantities in different or unstated units', () => {
    expect(entry('vegetable', [commit(2, 0, 'box'), REPORT])).toEqual(OK);
    expect(entry('vegetable', [commit(2, 0, null), REPORT])).toEqual(OK);
  });

  it('rejects an over-used certificate even when another one would meet the group', () => {
    const v = entry('vegetable', [commit(500, 450), cert('originExit', 'O-1'), REPORT]);
    expect(v).toMatchObject({ outcome: 'reject', reasons: [{ code: 'quantityExceedsCertificate', params: { number: 'C-Q' } }] });
  });

  it('checks every required certificate (livestock: quarantine and meat quality)', () => {
    const v = entry('livestock', [cert('quarantine', 'Q-1', TODAY, { quantity: 80, unit: 'kg' }), cert('meatQuality', 'M-1', TODAY, { quantity: 90, unit: 'kg' }), REPORT]);
    expect(v.reasons.map((r) => [r.code, r.params?.number])).toEqual([
      ['quantityExceedsCertificate', 'Q-1'],
      ['quantityExceedsCertificate', 'M-1'],
    ]);
  });

  it('does not check quantities of invalid or not-required certificates', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1'), cert('testReport', 'TR-1', TODAY, { quantity: 1, unit: 'kg' })])).toEqual(OK);
    const expired = cert('commitment', 'C-OLD', '2026-01-01', { validUntil: '2026-02-01', quantity: 1, unit: 'kg' });
    expect(entry('vegetable', [expired, cert('originExit', 'O-1'), REPORT])).toEqual(OK);
  });
});

describe('certificate dates', () => {
  it('adds days across month ends and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-15', -15)).toBe('2026-02-28');
  });

  it('computes end and status', () => {
    const c = cert('commitment', 'C', '2026-03-01');
    expect(certificateEnd(c)).toBeUndefined();
    expect(certificateEnd(c, { commitment: 14 })).toBe('2026-03-15');
    expect(certificateStatus(c, '2026-03-15', { commitment: 14 })).toBe('valid');
    expect(certificateStatus(c, '2026-03-16', { commitment: 14 })).toBe('expired');
    expect(certificateStatus(c, '2026-02-28')).toBe('notYetValid');
  });

  it('throws on malformed or impossible dates (input is validated upstream)', () => {
    expect(() => entry('vegetable', [], { today: '2026-3-15' })).toThrow(RangeError);
    expect(() => entry('vegetable', [cert('commitment', 'C', '2026-02-30')])).toThrow(RangeError);
    expect(() => addDays('15/03/2026', 1)).toThrow(RangeError);
    for (const bad of ['0025-03-15', '0099-12-31', '2025-02-29', '2026-13-01', '2026-04-31', '2026-00-10']) expect(() => addDays(bad, 0), bad).toThrow(RangeError);
  });

  it('reads every real day of 1900–2100 and counts days across months, leap years and centuries', () => {
    // Checked against Date's own ISO text, day by day.
    let t = Date.UTC(1900, 0, 1);
    for (let day = new Date(t).toISOString().slice(0, 10); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const next = new Date(t + 86_400_000).toISOString().slice(0, 10);
      expect(addDays(day, 1)).toBe(next);
      day = next;
    }
  });
});

describe('evaluateEntry: invariants', () => {
  const types: CertificateType[] = ['commitment', 'originExit', 'quarantine', 'meatQuality', 'testReport', 'purchase'];
  const day = fc.integer({ min: -5, max: 5 }).map((d) => addDays(TODAY, d));
  const arbCert = fc.record({
    type: fc.constantFrom(...types),
    number: fc.string({ minLength: 1, maxLength: 5 }),
    issueDate: day,
    validUntil: fc.option(day, { nil: undefined }),
    quantity: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    unit: fc.option(fc.constantFrom<Unit>('kg', 'box'), { nil: undefined }),
    usedQuantity: fc.integer({ min: 0, max: 200 }),
  });
  const arbInput = fc.record({
    category: fc.constantFrom(...DEFAULT_CATEGORIES),
    blocked: fc.boolean(),
    certificates: fc.array(arbCert, { maxLength: 5 }),
    quantity: fc.integer({ min: 1, max: 100 }),
  });

  it('keeps outcome and reasons consistent', () => {
    fc.assert(
      fc.property(arbInput, ({ category, blocked, certificates, quantity }) => {
        const input = { today: TODAY, supplier: { blocked, name: 'S' }, category, lot: { quantity, unit: 'kg' as const }, certificates };
        const v = evaluateEntry(input);
        const codes = v.reasons.map((r) => r.code);
        if (v.outcome === 'admit') expect(codes).toEqual(['ok']);
        if (v.outcome === 'hold') expect(codes).toEqual(['noTestReport']);
        if (v.outcome === 'reject') expect(codes.length > 0 && codes.every((c) => c !== 'ok' && c !== 'noTestReport')).toBe(true);
        if (blocked) expect(v.outcome).toBe('reject');
        // Every group met by a valid certificate unless rejected.
        if (v.outcome !== 'reject') {
          for (const group of category.requirements) {
            expect(certificates.some((c) => group.includes(c.type) && certificateStatus(c, TODAY) === 'valid')).toBe(true);
          }
        }
        // A valid test report turns a hold into an admit and changes nothing else.
        const withReport = evaluateEntry({ ...input, certificates: [...certificates, cert('testReport', 'TR')] });
        expect(withReport.outcome).toBe(v.outcome === 'hold' ? 'admit' : v.outcome);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('evaluateEntry: product dates (GS1 17 / 15 / 16)', () => {
  const papers = [cert('commitment', 'C-1'), REPORT];
  const withDates = (dates: ProductDates, warnDays = 3, extra: Partial<EntryInput> = {}) => entry('vegetable', papers, { product: { dates, warnDays }, ...extra });

  it('rejects a product whose expiry was yesterday, naming the date and its kind, whatever the papers', () => {
    expect(withDates({ expiryDate: addDays(TODAY, -1) })).toEqual({
      outcome: 'reject',
      reasons: [{ code: 'productExpired', params: { dateKind: 'expiry', date: '2026-03-14' } }],
    });
  });

  it.each([
    ['bestBefore', 'bestBeforeDate'],
    ['sellBy', 'sellByDate'],
    ['expiry', 'expiryDate'],
  ] as const)('rejects on a past %s date alone', (dateKind, field) => {
    expect(withDates({ [field]: '2025-12-31' })).toEqual({ outcome: 'reject', reasons: [{ code: 'productExpired', params: { dateKind, date: '2025-12-31' } }] });
  });

  it('names every past date, after a blocked supplier and before the certificate reasons', () => {
    const v = entry('vegetable', [], {
      supplier: { blocked: true, name: 'B' },
      product: { dates: { expiryDate: '2026-03-01', bestBeforeDate: '2026-02-01', sellByDate: '2026-03-20' }, warnDays: 3 },
    });
    expect(v.reasons).toEqual([
      { code: 'supplierBlocked', params: { supplier: 'B' } },
      { code: 'productExpired', params: { dateKind: 'expiry', date: '2026-03-01' } },
      { code: 'productExpired', params: { dateKind: 'bestBefore', date: '2026-02-01' } },
      { code: 'certificateMissing', params: { types: 'commitment|originExit' } },
    ]);
  });

  it('admits a product on its last day with a warning that it expires today', () => {
    expect(withDates({ expiryDate: TODAY })).toEqual({
      outcome: 'admit',
      reasons: [{ code: 'ok' }, { code: 'productExpiresSoon', params: { dateKind: 'expiry', date: TODAY, days: 0 } }],
    });
  });

  it('warns up to warnDays ahead inclusive, and not a day later', () => {
    expect(withDates({ sellByDate: addDays(TODAY, 3) })).toEqual({
      outcome: 'admit',
      reasons: [{ code: 'ok' }, { code: 'productExpiresSoon', params: { dateKind: 'sellBy', date: '2026-03-18', days: 3 } }],
    });
    expect(withDates({ sellByDate: addDays(TODAY, 4) })).toEqual(OK);
    expect(withDates({ expiryDate: addDays(TODAY, 1) }, 0)).toEqual(OK);
    expect(withDates({ expiryDate: addDays(TODAY, 30) }, 30).reasons.map((r) => r.code)).toEqual(['ok', 'productExpiresSoon']);
  });

  it('keeps the certificate verdict and adds the warning: a lot without a test report is still held', () => {
    expect(entry('vegetable', [cert('commitment', 'C-1')], { product: { dates: { bestBeforeDate: addDays(TODAY, 2) }, warnDays: 3 } })).toEqual({
      outcome: 'hold',
      reasons: [{ code: 'noTestReport' }, { code: 'productExpiresSoon', params: { dateKind: 'bestBefore', date: '2026-03-17', days: 2 } }],
    });
  });

  it('ignores dates that are absent or null, and a production date is never an end date', () => {
    expect(withDates({ expiryDate: null, bestBeforeDate: null, sellByDate: null })).toEqual(OK);
    expect(withDates({})).toEqual(OK);
  });

  it('judges dates around month ends and leap days by the calendar', () => {
    expect(entry('vegetable', papers, { today: '2028-03-01', product: { dates: { expiryDate: '2028-02-29' }, warnDays: 3 } }).outcome).toBe('reject');
    expect(entry('vegetable', papers, { today: '2028-02-28', product: { dates: { expiryDate: '2028-02-29' }, warnDays: 0 } })).toEqual(OK);
    expect(entry('vegetable', papers, { today: '2026-12-31', product: { dates: { expiryDate: '2027-01-03' }, warnDays: 3 } }).reasons).toContainEqual({
      code: 'productExpiresSoon',
      params: { dateKind: 'expiry', date: '2027-01-03', days: 3 },
    });
  });

  it('across the range: rejects exactly on past dates, warns exactly within the window, changes nothing else', () => {
    const offset = fc.option(fc.integer({ min: -800, max: 800 }), { nil: undefined });
    fc.assert(
      fc.property(offset, offset, offset, fc.integer({ min: 0, max: 365 }), fc.boolean(), (e, b, s, warnDays, report) => {
        const at = (d: number | undefined) => (d === undefined ? undefined : addDays(TODAY, d));
        const dates: ProductDates = { expiryDate: at(e), bestBeforeDate: at(b), sellByDate: at(s) };
        const certificates = report ? papers : [cert('commitment', 'C-1')];
        const without = entry('vegetable', certificates);
        const v = entry('vegetable', certificates, { product: { dates, warnDays } });
        const kinds = [
          ['expiry', e],
          ['bestBefore', b],
          ['sellBy', s],
        ] as const;
        const past = kinds.filter(([, d]) => d !== undefined && d < 0).map(([k]) => k);
        const soon = kinds.filter(([, d]) => d !== undefined && d >= 0 && d <= warnDays).map(([k]) => k);
        const kindsOf = (code: string) => v.reasons.filter((r) => r.code === code).map((r) => r.params!.dateKind);
        if (past.length > 0) {
          expect(v.outcome).toBe('reject');
          expect(kindsOf('productExpired')).toEqual(past);
          expect(kindsOf('productExpiresSoon')).toEqual([]);
        } else {
          expect(v.outcome).toBe(without.outcome);
          expect(v.reasons.filter((r) => r.code !== 'productExpiresSoon')).toEqual(without.reasons);
          expect(kindsOf('productExpiresSoon')).toEqual(soon);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
