import type Database from 'better-sqlite3';
import { DayReport, refused, type DayClose, type DayCloseCheck, type DayCloseSummary, type DayRange, type Operator, type ParsedInput, type WorkPlanRule } from '../../../shared/contract';
import { dayCloseHash, outstandingRules, type DayCloseFields } from '../../../shared/domain/dayClose';
import { isoLocal, type Clock } from '../../core/clock';
import { marketDayAt } from '../../../shared/domain/marketDay';
import type { Orm } from '../../store/open';
import { appendAudit, auditChainHead } from '../audit/append';
import type { StationIdentity } from '../stationIdentity';
import { nodeSha256Hex } from '../upload/hash';

export interface DayCloseDeps {
  orm: Orm;
  sqlite: Database.Database;
  clock: Clock;
  identity: Pick<StationIdentity, 'signRecord' | 'verifyRecord'>;
  /** The day report (the report service's `day`): injected, so the close does not depend on how it is computed. */
  report(range: DayRange): Promise<DayReport>;
  /** The market day's start (sampling settings, HH:MM): which day it is now. */
  dayStart(): string;
}

interface CloseRow {
  id: string;
  day: string;
  closed_at: string;
  closed_by: string;
  closed_by_name: string;
  outstanding: string;
  chain_seq: number;
  chain_hash: string;
  report: string;
  content_hash: string;
  signature: string;
}

const fieldsOf = (r: CloseRow): DayCloseFields => ({
  day: r.day,
  closedAt: r.closed_at,
  closedById: r.closed_by,
  closedByName: r.closed_by_name,
  outstanding: r.outstanding,
  chainSeq: r.chain_seq,
  chainHash: r.chain_hash,
  report: r.report,
});

/** Stored JSON read back; an edit that broke it reads as nothing rather than failing the page. */
function parsed<T>(text: string, read: (value: unknown) => T | null): T | null {
  try {
    return read(JSON.parse(text));
  } catch {
    return null;
  }
}
const rulesOf = (text: string): WorkPlanRule[] => parsed(text, (v) => (Array.isArray(v) ? (v as WorkPlanRule[]) : null)) ?? [];

/**
 * 日结 (docs/day-close.md): what is outstanding for a day, and its close — the day report frozen
 * with who, when, the audit chain head, a SHA-256 over all of it and the station's signature of
 * that hash, once per day, with its audit entry in the same transaction. Every read checks the
 * hash and the signature again, so a record edited in the file shows as altered.
 */
export function createDayCloseService(deps: DayCloseDeps) {
  const { sqlite, clock, identity } = deps;
  const cols = 'id, day, closed_at, closed_by, closed_by_name, outstanding, chain_seq, chain_hash, report, content_hash, signature';
  const byDay = sqlite.prepare<[string], CloseRow>(`select ${cols} from day_closes where day = ?`);
  const byId = sqlite.prepare<[string], CloseRow>(`select ${cols} from day_closes where id = ?`);
  const newest = sqlite.prepare<[number], CloseRow>(`select ${cols} from day_closes order by day desc limit ?`);
  const insert = sqlite.prepare(`
    insert into day_closes (${cols})
    values (@id, @day, @closedAt, @closedById, @closedByName, @outstanding, @chainSeq, @chainHash, @report, @contentHash, @signature)`);

  const intact = (r: CloseRow) => dayCloseHash(nodeSha256Hex, fieldsOf(r)) === r.content_hash && identity.verifyRecord(r.content_hash, r.signature);

  const summary = (r: CloseRow): DayCloseSummary => ({
    id: r.id,
    day: r.day,
    closedAt: r.closed_at,
    closedById: r.closed_by,
    closedByName: r.closed_by_name,
    outstanding: rulesOf(r.outstanding),
    contentHash: r.content_hash,
    intact: intact(r),
  });

  const full = (r: CloseRow): DayClose => ({
    ...summary(r),
    chainHead: { seq: r.chain_seq, hash: r.chain_hash },
    report: parsed(r.report, (v) => DayReport.safeParse(v).data ?? null),
  });

  const single = (day: string): DayRange => ({ from: day, to: day });

  function refuseClosed(day: string) {
    const done = byDay.get(day);
    // The wall-clock time as the station recorded it (local, to the minute), for the refusal's sentence.
    if (done) throw refused('conflict', `day ${day} already closed`, 'dayAlreadyClosed', { day, closedAt: done.closed_at.slice(0, 16).replace('T', ' '), closedBy: done.closed_by_name });
  }

  return {
    async check(day: string): Promise<DayCloseCheck> {
      const report = await deps.report(single(day));
      const done = byDay.get(day);
      return { day, closed: done ? summary(done) : null, outstanding: outstandingRules(report), report };
    },

    async close(input: ParsedInput<'closeDay'>, by: Operator): Promise<DayClose> {
      const { day } = input;
      // A market day, cut where the report cuts it: at 03:00 with days from 06:00 it is still yesterday.
      if (day > marketDayAt(clock.now(), deps.dayStart())) throw refused('conflict', `day ${day} has not begun`, 'dayNotStarted', { day });
      refuseClosed(day);
      const report = await deps.report(single(day));
      const open = outstandingRules(report).map((r) => r.rule);
      if (open.length > 0 && !input.acknowledgeOutstanding) throw refused('conflict', `${open.length} rules outstanding`, 'dayOutstanding', { count: open.length, rules: open.join(',') });
      const id = clock.id();
      const closedAt = isoLocal(clock.now());
      sqlite.transaction(() => {
        // Again inside the write: another close may have landed while the report was computed.
        refuseClosed(day);
        const head = auditChainHead(sqlite);
        const fields: DayCloseFields = {
          day,
          closedAt,
          closedById: by.id,
          closedByName: by.name,
          outstanding: JSON.stringify(open),
          chainSeq: head.seq,
          chainHash: head.hash,
          report: JSON.stringify(report),
        };
        const contentHash = dayCloseHash(nodeSha256Hex, fields);
        insert.run({ id, ...fields, contentHash, signature: identity.signRecord(contentHash) });
        appendAudit(deps.orm, { at: closedAt, by, action: 'day.close', subject: { kind: 'day', id: day }, after: { closeId: id, contentHash, outstanding: open, chainSeq: head.seq } });
      })();
      return full(byId.get(id)!);
    },

    list: (limit: number): DayCloseSummary[] => newest.all(limit).map(summary),

    get(id: string): DayClose {
      const row = byId.get(id);
      if (!row) throw refused('notFound', `no day close ${id}`, 'unknownDayClose');
      return full(row);
    },
  };
}
export type DayCloseService = ReturnType<typeof createDayCloseService>;
