import type { CertificateInput, CertificateType, EntryCheckInput, Subject, Unit, Variety } from '../../../../shared/contract';

/** One paper certificate as typed at the counter: strings until the scan turns them into input. */
export interface CertificateDraft {
  key: string;
  type: CertificateType;
  number: string;
  issuer: string;
  issueDate: string;
  validUntil: string;
  quantity: string;
  unit: Unit | '';
  raw?: string;
  photo?: string;
}

/** 本车信息: what stays the same for every lot scanned off one vehicle. */
export interface DeliveryDraft {
  supplierId: string;
  varietyId: string;
  quantity: string;
  unit: Unit;
  certificates: CertificateDraft[];
}

export const emptyDelivery = (): DeliveryDraft => ({ supplierId: '', varietyId: '', quantity: '', unit: 'kg', certificates: [] });

export function today(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

let nextKey = 0;
export function newCertificate(init: Partial<CertificateDraft> = {}): CertificateDraft {
  return { key: `c${++nextKey}`, type: 'commitment', number: '', issuer: '', issueDate: today(), validUntil: '', quantity: '', unit: '', ...init };
}

/** A field the operator still has to fill; `row` is the 1-based certificate row. */
export type Missing = { field: 'supplier' | 'variety' | 'quantity' } | { field: 'certNumber' | 'certIssuer' | 'certIssueDate' | 'certQuantity'; row: number };

const positive = (s: string): number | null => {
  const n = Number(s.trim().replace(',', '.'));
  return s.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
};

/** A certificate quantity without its own unit is counted in the delivery's unit. */
function certificateInput(c: CertificateDraft, row: number, deliveryUnit: Unit, missing: Missing[]): CertificateInput {
  if (!c.number.trim()) missing.push({ field: 'certNumber', row });
  if (!c.issuer.trim()) missing.push({ field: 'certIssuer', row });
  if (!c.issueDate) missing.push({ field: 'certIssueDate', row });
  const quantity = c.quantity.trim() ? positive(c.quantity) : undefined;
  if (quantity === null) missing.push({ field: 'certQuantity', row });
  return {
    type: c.type,
    number: c.number.trim(),
    issuer: c.issuer.trim(),
    issueDate: c.issueDate,
    ...(c.validUntil && { validUntil: c.validUntil }),
    ...(quantity != null && { quantity, unit: c.unit || deliveryUnit }),
    ...(c.raw && { raw: c.raw }),
    ...(c.photo && { photo: c.photo }),
  };
}

/**
 * The checkEntry input for one scan — or, with `raw` null, for a lot without a code that the
 * station codes itself (源头赋码) — or what is missing: an incomplete form sends nothing.
 */
export function entryInput(
  draft: DeliveryDraft,
  raw: string | null,
  source: EntryCheckInput['source'],
  weighed?: { scaleId: string; kg: number },
): { input: EntryCheckInput } | { missing: Missing[] } {
  const missing: Missing[] = [];
  if (!draft.supplierId) missing.push({ field: 'supplier' });
  if (!draft.varietyId) missing.push({ field: 'variety' });
  const quantity = weighed ? weighed.kg : positive(draft.quantity);
  if (quantity === null) missing.push({ field: 'quantity' });
  const certificates = draft.certificates.map((c, i) => certificateInput(c, i + 1, draft.unit, missing));
  if (missing.length > 0 || quantity === null) return { missing };
  const lot = { source, supplierId: draft.supplierId, varietyId: draft.varietyId, quantity, unit: draft.unit, certificates, ...(weighed && { scaleId: weighed.scaleId }) };
  return { input: raw === null ? { ...lot, assignCode: true } : { ...lot, raw } };
}

const NUMBER_PARAMS = ['no', 'number', 'certNo', 'certno', 'cert', 'code', 'zsbh', 'hgzbh', 'id'];

/**
 * The certificate number inside a certificate QR. Layouts differ by issuer and are not public,
 * so: a known query parameter, else a `编号：` label, else the last path segment, else the text.
 */
export function certificateNumberFrom(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  let found: string | undefined;
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      found = NUMBER_PARAMS.map((p) => url.searchParams.get(p)?.trim()).find((v) => v);
      found ??= url.pathname.split('/').filter(Boolean).pop();
    } catch {
      // Not a parseable URL after all: fall through to the text rules.
    }
  }
  found ??= /(?:编号|证号|No\.?)\s*[:：]?\s*([A-Za-z0-9-]+)/i.exec(text)?.[1];
  return (found ?? text).trim().slice(0, 64);
}

/** Quantity and unit default from the chosen variety; the issuer from the supplier. */
export function varietyChosen(draft: DeliveryDraft, variety: Variety | undefined): DeliveryDraft {
  return { ...draft, varietyId: variety?.id ?? '', unit: variety?.defaultUnit ?? draft.unit };
}

export function defaultIssuer(suppliers: Subject[], supplierId: string): string {
  return suppliers.find((s) => s.id === supplierId)?.name ?? '';
}
