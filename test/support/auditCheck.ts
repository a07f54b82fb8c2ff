import Database from 'better-sqlite3';
import type { AuditVerdict } from '../../shared/contract';
import { verifyAudit } from '../../electron/services/audit/verify';

export interface AuditAfterCrash {
  verdict: AuditVerdict;
  /** Lot ids of the entry checks on record, and of the entry.* audit entries: equal when one to one. */
  entries: { records: string[]; audited: string[] };
  /** Child lot ids of the splits on record, and of the split audit entries. */
  splits: { records: string[]; audited: string[] };
  /** Ids of the rapid tests on record, and of the test.record entries. */
  tests: { records: string[]; audited: string[] };
  /** Each held lot of each hold (hold:lot), on record and in lot.hold entries. */
  holds: { records: string[]; audited: string[] };
  /** Codes of the split audit entries (what a released code must be found in). */
  splitCodes: Set<string>;
}

/**
 * The audit chain of a station file after a kill -9: whether it verifies, and the records that
 * committed next to the entries that committed with them (sorted, to compare one to one).
 */
export async function auditAfterCrash(path: string): Promise<AuditAfterCrash> {
  const db = new Database(path, { readonly: true });
  try {
    const ids = (sql: string) => (db.prepare(sql).pluck().all() as string[]).sort();
    return {
      verdict: await verifyAudit(db),
      entries: { records: ids('select lot_id from entry_checks'), audited: ids("select subject_id from audit where action in ('entry.admit', 'entry.hold', 'entry.reject')") },
      splits: { records: ids('select child_lot_id from splits'), audited: ids("select subject_id from audit where action = 'split'") },
      tests: { records: ids('select id from rapid_tests'), audited: ids("select json_extract(after, '$.testId') from audit where action = 'test.record'") },
      holds: { records: ids("select hold_id || ':' || lot_id from hold_lots"), audited: ids("select json_extract(after, '$.holdId') || ':' || subject_id from audit where action = 'lot.hold'") },
      splitCodes: new Set(ids("select json_extract(after, '$.code') from audit where action = 'split'")),
    };
  } finally {
    db.close();
  }
}
