import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { formatOwnCode } from '../../shared/domain/ownCode';
import type { Orm } from '../store/open';
import { codeSequences } from '../store/schema';

/** Sequence numbers reserved per durable write; unused ones are skipped after a restart. */
export const SEQUENCE_BLOCK = 1000;

/**
 * Power-safe code issuing without an fsync per code: a code printed once must never be issued
 * again, even after a power cut. WAL with synchronous=NORMAL
 * may lose the last commits on a power cut, so the durable high-water mark of the sequence is
 * moved a block ahead in its own synchronous=FULL commit before any number of that block is
 * used. Whatever is lost on a power cut, the next start begins above every number that could
 * have been printed: a code is never issued twice. Numbers left unused in a block are gaps.
 */
export function createCodeIssuer(orm: Orm, sqlite: Database.Database) {
  const blocks = new Map<string, { next: number; end: number }>();

  function reserve(stationId: string) {
    sqlite.pragma('synchronous = FULL');
    try {
      const end = orm
        .insert(codeSequences)
        .values({ stationId, next: 1 + SEQUENCE_BLOCK })
        .onConflictDoUpdate({ target: codeSequences.stationId, set: { next: sql`${codeSequences.next} + ${SEQUENCE_BLOCK}` } })
        .returning({ next: codeSequences.next })
        .get().next;
      blocks.set(stationId, { next: end - SEQUENCE_BLOCK, end });
    } finally {
      sqlite.pragma('synchronous = NORMAL');
    }
  }

  return {
    /** The next code for a station id; call it inside the transaction that records the code's lot. */
    next(stationId: string): string {
      let block = blocks.get(stationId);
      if (!block || block.next >= block.end) {
        // A write transaction may be open: reserving needs its own commit, so it must come first.
        if (sqlite.inTransaction) throw new Error('reserve a sequence block outside a transaction (call ready() first)');
        reserve(stationId);
        block = blocks.get(stationId)!;
      }
      return formatOwnCode(stationId, block.next++);
    },
    /** Makes sure the next code can be taken inside a transaction without a durable write. */
    ready(stationId: string) {
      const block = blocks.get(stationId);
      if (!block || block.next >= block.end) reserve(stationId);
    },
  };
}
export type CodeIssuer = ReturnType<typeof createCodeIssuer>;
