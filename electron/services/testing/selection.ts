import { refused, type Operator, type SamplingStatus, type SelectionReason, type TestSelection, type ParsedInput } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { decideSampling, floorPicks, floorShortfall, isFloorActive } from '../../../shared/domain/sampling';
import { isoLocal } from '../../core/clock';
import { marketBounds, marketDayAt, marketDayOf } from '../../../shared/domain/marketDay';
import type { ServiceDeps } from '../deps';
import { nodeHmacSha256 } from './keyedMac';
import type { EntryHook } from '../receiving';
import { hasTestReport, lotFromScan, refuseDestroyed } from './lotScan';
import { createRiskQueries } from './risk';
import type { SamplingKey } from './samplingKey';
import { appendAudit } from '../audit/append';
import type { EffectiveSampling } from './samplingSettings';
import type { TestItems } from './testItems';

interface SelectionRow {
  id: string;
  lot_id: string;
  day: string;
  reason: SelectionReason;
  note: string | null;
  score: number | null;
  p: number | null;
  created_at: string;
  code_key: string;
  variety_name: string;
  supplier_name: string;
  verdict: TestSelection['verdict'];
}

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/**
 * Which lots are tested, and why (docs/testing.md): the entry hook, manual additions, the
 * end-of-day floor, the day's queue and sampling status. Every selection is one row per lot.
 * `rules()` gives the sampling rules in force; each decision reads them once, so a manager's change
 * applies from the next decision and never touches rows already written. Lots of a category no
 * active test item covers are never sampled (nobody could clear them from the queue).
 */
