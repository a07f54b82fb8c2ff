import { describe, expect, it } from 'vitest';
import { envelopeShape, fieldAt, isListNode, PAYLOAD_FIELDS, payloadProblem, type Shape } from '../../../shared/domain/upload/payloadFields';
import { OUTBOX_KINDS, type EntryPayload, type SplitPayload } from '../../../shared/domain/upload/records';

// The list is typed against records.ts: a payload field it lacks, or has too many, does not compile.
// These lines show that the check bites (tsc fails if they ever compile).
// @ts-expect-error a field of the type is missing
export const missing: Shape<{ a: string; b: number }> = { a: 'value' };
// @ts-expect-error a field the type does not have
export const extra: Shape<{ a: string }> = { a: 'value', c: 'value' };
// @ts-expect-error an optional field is marked as such
export const optional: Shape<EntryPayload['lot']>['bestBeforeDate'] = 'value';
// @ts-expect-error a nested object's field is missing (sale.buyer.phone)
export const nested: Shape<SplitPayload['sale']> = { buyer: { name: 'value', uscc: 'value' }, priceFen: 'value' };

const entry: EntryPayload = {
  entryId: 'E1',
  lot: { id: 'L1', code: '0106901234567892', gtin: '06901234567892', batch: 'A1', quantity: 50, unit: 'kg', codeKind: 'gs1', expiryDate: null },
  variety: { id: 'V1', name: '白菜', categoryId: 'leafy' },
  supplier: { id: 'S1', name: '合作社', uscc: null },
  outcome: 'admit',
  reasons: [],
  source: 'scan',
  certificates: [{ type: 'origin', number: 'CN-1', issuer: '镇政府', issueDate: '2026-03-01', validUntil: null }],
  by: { id: 'O1', name: '张三' },
};

describe('PAYLOAD_FIELDS', () => {
  it('has a shape for every record kind', () => {
    expect(Object.keys(PAYLOAD_FIELDS).sort()).toEqual([...OUTBOX_KINDS].sort());
  });
});

describe('fieldAt', () => {
  const root = envelopeShape('entry');
  it('follows fields, list indexes and optional fields; null where the kind has no such field', () => {
    expect(fieldAt(root, 'id')).toBe('value');
    expect(fieldAt(root, 'payload.lot.code')).toBe('value');
    expect(fieldAt(root, 'payload.lot.sellByDate')).toBe('value');
    expect(fieldAt(root, 'payload.certificates.3.number')).toBe('value');
    expect(isListNode(fieldAt(root, 'payload.certificates'))).toBe(true);
    expect(isListNode(fieldAt(root, 'payload.lot'))).toBe(false);
    for (const path of ['payload.lot.codes', 'payload.certificates.number', 'payload.lot.code.x', 'payload.constructor', 'lot', 'payload.lot.optional', '']) {
      expect(fieldAt(root, path)).toBeNull();
    }
    expect(fieldAt(envelopeShape('split'), 'payload.sale.buyer.phone')).toBe('value');
    expect(fieldAt(envelopeShape('split'), 'payload.lot')).toBeNull();
  });
});

describe('payloadProblem', () => {
  it('passes a whole payload, with nulls where a field is empty and old records without the later dates', () => {
    expect(payloadProblem('entry', entry)).toBeNull();
    expect(payloadProblem('entry', { ...entry, lot: { ...entry.lot, bestBeforeDate: '2026-04-01' } })).toBeNull();
    expect(payloadProblem('entry', { ...entry, extra: 1 })).toBeNull();
  });

  it('names the first field missing or in the wrong form', () => {
    expect(payloadProblem('entry', {})).toBe('entryId');
    expect(payloadProblem('subject', {})).toBe('subjectId');
    expect(payloadProblem('entry', { ...entry, lot: [] })).toBe('lot');
    expect(payloadProblem('entry', { ...entry, lot: 'L1' })).toBe('lot');
    expect(payloadProblem('entry', { ...entry, certificates: {} })).toBe('certificates');
    expect(payloadProblem('entry', { ...entry, certificates: [{ ...entry.certificates[0], number: undefined }] })).toBe('certificates.0.number');
    const { code: _code, ...lot } = entry.lot;
    expect(payloadProblem('entry', { ...entry, lot })).toBe('lot.code');
    expect(payloadProblem('entry', { ...entry, lot: { ...entry.lot, bestBeforeDate: { y: 1 } } })).toBeNull();
  });
});
