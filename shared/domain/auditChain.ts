/**
 * The audit chain's one hash rule, shared by the append (every state change) and the verify walk.
 * Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or
 * moving any entry breaks every link after it. SHA-256 is injected: node:crypto on the station,
 * any implementation elsewhere.
 */

/** The `prev` of the first entry: no entry before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** One entry as stored: `before` and `after` are the compact JSON text, hashed exactly as stored. */
export interface AuditFields {
  seq: number;
  at: string;
  operatorId: string | null;
  operatorName: string | null;
  action: string;
  subjectKind: string;
  subjectId: string;
  before: string | null;
  after: string | null;
  prevHash: string;
}
export interface AuditRow extends AuditFields {
  hash: string;
}

export type Sha256Hex = (text: string) => string;

/**
 * The canonical serialisation: a JSON array in a fixed order (no object keys whose order could
 * vary), strings escaped by JSON, null kept apart from the empty string.
 */
export function canonicalAudit(e: AuditFields): string {
  return JSON.stringify([e.seq, e.at, e.operatorId, e.operatorName, e.action, e.subjectKind, e.subjectId, e.before, e.after, e.prevHash]);
}

export function auditHash(sha256Hex: Sha256Hex, e: AuditFields): string {
  return sha256Hex(canonicalAudit(e));
}

/** What a broken chain looks like at its first bad entry. */
export type AuditBreakKind =
  /** The entry's fields no longer give its hash (or it no longer links to the entry before it). */
  | 'edited'
  /** An entry is missing: `seq` is the first number absent from the chain. */
  | 'deleted'
  /** The entry at `seq` holds another position's entry (`movedFrom`): entries were swapped or moved. */
  | 'reordered'
  /** Entries after `seq - 1` were cut off: the recorded head is further on than the chain. */
  | 'truncated'
  /** The recorded head names the last entry but not its hash, or the chain runs past the head. */
  | 'headMismatch'
  /** A lot's state differs from what its last audit entry recorded (edited outside the station). */
  | 'lotStatus'
  /** A lot created after the chain started has no audit entry at all. */
  | 'lotUnrecorded';

export interface AuditBreak {
  kind: AuditBreakKind;
  seq: number;
  movedFrom?: number;
  lotId?: string;
  /** lotStatus: the status the last entry recorded, and the one the lot has now. */
  recorded?: string;
  found?: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export type WalkResult = { ok: true; head: ChainHead; count: number } | { ok: false; break: AuditBreak; count: number };

/**
 * Checks entries fed in seq order, one at a time (so a caller can read them page by page), and
 * stops at the first break. `lastSeq` is the highest seq stored: an entry that fails its hash is
 * tried at every position up to it (only then, once) to tell a moved entry from an edited one.
 * `finish` compares where the chain ended with the head recorded beside it (null: none).
 */
export function chainWalker(sha256Hex: Sha256Hex, lastSeq: number) {
  let prev: ChainHead = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  let broken: AuditBreak | null = null;
  function check(row: AuditRow): AuditBreak | null {
    const expected = prev.seq + 1;
    if (row.seq !== expected) return { kind: 'deleted', seq: expected };
    if (auditHash(sha256Hex, row) !== row.hash) {
      // A moved entry still hashes right at the position it was written at.
      for (let movedFrom = 1; movedFrom <= lastSeq; movedFrom++) {
        if (movedFrom !== row.seq && auditHash(sha256Hex, { ...row, seq: movedFrom }) === row.hash) return { kind: 'reordered', seq: row.seq, movedFrom };
      }
      return { kind: 'edited', seq: row.seq };
    }
    if (row.prevHash !== prev.hash) return { kind: 'edited', seq: row.seq };
    return null;
  }
  return {
    /** False once the chain is broken: feed no more. */
    feed(row: AuditRow): boolean {
      if (broken) return false;
      broken = check(row);
      if (broken) return false;
      prev = { seq: row.seq, hash: row.hash };
      count++;
      return true;
    },
    finish(head: ChainHead | null): WalkResult {
      if (broken) return { ok: false, break: broken, count };
      if (head) {
        if (head.seq > prev.seq) return { ok: false, break: { kind: 'truncated', seq: prev.seq + 1 }, count };
        if (head.seq < prev.seq) return { ok: false, break: { kind: 'headMismatch', seq: head.seq + 1 }, count };
        if (head.hash !== prev.hash) return { ok: false, break: { kind: 'headMismatch', seq: head.seq }, count };
      } else if (count > 0) {
        return { ok: false, break: { kind: 'headMismatch', seq: 1 }, count };
      }
      return { ok: true, head: prev, count };
    },
  };
}

/** The whole walk over entries already in hand (see chainWalker). */
export function walkChain(rows: Iterable<AuditRow>, sha256Hex: Sha256Hex, lastSeq: number, head: ChainHead | null): WalkResult {
  const walker = chainWalker(sha256Hex, lastSeq);
  for (const row of rows) if (!walker.feed(row)) break;
  return walker.finish(head);
}

/** The fields that differ between two versions of a record, as the entry's before and after. */
export function changedFields<K extends string>(prior: Readonly<Record<K, unknown>> | null, next: Readonly<Record<K, unknown>>, keys: readonly K[]) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const k of keys) {
    if (prior && Object.is(prior[k], next[k])) continue;
    if (prior) before[k] = prior[k] ?? null;
    after[k] = next[k] ?? null;
  }
  return { before: prior ? before : null, after };
}

/** Field names whose values never go into the audit trail, only the fact that they changed. */
const SECRET = /token|secret|password|pin|key$/i;

/**
 * A settings row as an entry: for an object value, the top-level fields that changed; a secret
 * field is written as "changed", never as its value. `prior` and `next` are the stored JSON text.
 */
export function settingChange(prior: string | undefined, next: string) {
  const parse = (t: string | undefined): unknown => {
    try {
      return t === undefined ? undefined : (JSON.parse(t) as unknown);
    } catch {
      return t;
    }
  };
  const [a, b] = [parse(prior), parse(next)];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const show = (k: string, v: unknown) => (SECRET.test(k) && v !== undefined && v !== null && v !== '' ? 'changed' : (v ?? null));
  if (!isObject(b)) return { before: a === undefined ? null : { value: a }, after: { value: b } };
  const old = isObject(a) ? a : {};
  const keys = [...new Set([...Object.keys(old), ...Object.keys(b)])].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(b[k]));
  return {
    before: a === undefined ? null : Object.fromEntries(keys.map((k) => [k, show(k, old[k])])),
    after: Object.fromEntries(keys.map((k) => [k, show(k, b[k])])),
  };
}
