import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/entryRules';
import { dateStanding, daysUntil, productDateReasons } from '../../../shared/domain/productDates';

describe('product dates', () => {
  it('counts calendar days across month ends, leap days and years', () => {
    expect(daysUntil('2026-03-15', '2026-03-15')).toBe(0);
    expect(daysUntil('2026-03-14', '2026-03-15')).toBe(-1);
    expect(daysUntil('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysUntil('2027-01-01', '2026-12-31')).toBe(1);
  });

  it('agrees with calendar arithmetic over two centuries', () => {
    const day = fc.integer({ min: 0, max: 73_000 }).map((n) => addDays('2000-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: -3000, max: 3000 }), (today, n) => daysUntil(addDays(today, n), today) === n));
  });

  it('stands a date past, soon (today through warnDays) or ok', () => {
    expect(dateStanding('2026-03-14', '2026-03-15', 3)).toBe('past');
    expect(dateStanding('2026-03-15', '2026-03-15', 0)).toBe('soon');
    expect(dateStanding('2026-03-18', '2026-03-15', 3)).toBe('soon');
    expect(dateStanding('2026-03-19', '2026-03-15', 3)).toBe('ok');
  });

  it('gives one reason per date, in the order expiry, best before, sell by', () => {
    expect(productDateReasons({ sellByDate: '2026-03-10', bestBeforeDate: '2026-03-16', expiryDate: '2026-03-01' }, '2026-03-15', 3)).toEqual({
      expired: [
        { code: 'productExpired', params: { dateKind: 'expiry', date: '2026-03-01' } },
        { code: 'productExpired', params: { dateKind: 'sellBy', date: '2026-03-10' } },
      ],
      soon: [{ code: 'productExpiresSoon', params: { dateKind: 'bestBefore', date: '2026-03-16', days: 1 } }],
    });
  });
});
