/**
 * The dates printed on a product (GS1 (17) expiry, (15) best before, (16) sell by), judged against
 * the market's day: past shelf life is unsafe goods and is turned away; a date that is
 * close is admitted with a warning so the stall sells it first. Pure and O(1): three fields.
 */
import type { Reason } from '../contract';

export const PRODUCT_DATE_KINDS = ['expiry', 'bestBefore', 'sellBy'] as const;
export type ProductDateKind = (typeof PRODUCT_DATE_KINDS)[number];

/** The lot fields holding each kind (the `Lot` contract's names). */
export const PRODUCT_DATE_FIELDS = { expiry: 'expiryDate', bestBefore: 'bestBeforeDate', sellBy: 'sellByDate' } as const;

export type ProductDates = { [F in (typeof PRODUCT_DATE_FIELDS)[ProductDateKind]]?: string | null };

/** past: the day is over; soon: today or at most warnDays days away; ok: later. */
export type DateStanding = 'past' | 'soon' | 'ok';

const DAY_MS = 86_400_000;

/** Whole days from `today` to `date`, both YYYY-MM-DD (negative when the date is past). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / DAY_MS);
}

/** A product date is good through its own day: expiring today is 'soon', not 'past'. */
export function dateStanding(date: string, today: string, warnDays: number): DateStanding {
  const days = daysUntil(date, today);
  return days < 0 ? 'past' : days <= warnDays ? 'soon' : 'ok';
}

/** One reject reason per date already past, one warning per date within warnDays. */
export function productDateReasons(dates: ProductDates, today: string, warnDays: number): { expired: Reason[]; soon: Reason[] } {
  const expired: Reason[] = [];
  const soon: Reason[] = [];
  for (const dateKind of PRODUCT_DATE_KINDS) {
    const date = dates[PRODUCT_DATE_FIELDS[dateKind]];
    if (!date) continue;
    const days = daysUntil(date, today);
    if (days < 0) expired.push({ code: 'productExpired', params: { dateKind, date } });
    else if (days <= warnDays) soon.push({ code: 'productExpiresSoon', params: { dateKind, date, days } });
  }
  return { expired, soon };
}
