import type { OutboxRecord } from '../../../shared/domain/upload/records';
import type { Orm } from '../../store/open';
import { outbox } from '../../store/schema';

export type { OutboxKind, OutboxRecord } from '../../../shared/domain/upload/records';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** Call inside the record's own transaction: the record and its upload row commit together or not at all. */
export function enqueueUpload(tx: Tx | Orm, record: OutboxRecord): void {
  tx.insert(outbox).values({ id: record.id, kind: record.kind, lotId: record.lotId, payload: JSON.stringify(record.payload), createdAt: record.at }).run();
}
