import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { refused, type Operator } from '../../shared/contract';
import type { Orm } from '../store/open';

/**
 * A client that timed out and retried must not get a second code. Writes that issue codes take an
 * optional request id (one per user action): the first answer is kept in the write's own
 * transaction, and the same id from the same operator gets that answer again, issuing nothing.
 */
type Method = 'splitLot' | 'checkEntry';
interface Identified {
  requestId?: string;
}

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(db: Database.Database) {
  return {
    find: db.prepare<[string, string], { fingerprint: string; result: string }>('select fingerprint, result from client_requests where operator_id = ? and request_id = ?'),
    insert: db.prepare<[string, string, string, string, string, string]>('insert into client_requests (operator_id, request_id, method, fingerprint, result, created_at) values (?, ?, ?, ?, ?, ?)'),
    prune: db.prepare<[string]>('delete from client_requests where created_at < ?'),
  };
}
function statementsOf(orm: Orm) {
  const db = orm.$client;
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

/** The write the id was first used for: the validated input (its keys in schema order) without the id. */
function fingerprint(method: Method, input: Identified): string {
  const { requestId: _, ...rest } = input;
  return createHash('sha256').update(method).update('\0').update(JSON.stringify(rest)).digest('base64url');
}

/**
 * The first answer to this request, or null when the request is new (or has no id). The same id
 * sent with another write is refused: answering the first one would hide that the second was never made.
 */
export function replayRequest<T>(orm: Orm, method: Method, by: Operator, input: Identified): T | null {
  if (!input.requestId) return null;
  const row = statementsOf(orm).find.get(by.id, input.requestId);
  if (!row) return null;
  if (row.fingerprint !== fingerprint(method, input)) throw refused('conflict', 'request id already used for another write', 'requestIdReused');
  return JSON.parse(row.result) as T;
}

/** Keeps the answer; call inside the write's transaction so both commit or neither does. */
export function recordRequest(orm: Orm, method: Method, by: Operator, input: Identified, result: unknown, at: string): void {
  if (!input.requestId) return;
  statementsOf(orm).insert.run(by.id, input.requestId, method, fingerprint(method, input), JSON.stringify(result), at);
}

/** Retries come within minutes; answers older than `before` (an isoLocal time) are dropped. */
export function pruneRequests(orm: Orm, before: string): void {
  statementsOf(orm).prune.run(before);
}
