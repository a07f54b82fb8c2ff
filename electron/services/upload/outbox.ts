import type Database from 'better-sqlite3';
import { eventsFor } from '../../../shared/domain/upload/epcis';
import type { OutboxRecord } from '../../../shared/domain/upload/records';
import type { Orm } from '../../store/open';
import { nodeSha256Hex } from './hash';

export type { OutboxKind, OutboxRecord } from '../../../shared/domain/upload/records';

/** Prepared once per connection: this runs inside every entry, split and test. */
const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(db: Database.Database) {
  return {
    stationId: db.prepare<[], { id: string | null }>('select station_id as id from station where id = 1'),
    marketGln: db.prepare<[], { gln: string }>("select gln from subjects where kind = 'market' and gln is not null order by created_at, id limit 1"),
    row: db.prepare<[string, string, string | null, string]>('insert into outbox (id, kind, lot_id, created_at) values (?, ?, ?, ?)'),
    body: db.prepare<[number | bigint, string, string | null]>('insert into outbox_bodies (seq, payload, events) values (?, ?, ?)'),
  };
}

function statementsOf(db: Database.Database) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

// Read on every record written (every scan): kept until a subject is saved (forgetMarketGln).
const marketGlns = new WeakMap<Database.Database, { gln: string | null }>();

/** The market's GLN (its 市场 subject's), which makes the places of events SGLNs (locations.ts). */
export function marketGlnOf(db: Database.Database): string | null {
  let known = marketGlns.get(db);
  if (!known) marketGlns.set(db, (known = { gln: statementsOf(db).marketGln.get()?.gln ?? null }));
  return known.gln;
}

/** The station id its records are uploaded under; null until the admin sets it. */
export const stationIdOf = (db: Database.Database): string | null => statementsOf(db).stationId.get()?.id ?? null;

/** After a subject is saved (inside its transaction): the market's GLN is read again next time. */
export const forgetMarketGln = (db: Database.Database) => void marketGlns.delete(db);

/**
 * Call inside the record's own transaction (drizzle's or better-sqlite3's: both run on this one
 * connection), so the record and its upload row commit together or not at all. Its EPCIS events
 * are serialised here, once, rather than on every drain.
 */
export function enqueueUpload(orm: Orm, record: OutboxRecord): void {
  const db = orm.$client;
  const s = statementsOf(db);
  const stationId = stationIdOf(db);
  const events = stationId ? eventsFor(record, { stationId, marketGln: marketGlnOf(db), sha256Hex: nodeSha256Hex }) : [];
  const { lastInsertRowid } = s.row.run(record.id, record.kind, record.lotId, record.at);
  s.body.run(lastInsertRowid, JSON.stringify(record.payload), events.length ? JSON.stringify(events) : null);
}
