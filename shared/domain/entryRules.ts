/**
 * The receiving verdict (市场准入): no valid certificate → no entry; a product past its
 * printed dates → no entry; a lot without a test report is held for testing when its category is
 * tested batch by batch (批批检测).
 * Pure: the caller supplies today's local date and what has already been admitted per certificate.
 */
import type { Category, CertificateType, Outcome, Reason, Unit } from '../contract';
import { productDateReasons, type ProductDates } from './productDates';

/**
 * Days a certificate stays valid after its issue date when it states no end date. The district
 * work plan fixes none, so by default there is no implicit expiry; markets configure it per type
 * (e.g. commitment: 30). Day counting is inclusive of the end: issued on the 1st with 30 days → valid through the 31st.
 */
export const DEFAULT_VALIDITY_DAYS: Readonly<Partial<Record<CertificateType, number>>> = {};

export interface EntryCertificate {
  type: CertificateType;
  number: string;
  issueDate: string;
  validUntil?: string;
  quantity?: number;
  unit?: Unit;
  /** Quantity already admitted against this certificate (same unit), before this lot. */
  usedQuantity: number;
}

export interface EntryInput {
  /** YYYY-MM-DD, the station's local date. */
  today: string;
  supplier: { blocked: boolean; name: string };
  category: Category;
  lot: { quantity: number; unit: Unit };
  certificates: EntryCertificate[];
  defaultValidityDays?: Partial<Record<CertificateType, number>>;
  /** The dates the scan carried (GS1 17/15/16) and the settings' warning window in days. */
  product?: { dates: ProductDates; warnDays: number };
}

export interface EntryVerdict {
  outcome: Outcome;
  reasons: Reason[];
}

export type CertificateStatus = 'valid' | 'expired' | 'notYetValid';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcDay(date: string): number {
  const m = ISO_DATE.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]) - 1, Number(m[3])] : [NaN, NaN, NaN];
  const t = Date.UTC(y, mo, d);
  // Date.UTC rolls 2025-02-30 over to March and reads years 0–99 as 1900–1999: compare back to
  // refuse both (field by field: this runs for every certificate of every entry).
  const back = new Date(t);
  if (!m || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo || back.getUTCDate() !== d) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return t;
}

/** Calendar arithmetic on YYYY-MM-DD without time zones. Throws RangeError on a malformed date. */
export function addDays(date: string, days: number): string {
  return new Date(toUtcDay(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Last valid day: the stated end, else issue date + the configured days for the type, else none. */
export function certificateEnd(
  cert: Pick<EntryCertificate, 'type' | 'issueDate' | 'validUntil'>,
  defaultValidityDays: Partial<Record<CertificateType, number>> = DEFAULT_VALIDITY_DAYS,
): string | undefined {
  if (cert.validUntil !== undefined) return cert.validUntil;
  const days = defaultValidityDays[cert.type];
  return days === undefined ? undefined : addDays(cert.issueDate, days);
}

/** Valid when issued on or before today and not ended before today (both ends inclusive). */
export function certificateStatus(
  cert: Pick<EntryCertificate, 'type' | 'issueDate' | 'validUntil'>,
  today: string,
  defaultValidityDays: Partial<Record<CertificateType, number>> = DEFAULT_VALIDITY_DAYS,
): CertificateStatus {
  const now = toUtcDay(today);
  if (toUtcDay(cert.issueDate) > now) return 'notYetValid';
  const end = certificateEnd(cert, defaultValidityDays);
  return end !== undefined && toUtcDay(end) < now ? 'expired' : 'valid';
}

// Quantities are compared in millionths so 0.1 + 0.2 kg does not exceed 0.3 kg.
const micro = (x: number) => Math.round(x * 1e6);

/**
 * Collects every reject reason (blocked supplier, product dates past, unmet requirement groups,
 * over-used certificates); without one, holds for testing or admits — with a warning after the
 * verdict's own reason for each product date within the warning window.
 *
 * Quantity: every valid certificate of a type the category requires, stating a quantity in the
 * lot's unit, must still cover what was admitted plus this lot — an over-used certificate rejects
 * even if another certificate would meet the group (presenting it claims it covers this lot).
 * Expired and future-dated certificates are reported only where they leave a group unmet.
 */
export function evaluateEntry(input: EntryInput): EntryVerdict {
  const { today, supplier, category, lot, certificates } = input;
  const defaults = input.defaultValidityDays ?? DEFAULT_VALIDITY_DAYS;
  toUtcDay(today);
  const status = certificates.map((c) => certificateStatus(c, today, defaults));

  const rejects: Reason[] = [];
  const seen = new Set<string>();
  const reject = (reason: Reason) => {
    const key = JSON.stringify(reason);
    if (!seen.has(key)) {
      seen.add(key);
      rejects.push(reason);
    }
  };

  if (supplier.blocked) reject({ code: 'supplierBlocked', params: { supplier: supplier.name } });
  const dates = input.product ? productDateReasons(input.product.dates, today, input.product.warnDays) : { expired: [], soon: [] };
  dates.expired.forEach(reject);

  for (const group of category.requirements) {
    const types = group.join('|');
    const candidates = certificates.map((c, i) => ({ c, s: status[i]! })).filter(({ c }) => group.includes(c.type));
    if (candidates.some(({ s }) => s === 'valid')) continue;
    if (candidates.length === 0) reject({ code: 'certificateMissing', params: { types } });
    for (const { c, s } of candidates) {
      if (s === 'expired') {
        reject({ code: 'certificateExpired', params: { number: c.number, type: c.type, validUntil: certificateEnd(c, defaults)!, types } });
      } else {
        reject({ code: 'certificateNotYetValid', params: { number: c.number, type: c.type, issueDate: c.issueDate, types } });
      }
    }
  }

  const required = new Set<CertificateType>(category.requirements.flat());
  certificates.forEach((c, i) => {
    if (status[i] !== 'valid' || !required.has(c.type) || c.quantity === undefined || c.unit !== lot.unit) return;
    if (micro(c.usedQuantity) + micro(lot.quantity) > micro(c.quantity)) {
      reject({
        code: 'quantityExceedsCertificate',
        params: { number: c.number, type: c.type, quantity: c.quantity, used: c.usedQuantity, requested: lot.quantity, unit: lot.unit },
      });
    }
  });

  if (rejects.length > 0) return { outcome: 'reject', reasons: rejects };
  const hasReport = certificates.some((c, i) => c.type === 'testReport' && status[i] === 'valid');
  if (category.testWithoutReport && !hasReport) return { outcome: 'hold', reasons: [{ code: 'noTestReport' }, ...dates.soon] };
  return { outcome: 'admit', reasons: [{ code: 'ok' }, ...dates.soon] };
}
