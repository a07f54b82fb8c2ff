/**
 * `npm run audit:verify -- <path to station.db>`: checks a station's audit chain from its file
 * (read-only; the station may be running or the file copied elsewhere). Prints the verdict and
 * exits 0 when the chain is intact, 1 when it is broken, 2 when the file cannot be read.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AuditVerdict } from '../shared/contract';
import { verifyAudit } from '../electron/services/audit/verify';

function describe(v: AuditVerdict): string {
  if (v.ok) return `审计链完整 audit chain intact: ${v.entries} entries, ${v.lotsChecked} lots match; head ${v.head!.seq} ${v.head!.hash}`;
  const b = v.break!;
  const what: Record<typeof b.kind, string> = {
    edited: `第 ${b.seq} 条记录被修改 entry ${b.seq} was edited`,
    deleted: `第 ${b.seq} 条记录被删除 entry ${b.seq} was deleted`,
    reordered: `第 ${b.seq} 条记录被挪动（原第 ${b.movedFrom} 条）entry ${b.seq} was moved (it was entry ${b.movedFrom})`,
    truncated: `从第 ${b.seq} 条起被截掉 entries from ${b.seq} on were cut off`,
    headMismatch: `链头与第 ${b.seq} 条不符 the recorded head does not match entry ${b.seq}`,
    lotStatus: `批次 ${b.lotCode} 的状态被改动 lot ${b.lotCode} status edited: entry ${b.seq} recorded ${b.recorded}, found ${b.found}`,
    lotUnrecorded: `批次 ${b.lotCode} 没有审计记录 lot ${b.lotCode} (${b.found}) has no audit entry`,
  };
  const entry = b.entry ? `\n  entry ${b.seq}: ${b.entry.at} ${b.entry.operatorName ?? '-'} ${b.entry.action} ${b.entry.subjectKind} ${b.entry.subjectId}` : '';
  return `审计链被改动 AUDIT CHAIN BROKEN: ${what[b.kind]}\n  kind=${b.kind} seq=${b.seq}; ${v.entries} entries verified before it${entry}`;
}

async function main() {
  const path = process.argv[2];
  if (!path || !existsSync(path)) {
    console.error(`usage: npm run audit:verify -- <path to station.db>${path ? ` (no such file: ${path})` : ''}`);
    return process.exit(2);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    console.error(`cannot open ${path}: ${(e as Error).message}`);
    return process.exit(2);
  }
  try {
    const verdict = await verifyAudit(db);
    console.log(describe(verdict));
    process.exitCode = verdict.ok ? 0 : 1;
  } catch (e) {
    console.error(`cannot verify ${path}: ${(e as Error).message}`);
    process.exitCode = 2;
  } finally {
    db.close();
  }
}
void main();