export function createSelections(deps: ServiceDeps, key: SamplingKey, rules: () => EffectiveSampling, items: Pick<TestItems, 'testable' | 'refuseUntestable'>) {
  // A day the manager closed (日结) has its floor on at any hour.
  const { sqlite, clock, dayClosed } = deps;
  const riskQ = createRiskQueries(sqlite);

  const insert = sqlite.prepare(`
    insert into test_selections (id, lot_id, day, reason, has_report, note, score, p, created_at, created_by)
    values (@id, @lotId, @day, @reason, @hasReport, @note, @score, @p, @createdAt, @createdBy)`);
  const selectionOf = sqlite.prepare<[string], { id: string; reason: SelectionReason }>('select id, reason from test_selections where lot_id = ?');
  const noReportCount = sqlite.prepare<[string], { n: number }>("select count(*) as n from test_selections where day = ? and reason = 'noReport'");
  const selectCols = `
    select s.id, s.lot_id, s.day, s.reason, s.note, s.score, s.p, s.created_at,
           l.code_key, v.name as variety_name, sup.name as supplier_name,
           (select t.verdict from rapid_tests t where t.lot_id = s.lot_id order by t.created_at desc, t.id desc limit 1) as verdict
      from test_selections s
      join lots l on l.id = s.lot_id
      join varieties v on v.id = l.variety_id
      join subjects sup on sup.id = l.supplier_id`;
  const byId = sqlite.prepare<[string], SelectionRow>(`${selectCols} where s.id = ?`);
  // A day's queue; today's also carries earlier selections whose lot still waits in 待检区 untested.
  const queue = sqlite.prepare<{ day: string; carry: number }, SelectionRow>(`
    select * from (${selectCols}
     where s.day = @day
        or (@carry = 1 and s.day < @day and l.status = 'awaitingTest'
            and not exists (select 1 from rapid_tests t where t.lot_id = s.lot_id and t.verdict <> 'invalid')))
     order by created_at desc, id desc`);
  // Today's admitted report lots nobody has selected yet, still in trade: what the floor picks from.
  const floorCandidates = sqlite.prepare<[string, string], { id: string; category_id: string; supplier_id: string; has_report: number }>(`
    select l.id, v.category_id, l.supplier_id,
           exists (select 1 from lot_certificates lc join certificates c on c.id = lc.certificate_id
                    where lc.lot_id = l.id and c.type = 'testReport') as has_report
      from entry_checks e cross join lots l on l.id = e.lot_id join varieties v on v.id = l.variety_id
     where e.created_at >= ? and e.created_at < ? and l.parent_lot_id is null and e.outcome = 'admit'
       and l.status = 'admitted'
       and not exists (select 1 from test_selections s where s.lot_id = l.id)`);

  const toSelection = (r: SelectionRow): TestSelection => ({
    lotId: r.lot_id,
    code: codeLabel(r.code_key),
    varietyName: r.variety_name,
    supplierName: r.supplier_name,
    reason: r.reason,
    note: r.note,
    score: r.score,
    p: r.p,
    createdAt: r.created_at,
    verdict: r.verdict,
  });

  /** Selections belong to market days, cut at the sampling `dayStart` as the 日报 and 日结 cut them. */
  const dayStart = () => rules().config.dayStart;

  function write(row: { lotId: string; reason: SelectionReason; hasReport: boolean; note: string | null; score: number | null; p: number | null; at: string; by: string }) {
    const id = clock.id();
    insert.run({
      id,
      lotId: row.lotId,
      day: marketDayOf(row.at, dayStart()),
      reason: row.reason,
      hasReport: row.hasReport ? 1 : 0,
      note: row.note,
      score: row.score,
      p: row.p,
      createdAt: row.at,
      createdBy: row.by,
    });
    return id;
  }

  const today = () => marketDayAt(clock.now(), dayStart());

  function status(day: string): SamplingStatus {
    const { config } = rules();
    const stats = riskQ.dayStats(day, config.dayStart);
    const now = today();
    return {
      day,
      targetRate: config.targetRate,
      reportLots: stats.reportLots,
      sampledReportLots: stats.sampledReportLots,
      noReportLots: noReportCount.get(day)!.n,
      shortfall: floorShortfall(stats, config),
      // A past day is closed: its floor applied; a future day has not begun.
      floorActive: day === now ? isFloorActive(hhmm(clock.now()), dayClosed(day), config) : day < now,
    };
  }

  /**
   * At entry, inside the entry's transaction. No report (held for 批批检测) → always; admitted →
   * the keyed sampler, risk-weighted, with the floor near closing; rejected → nothing.
   */
  const onEntry: EntryHook = (entry) => {
    if (entry.outcome === 'reject') return null;
    if (entry.outcome === 'hold' && !entry.reasons.includes('noTestReport')) return null;
    // A lot held for 批批检测 is selected whatever the items: the gap shows in the queue and the
    // admin's coverage; a lot in trade is only sampled when it can be tested.
    if (entry.outcome === 'admit' && !items.testable(entry.categoryId)) return null;
    const current = rules();
    const { config } = current;
    const day = marketDayOf(entry.at, config.dayStart);
    const hasReport = entry.certificateTypes.includes('testReport');
    const floorActive = isFloorActive(hhmm(clock.now()), dayClosed(day), config);
    const decision = decideSampling(
      {
        lotId: entry.lotId,
        hasReport: entry.outcome === 'admit',
        risk: riskQ.risk(entry, day, current),
        // The day's tally only matters to the floor: counted only when it could decide.
        day: () => riskQ.dayStats(day, config.dayStart, { admitted: entry.outcome === 'admit' }),
        floorActive,
      },
      key.dayKey(day),
      config,
      nodeHmacSha256,
    );
    if (!decision.selected || !decision.reason) return null;
    write({ lotId: entry.lotId, reason: decision.reason, hasReport, note: null, score: decision.score, p: decision.p, at: entry.at, by: entry.by.id });
    // Said at the gate, so nobody carries a lot to 待检区 that no test can release.
    return { reason: decision.reason, untestable: !items.testable(entry.categoryId) };
  };

  return {
    onEntry,
    status,
    /** The market day now. */
    today,
    selectionOf: (lotId: string) => selectionOf.get(lotId) ?? null,
    /** A selection written by hand (a test on a lot nobody selected records one with no note). */
    writeManual(lotId: string, hasReport: boolean, note: string | null, at: string, by: Operator) {
      return write({ lotId, reason: 'manual', hasReport, note, score: null, p: null, at, by: by.id });
    },
    get: (id: string) => toSelection(byId.get(id)!),

    listQueue(input: ParsedInput<'listTestQueue'>): TestSelection[] {
      const day = input.day ?? today();
      const rows = queue.all({ day, carry: day === today() ? 1 : 0 }).map(toSelection);
      return input.pending ? rows.filter((s) => s.verdict === null || s.verdict === 'invalid') : rows;
    },

    selectForTest(input: ParsedInput<'selectForTest'>, by: Operator): TestSelection {
      const view = lotFromScan(deps, input.raw);
      refuseDestroyed(view);
      items.refuseUntestable(view.variety.categoryId);
      const existing = selectionOf.get(view.lot.id);
      if (existing) throw refused('conflict', 'already selected', 'alreadySelected', { selectionReason: existing.reason });
      const at = isoLocal(clock.now());
      const id = sqlite.transaction(() => {
        appendAudit(deps.orm, { at, by, action: 'test.select', subject: { kind: 'lot', id: view.lot.id }, after: { selection: 'manual', note: input.note ?? null } });
        return write({ lotId: view.lot.id, reason: 'manual', hasReport: hasTestReport(view), note: input.note, score: null, p: null, at, by: by.id });
      })();
      return toSelection(byId.get(id)!);
    },

    /** The end-of-day floor: today's shortfall picked by keyed score over risk, reason `floor`. */
    applyFloor(by: Operator): TestSelection[] {
      const day = today();
      const at = isoLocal(clock.now());
      return sqlite.transaction(() => {
        const current = rules();
        const stats = riskQ.dayStats(day, current.config.dayStart);
        const { fromAt, toAt } = marketBounds(day, day, current.config.dayStart);
        const rows = floorCandidates.all(fromAt, toAt).filter((r) => items.testable(r.category_id));
        const reports = new Map(rows.map((r) => [r.id, r.has_report === 1]));
        const candidates = rows.map((r) => ({ lotId: r.id, risk: riskQ.risk({ lotId: r.id, categoryId: r.category_id, supplierId: r.supplier_id }, day, current) }));
        const plan = floorPicks(stats, candidates, key.dayKey(day), current.config, nodeHmacSha256);
        for (const pick of plan.picks) appendAudit(deps.orm, { at, by, action: 'test.select', subject: { kind: 'lot', id: pick.lotId }, after: { selection: 'floor' } });
        const ids = plan.picks.map((pick) => write({ lotId: pick.lotId, reason: 'floor', hasReport: reports.get(pick.lotId)!, note: null, score: pick.score, p: pick.p, at, by: by.id }));
        return ids.map((id) => toSelection(byId.get(id)!));
      })();
    },
  };
}
export type Selections = ReturnType<typeof createSelections>;
