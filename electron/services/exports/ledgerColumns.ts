import type { LedgerRow } from '../../../shared/contract';
import type { Column } from './columns';
import { CERTIFICATE_WORDS, LEDGER, NO, OUTCOME_WORDS, STATUS_WORDS, TEST_VERDICT_WORDS, UNIT_WORDS, YES } from './words';

/** The 台账's columns in a file: the screen's, with quantities as numbers and entry times as dates. */
export const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { header: LEDGER.time, type: 'dateTime', value: (r) => r.createdAt },
  { header: LEDGER.code, type: 'text', value: (r) => r.code, width: 24 },
  { header: LEDGER.outcome, type: 'text', value: (r) => OUTCOME_WORDS[r.outcome], width: 10 },
  { header: LEDGER.overridden, type: 'text', value: (r) => (r.overridden ? YES : NO), width: 10 },
  { header: LEDGER.status, type: 'text', value: (r) => STATUS_WORDS[r.status], width: 10 },
  { header: LEDGER.supplier, type: 'text', value: (r) => r.supplier.name, width: 28 },
  { header: LEDGER.variety, type: 'text', value: (r) => r.variety.name },
  { header: LEDGER.quantity, type: 'number', value: (r) => r.quantity },
  { header: LEDGER.unit, type: 'text', value: (r) => UNIT_WORDS[r.unit], width: 8 },
  { header: LEDGER.certificates, type: 'text', value: (r) => r.certificates.map((c) => `${CERTIFICATE_WORDS[c.type]} ${c.number}`).join('；'), width: 36 },
  { header: LEDGER.tests, type: 'int', value: (r) => r.tests.count },
  { header: LEDGER.lastVerdict, type: 'text', value: (r) => (r.tests.lastVerdict ? TEST_VERDICT_WORDS[r.tests.lastVerdict] : ''), width: 12 },
  { header: LEDGER.stall, type: 'text', value: (r) => r.stall?.name ?? '' },
  { header: LEDGER.operator, type: 'text', value: (r) => r.operator.name, width: 12 },
];
