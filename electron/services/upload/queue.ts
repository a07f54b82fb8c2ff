import type Database from 'better-sqlite3';
import type { OutboxKind, OutboxRecord } from '../../../shared/domain/upload/records';

export interface QueuedRow extends OutboxRecord {
  seq: number;
  attempts: number;
  /** The EPCIS events serialised when the record was written (null: build them now). */
  events: string | null;
}

interface RawRow {
  seq: number;
  id: string;
  kind: string;
  lotId: string | null;
  at: string;
  attempts: number;
  events: string | null;
}
/**
 * The outbox as a queue, on raw prepared statements (it is drained by the hundred thousand).
 *
 * Order: rows go out in `seq` order, a batch at a time, and a batch is only built from rows after
 * everything before it was acknowledged. A dead row (refused for good) holds back the later rows
 * of its lot family (same root lot: a split's child follows its parent) until it is re-sent;
 * rows of other lots and master data go on.
 */
export function createQueue(sqlite: Database.Database) {
  // The payload is read on first use: a drain of serialised events never needs it.
  const cols = 'o.seq, o.id, o.kind, o.lot_id AS lotId, o.created_at AS at, o.attempts, (SELECT b.events FROM outbox_bodies b WHERE b.seq = o.seq) AS events';
  const payloadOf = sqlite.prepare<[number], { payload: string }>('SELECT payload FROM outbox_bodies WHERE seq = ?');
  function toRow(r: RawRow): QueuedRow {
    let payload: Record<string, unknown> | undefined;
    return {
      seq: r.seq,
      id: r.id,
      kind: r.kind as OutboxKind,
      lotId: r.lotId,
      get payload() {
        return (payload ??= JSON.parse(payloadOf.get(r.seq)!.payload) as Record<string, unknown>);
      },
      at: r.at,
      attempts: r.attempts,
      events: r.events,
    };
  }
  const page = sqlite.prepare<[number, number], RawRow>(`SELECT ${cols} FROM outbox o WHERE o.state = 'pending' AND o.seq > ? ORDER BY o.seq LIMIT ?`);
  const pageWithChain = sqlite.prepare<[number, number], RawRow & { chain: string | null }>(
    `SELECT ${cols}, coalesce(l.root_lot_id, o.lot_id) AS chain FROM outbox o LEFT JOIN lots l ON l.id = o.lot_id WHERE o.state = 'pending' AND o.seq > ? ORDER BY o.seq LIMIT ?`,
  );
  const anyDead = sqlite.prepare<[], { x: number }>(`SELECT 1 AS x FROM outbox WHERE state = 'dead' LIMIT 1`);
  const deadChains = sqlite.prepare<[], { chain: string; seq: number }>(
    `SELECT coalesce(l.root_lot_id, o.lot_id) AS chain, min(o.seq) AS seq FROM outbox o LEFT JOIN lots l ON l.id = o.lot_id WHERE o.state = 'dead' AND o.lot_id IS NOT NULL GROUP BY chain`,
  );
  const markSent = sqlite.prepare<[string, string]>(
    `UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending'`,
  );
  const markFailed = sqlite.prepare<[string, string]>(`UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN (SELECT value FROM json_each(?)) AND state = 'pending'`);
  const markDead = sqlite.prepare<[string, number]>(`UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ? WHERE seq = ? AND state = 'pending'`);
  const counts = sqlite.prepare<[], { state: string; n: number }>(`SELECT state, count(*) AS n FROM outbox GROUP BY state`);
  const blockedCount = sqlite.prepare<[], { n: number }>(
    `SELECT count(*) AS n FROM outbox o LEFT JOIN lots l ON l.id = o.lot_id
     JOIN (SELECT coalesce(dl.root_lot_id, d.lot_id) AS chain, min(d.seq) AS seq FROM outbox d LEFT JOIN lots dl ON dl.id = d.lot_id
           WHERE d.state = 'dead' AND d.lot_id IS NOT NULL GROUP BY chain) b ON b.chain = coalesce(l.root_lot_id, o.lot_id) AND b.seq < o.seq
     WHERE o.state = 'pending'`,
  );
  const lastSent = sqlite.prepare<[], { at: string | null }>(`SELECT max(sent_at) AS at FROM outbox WHERE state = 'sent'`);
  const deadList = sqlite.prepare<[number], RawRow & { reason: string | null; chain: string | null }>(
    `SELECT ${cols}, o.last_error AS reason, coalesce(l.root_lot_id, o.lot_id) AS chain FROM outbox o LEFT JOIN lots l ON l.id = o.lot_id WHERE o.state = 'dead' ORDER BY o.seq LIMIT ?`,
  );
  const blockingOf = sqlite.prepare<[string, number], { n: number }>(
    `SELECT count(*) AS n FROM outbox o LEFT JOIN lots l ON l.id = o.lot_id WHERE o.state = 'pending' AND coalesce(l.root_lot_id, o.lot_id) = ? AND o.seq > ?`,
  );
  const batchInsert = sqlite.prepare<[string, string]>('INSERT OR IGNORE INTO upload_batches (key, creation_date) VALUES (?, ?)');
  const batchDate = sqlite.prepare<[string], { d: string }>('SELECT creation_date AS d FROM upload_batches WHERE key = ?');
  const batchDelete = sqlite.prepare<[string]>('DELETE FROM upload_batches WHERE key = ?');
  const requeue = sqlite.prepare<[string]>(`UPDATE outbox SET state = 'pending', attempts = 0 WHERE state = 'dead' AND id IN (SELECT value FROM json_each(?))`);

  return {
    /** The next rows to send, in seq order, skipping rows held back by a dead row of their lot family. */
    next(limit: number): QueuedRow[] {
      if (!anyDead.get()) return page.all(0, limit).map(toRow);
      const blocked = new Map(deadChains.all().map((d) => [d.chain, d.seq]));
      const out: QueuedRow[] = [];
      let after = 0;
      for (;;) {
        const rows = pageWithChain.all(after, Math.max(limit * 4, 100));
        for (const r of rows) {
          const deadSeq = r.chain === null ? undefined : blocked.get(r.chain);
          if (deadSeq === undefined || deadSeq > r.seq) out.push(toRow(r));
          if (out.length === limit) return out;
        }
        if (rows.length === 0) return out;
        after = rows[rows.length - 1].seq;
      }
    },
    sent(seqs: number[], at: string) {
      markSent.run(at, JSON.stringify(seqs));
    },
    failed(seqs: number[], reason: string) {
      markFailed.run(reason.slice(0, 1000), JSON.stringify(seqs));
    },
    dead(seq: number, reason: string) {
      markDead.run(reason.slice(0, 1000), seq);
    },
    counts() {
      const c = { pending: 0, sent: 0, dead: 0, exported: 0 } as Record<string, number>;
      for (const r of counts.all()) c[r.state] = r.n;
      return { pending: c.pending, sent: c.sent, dead: c.dead, exported: c.exported, blocked: c.dead ? blockedCount.get()!.n : 0 };
    },
    lastSentAt: () => lastSent.get()?.at ?? null,
    deadLetters(limit: number) {
      return deadList.all(limit).map((r) => ({ row: toRow(r), reason: r.reason, blocking: r.chain ? blockingOf.get(r.chain, r.seq)!.n : 0 }));
    },
    /**
     * The creationDate of the batch with this Idempotency-Key: `now` at its first send, the same
     * on every retry (kept until the batch is acknowledged; a refused batch keeps it, as the
     * server may remember the key).
     */
    batchCreationDate(key: string, now: string): string {
      batchInsert.run(key, now);
      return batchDate.get(key)!.d;
    },
    batchAcknowledged(key: string) {
      batchDelete.run(key);
    },
    requeue(ids: string[]): number {
      return requeue.run(JSON.stringify(ids)).changes;
    },
  };
}
export type Queue = ReturnType<typeof createQueue>;
