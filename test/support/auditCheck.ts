import Database from 'better-sqlite3';
import type { AuditVerdict } from '../../shared/contract';
import { verifyAudit } from '../../electron/services/audit/verify';

export interface AuditAfterCrash {
  verdict: AuditVerdict;
  /** Lot ids of the entry checks on record, and of the entry.* audit entries: equal when one to one. */
  entries: { records: string[]; audited: string[] };
  /** Child lot ids of the splits on record, and of the split audit entries. */
  splits: { records: string[]; audited: string[] };
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
      splitCodes: new Set(ids("select json_extract(after, '$.code') from audit where action = 'split'")),
    };
  } finally {
    db.close();
  }
}
