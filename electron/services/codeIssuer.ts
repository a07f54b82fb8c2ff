import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { formatOwnCode } from '../../shared/domain/ownCode';
import type { Orm } from '../store/open';
import { codeSequences } from '../store/schema';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * Takes the next sequence number for a station id. Call it inside the transaction that records
 * what the code is for: the bump and the record commit together or not at all, so a code is
 * never issued twice, even after kill -9.
 */
export function nextOwnCode(tx: Tx, stationId: string): string {
  const row = tx
    .insert(codeSequences)
    .values({ stationId, next: 2 })
    .onConflictDoUpdate({ target: codeSequences.stationId, set: { next: sql`${codeSequences.next} + 1` } })
    .returning({ next: codeSequences.next })
    .get();
  return formatOwnCode(stationId, row.next - 1);
}

/** The sequence the next issue will use (for tests and the status screen). */
export const peekSequence = (orm: Orm, stationId: string) =>
  orm.select({ next: codeSequences.next }).from(codeSequences).where(eq(codeSequences.stationId, stationId)).get()?.next ?? 1;

/**
 * WAL with synchronous=NORMAL may lose the last commits on a power cut (not on a crash); a
 * code's issuance must survive both before its label is released, so it commits with FULL.
 */
export function durably<T>(sqlite: Database.Database, work: () => T): T {
  sqlite.pragma('synchronous = FULL');
  try {
    return work();
  } finally {
    sqlite.pragma('synchronous = NORMAL');
  }
}
