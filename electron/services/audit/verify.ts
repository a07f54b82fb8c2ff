import type Database from 'better-sqlite3';
import type { AuditVerdict } from '../../../shared/contract';
import { chainWalker, type AuditBreak, type AuditRow, type ChainHead } from '../../../shared/domain/auditChain';
import { nodeSha256Hex } from '../upload/hash';

type Entry = NonNullable<NonNullable<AuditVerdict['break']>['entry']>;

/** Entries read per page: the station answers scans between pages. */
const PAGE = 2_000;

/**
 * Walks the whole chain page by page (keyset on seq, yielding to the event loop between pages so
 * a check of a million entries does not stall the counter), then compares every lot's status
 * with the `after` of its last lot entry: a lot edited in SQLite (拒收 → 准入) no longer matches.
 * The head and the last seq are read together at the start; entries appended during the walk are
 * left for the next check. Read-only; runs on the station's connection or on a copied file (the CLI).
 */
export async function verifyAudit(db: Database.Database): Promise<AuditVerdict> {
  const { head, lastSeq } = db.transaction(() => ({
    head: db.prepare<[], ChainHead>('select seq, hash from audit_head where id = 1').get() ?? null,
    lastSeq: db.prepare<[], { last: number | null }>('select max(seq) as last from audit').get()!.last ?? 0,
  }))();
  const page = db.prepare<[number, number, number], AuditRow>(
    `select seq, at, operator_id as operatorId, operator_name as operatorName, action, subject_kind as subjectKind,
            subject_id as subjectId, before, after, prev_hash as prevHash, hash from audit where seq > ? and seq <= ? order by seq limit ?`,
  );
  const walker = chainWalker(nodeSha256Hex, lastSeq);
  for (let after = 0; ;) {
    const rows = page.all(after, lastSeq, PAGE);
    if (!rows.every((r) => walker.feed(r)) || rows.length < PAGE) break;
    after = rows.at(-1)!.seq;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const chain = walker.finish(head);
  if (!chain.ok) return { ok: false, entries: chain.count, head, lotsChecked: 0, break: { ...chain.break, entry: entryAt(db, chain.break.seq) } };
  const lots = lotBreak(db);
  if (lots.break) return { ok: false, entries: chain.count, head, lotsChecked: lots.checked, break: { ...lots.break, entry: entryAt(db, lots.break.seq) } };
  return { ok: true, entries: chain.count, head: chain.head, lotsChecked: lots.checked };
}

function entryAt(db: Database.Database, seq: number): Entry | undefined {
  return db.prepare<[number], Entry>('select at, action, operator_name as operatorName, subject_kind as subjectKind, subject_id as subjectId from audit where seq = ?').get(seq);
}

/** The first lot (in rowid order) whose status is not what its last entry says. */
function lotBreak(db: Database.Database): { checked: number; break?: AuditBreak & { lotCode: string } } {
  const start = db.prepare<[], { after: string | null }>("select after from audit where action = 'audit.start' order by seq limit 1").get();
  const lotsBefore = start?.after ? (JSON.parse(start.after) as { lotsBefore: number }).lotsBefore : 0;
  const checked = db.prepare<[], { n: number }>('select count(*) as n from lots').get()!.n;
  const bad = db
    .prepare<[number], { lotId: string; lotCode: string; found: string; seq: number | null; recorded: string | null }>(
      `with last as (select subject_id as lot_id, max(seq) as seq from audit
                    where subject_kind = 'lot' and json_extract(after, '$.status') is not null group by subject_id)
       select l.id as lotId, l.code_key as lotCode, l.status as found, a.seq as seq, json_extract(a.after, '$.status') as recorded
         from lots l left join last on last.lot_id = l.id left join audit a on a.seq = last.seq
        where (a.seq is null and l.rowid > ?) or (a.seq is not null and json_extract(a.after, '$.status') is not l.status)
        order by l.rowid limit 1`,
    )
    .get(lotsBefore);
  if (!bad) return { checked };
  if (bad.seq === null) return { checked, break: { kind: 'lotUnrecorded', seq: 0, lotId: bad.lotId, lotCode: bad.lotCode, found: bad.found } };
  return { checked, break: { kind: 'lotStatus', seq: bad.seq, lotId: bad.lotId, lotCode: bad.lotCode, recorded: bad.recorded ?? '', found: bad.found } };
}
