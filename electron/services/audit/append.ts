import type Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH, type ChainHead } from '../../../shared/domain/auditChain';
import type { Orm } from '../../store/open';
import { nodeSha256Hex } from '../upload/hash';

/** What a state change tells the audit trail; `before`/`after` hold only the fields that changed. */
export interface AuditChange {
  at: string;
  /** Null for the station itself (the chain's start). */
  by: { id: string; name: string } | null;
  action: string;
  subject: { kind: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Prepared once per connection: an append runs inside every verdict, the measured hot path. */
const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(db: Database.Database) {
  return {
    head: db.prepare<[], ChainHead>('select seq, hash from audit_head where id = 1'),
    insert: db.prepare(
      `insert into audit (seq, at, operator_id, operator_name, action, subject_kind, subject_id, before, after, prev_hash, hash)
       values (@seq, @at, @operatorId, @operatorName, @action, @subjectKind, @subjectId, @before, @after, @prevHash, @hash)`,
    ),
    moveHead: db.prepare<[number, string]>('insert into audit_head (id, seq, hash) values (1, ?, ?) on conflict (id) do update set seq = excluded.seq, hash = excluded.hash'),
  };
}
function statementsOf(db: Database.Database) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

const json = (v: Record<string, unknown> | null | undefined) => (v ? JSON.stringify(v) : null);

/**
 * Call inside the change's own transaction, so the change and its entry commit together or not at
 * all. The previous entry is the recorded head, not the last row: an entry appended after a
 * cut-off tail takes the next number after the head, and the gap stays visible.
 */
export function appendAudit(orm: Orm, change: AuditChange): void {
  appendAudits(orm, [change]);
}

/**
 * Many entries in one go, inside the change's transaction (a recall of 10,000 lots): the same
 * chain as that many appendAudit calls, with the head read once and moved once.
 */
export function appendAudits(orm: Orm, changes: readonly AuditChange[]): void {
  if (!changes.length) return;
  const s = statementsOf(orm.$client);
  let prev = s.head.get() ?? { seq: 0, hash: GENESIS_HASH };
  for (const change of changes) {
    const fields = {
      seq: prev.seq + 1,
      at: change.at,
      operatorId: change.by?.id ?? null,
      operatorName: change.by?.name ?? null,
      action: change.action,
      subjectKind: change.subject.kind,
      subjectId: change.subject.id,
      before: json(change.before),
      after: json(change.after),
      prevHash: prev.hash,
    };
    const hash = auditHash(nodeSha256Hex, fields);
    s.insert.run({ ...fields, hash });
    prev = { seq: fields.seq, hash };
  }
  s.moveHead.run(prev.seq, prev.hash);
}

/** The chain's head as recorded: what the daily close (issue 16) will sign. Works on a read-only connection. */
export function auditChainHead(db: Database.Database): ChainHead {
  return db.prepare<[], ChainHead>('select seq, hash from audit_head where id = 1').get() ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * The chain's first entry, once per database: it records how far the lots went before the chain
 * existed (their rowid), so a lot after that with no entry is a break, one before it is not.
 */
export function startAuditChain(orm: Orm, at: string): void {
  const db = orm.$client;
  orm.transaction(() => {
    if (statementsOf(db).head.get()) return;
    // max(rowid) is one B-tree step, even at a million lots (a count would walk them all at start-up).
    const lots = db.prepare<[], { last: number | null }>('select max(rowid) as last from lots').get()!;
    appendAudit(orm, { at, by: null, action: 'audit.start', subject: { kind: 'station', id: '1' }, after: { lotsBefore: lots.last ?? 0 } });
  });
}
