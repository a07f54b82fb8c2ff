import { eq } from 'drizzle-orm';
import { eventsFor } from '../../../shared/domain/upload/epcis';
import type { OutboxRecord } from '../../../shared/domain/upload/records';
import type { Orm } from '../../store/open';
import { outbox, outboxBodies, station } from '../../store/schema';
import { nodeSha256Hex } from './hash';

export type { OutboxKind, OutboxRecord } from '../../../shared/domain/upload/records';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * Call inside the record's own transaction: the record and its upload row commit together or not
 * at all. Its EPCIS events are serialised here, once (tens of µs), rather than on every drain.
 */
export function enqueueUpload(tx: Tx | Orm, record: OutboxRecord): void {
  const stationId = tx.select({ id: station.stationId }).from(station).where(eq(station.id, 1)).get()?.id ?? null;
  const events = stationId ? eventsFor(record, { stationId, sha256Hex: nodeSha256Hex }) : [];
  const { seq } = tx.insert(outbox).values({ id: record.id, kind: record.kind, lotId: record.lotId, createdAt: record.at }).returning({ seq: outbox.seq }).get();
  tx.insert(outboxBodies)
    .values({ seq, payload: JSON.stringify(record.payload), events: events.length ? JSON.stringify(events) : null })
    .run();
}
