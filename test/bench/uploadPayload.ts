import { entryRecord, type OutboxRecord } from '../../shared/domain/upload/records';

/** A realistic entry record (GS1 lot, two certificates), distinct per i. */
export function benchPayload(i: number, id: () => string): OutboxRecord {
  const entryId = id();
  return entryRecord(
    {
      entryId,
      lot: { id: `LOT${i}`, code: `0106901234567892 10B${i}`, codeKind: 'gs1', gtin: '06901234567892', batch: `B${i}`, expiryDate: null, quantity: 10 + (i % 50), unit: 'kg' },
      variety: { id: 'V1', name: '白菜', categoryId: 'vegetable' },
      supplier: { id: 'S1', name: '南安合作社', uscc: '91350100M000100Y43' },
      outcome: 'admit',
      reasons: [],
      source: 'wedge',
      certificates: [
        { type: 'commitment', number: `CN-${i}`, issuer: '南安合作社', issueDate: '2025-03-01', validUntil: null },
        { type: 'testReport', number: `TR-${i}`, issuer: '检测站', issueDate: '2025-03-01', validUntil: null },
      ],
      by: { id: 'OP1', name: '张三' },
    },
    '2025-03-01T08:15:00.000+08:00',
  );
}
