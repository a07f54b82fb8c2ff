import type { CertificateType, Input, RecallScope, RecallSource } from '../../../../shared/contract';
import { parseGs1 } from '../../../../shared/domain/gs1';
import { rangeOk } from '../ledger/ledgerRange';

export const SCOPE_KINDS = ['lot', 'supplier', 'certificate', 'gtinBatch'] as const satisfies readonly RecallScope['kind'][];
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** The start form as typed: every kind's fields kept, so switching tabs loses nothing. */
export interface RecallDraft {
  kind: ScopeKind;
  code: string;
  supplierId: string;
  certificateType: CertificateType | '';
  certificateNumber: string;
  gtin: string;
  batch: string;
  /** Market days; required for a supplier, both empty means any day for a certificate or GTIN. */
  from: string;
  to: string;
  reason: string;
  source: RecallSource | '';
  sourceRef: string;
}

export const emptyDraft = (code = ''): RecallDraft => ({
  kind: 'lot',
  code,
  supplierId: '',
  certificateType: '',
  certificateNumber: '',
  gtin: '',
  batch: '',
  from: '',
  to: '',
  reason: '',
  source: '',
  sourceRef: '',
});

/** What is wrong with the draft, as a `recall.form.*` text key. */
type Problem = { problem: string };

function rangeOf(draft: RecallDraft, required: boolean): { range?: { from: string; to: string } } | Problem {
  if (!draft.from && !draft.to) return required ? { problem: 'rangeRequired' } : {};
  const range = { from: draft.from, to: draft.to };
  return rangeOk(range) ? { range } : { problem: 'rangeBad' };
}

/** The scope the draft names, or why it names none yet. A 13-digit EAN gets its leading 0. */
export function scopeOf(draft: RecallDraft): { scope: RecallScope } | Problem {
  switch (draft.kind) {
    case 'lot':
      return draft.code.trim() ? { scope: { kind: 'lot', raw: draft.code.trim() } } : { problem: 'codeRequired' };
    case 'supplier': {
      if (!draft.supplierId) return { problem: 'supplierRequired' };
      const range = rangeOf(draft, true);
      if ('problem' in range) return range;
      return { scope: { kind: 'supplier', supplierId: draft.supplierId, range: range.range! } };
    }
    case 'certificate': {
      const number = draft.certificateNumber.trim();
      if (!number) return { problem: 'certificateRequired' };
      const range = rangeOf(draft, false);
      if ('problem' in range) return range;
      return { scope: { kind: 'certificate', number, ...(draft.certificateType && { type: draft.certificateType }), ...range } };
    }
    case 'gtinBatch': {
      const digits = draft.gtin.trim();
      const gtin = /^\d{13}$/.test(digits) ? `0${digits}` : digits;
      if (!/^\d{14}$/.test(gtin)) return { problem: 'gtinBad' };
      const range = rangeOf(draft, false);
      if ('problem' in range) return range;
      const batch = draft.batch.trim();
      return { scope: { kind: 'gtinBatch', gtin, ...(batch && { batch }), ...range } };
    }
  }
}

/** startRecall's input for a previewed scope, or what is still missing (reason, source). */
export function startInput(draft: RecallDraft, scope: RecallScope): { input: Input<'startRecall'> } | Problem {
  const reason = draft.reason.trim();
  if (!reason) return { problem: 'reasonRequired' };
  if (!draft.source) return { problem: 'sourceRequired' };
  const sourceRef = draft.sourceRef.trim();
  return { input: { scope, reason, source: draft.source, ...(sourceRef && { sourceRef }) } };
}

/**
 * Where a scan goes in the form: a GS1 code on the GTIN tab fills GTIN and batch, any scan on the
 * certificate tab is the certificate's number, and otherwise it is the lot to recall.
 */
export function draftWithScan(draft: RecallDraft, raw: string): RecallDraft {
  if (draft.kind === 'gtinBatch') {
    const parsed = parseGs1(raw);
    if (parsed.ok && parsed.data.gtin) return { ...draft, gtin: parsed.data.gtin, batch: parsed.data.batch ?? '' };
  }
  if (draft.kind === 'certificate') return { ...draft, certificateNumber: raw };
  return { ...draft, kind: 'lot', code: raw };
}
