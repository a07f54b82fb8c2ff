import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { marketBounds, marketDayOf } from '../../shared/domain/marketDay';
import { createRiskQueries } from '../../electron/services/testing/risk';
import { openStore, type Store } from '../../electron/store/open';
import { MIGRATIONS } from '../support/core';

/** The day's tally counted from scratch, as the sampler counted it on every entry before it kept one. */
const REFERENCE = `
  select (select count(*) from entry_checks e where e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and e.lot_id <> @lot)
       - (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
           where s.day >= @day and s.reason = 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and s.lot_id <> @lot) as reportLots,
         (select count(*) from test_selections s cross join entry_checks e on e.lot_id = s.lot_id
           where s.day >= @day and s.reason <> 'noReport' and e.created_at >= @from and e.created_at < @to and e.outcome = 'admit' and s.lot_id <> @lot) as sampledReportLots`;

const DAYS = ['2026-12-03', '2026-12-04'];
/** Market days start at 06:00: an entry at 03:00 or 05:00 belongs to the day before. */
const DAY_START = '06:00';

/** What happens at a station between two looks at the tally. */
type Step =
  | { kind: 'entry'; day: number; admit: boolean; select: 'none' | 'keyed' | 'noReport'; rollBack: boolean }
  | { kind: 'selectOld'; pick: number; day: number }
  | { kind: 'override'; pick: number }
  | { kind: 'status'; day: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      day: fc.integer({ min: 0, max: 1 }),
      admit: fc.boolean(),
      select: fc.constantFrom('none' as const, 'keyed' as const, 'noReport' as const),
      rollBack: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('selectOld' as const), pick: fc.nat(), day: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('override' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), day: fc.integer({ min: 0, max: 1 }) }) },
);

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function station(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'day-tally-'));
  dirs.push(dir);
  const store = openStore(dir, MIGRATIONS);
  const at = '2026-12-01T08:00:00.000+08:00';
  store.sqlite.prepare(`insert into operators (id, name, role, pin_hash, created_at) values ('OP', '管理员', 'admin', 'x', ?)`).run(at);
  store.sqlite.prepare(`insert into subjects (id, kind, name, created_at, created_by, updated_at, updated_by) values ('SUP', 'supplier', '供应商', ?, 'OP', ?, 'OP')`).run(at, at);
  store.sqlite.prepare(`insert into categories (id, name_zh, name_en, requirements, test_without_report) values ('vegetable', '蔬菜', 'Vegetables', '[]', 1)`).run();
  store.sqlite.prepare(`insert into varieties (id, name, category_id, default_unit, created_at) values ('V', '白菜', 'vegetable', 'kg', ?)`).run(at);
  return store;
}

describe('the sampler keeps the day tally between entries', () => {
  it('equals the tally counted from scratch after any entries, roll-backs, late selections and overrides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const store = station();
        const db = store.sqlite;
        const risk = createRiskQueries(db);
        const reference = db.prepare(REFERENCE);
        const variety = 'V';
        const insertLot = db.prepare(
          `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by) values (?, ?, 'opaque', ?, 'SUP', ?, 1, 'kg', 'admitted', 'trading', ?, 'OP')`,
        );
        const insertEntry = db.prepare(`insert into entry_checks (id, lot_id, outcome, reasons, source, created_at, created_by) values (?, ?, ?, '[]', 'wedge', ?, 'OP')`);
        const insertSelection = db.prepare(`insert into test_selections (id, lot_id, day, reason, has_report, created_at, created_by) values (?, ?, ?, ?, 1, ?, 'OP')`);
        const entries: { id: string; lot: string; outcome: string }[] = [];
        let n = 0;
        const expectSame = (day: string, entering?: { lot: string; admitted: boolean }) => {
          const { fromAt, toAt } = marketBounds(day, day, DAY_START);
          const want = reference.get({ day, from: fromAt, to: toAt, lot: entering?.lot ?? '' });
          expect(risk.dayStats(day, DAY_START, entering && { admitted: entering.admitted })).toEqual(want);
        };
        for (const s of steps) {
          const i = n++;
          if (s.kind === 'entry') {
            const lot = `L${i}`;
            // 03:00 … 12:00: some before the day start, on the market day before.
            const at = `${DAYS[s.day]}T${String(3 + (i % 10)).padStart(2, '0')}:00:00.000+08:00`;
            const day = marketDayOf(at, DAY_START);
            try {
              // An entry's own transaction: the tally is read with the lot's entry written, before its selection.
              db.transaction(() => {
                insertLot.run(lot, `x:${lot}`, lot, variety, at);
                insertEntry.run(`E${i}`, lot, s.admit ? 'admit' : 'hold', at);
                expectSame(day, { lot, admitted: s.admit });
                if (s.select !== 'none') insertSelection.run(`S${i}`, lot, day, s.select, at);
                if (s.rollBack) throw new Error('roll back');
              })();
              entries.push({ id: `E${i}`, lot, outcome: s.admit ? 'admit' : 'hold' });
            } catch (e) {
              if ((e as Error).message !== 'roll back') throw e;
            }
            // The kept tally catches up once the transaction has ended.
            await Promise.resolve();
          } else if (s.kind === 'selectOld' && entries.length) {
            const e = entries[s.pick % entries.length];
            if (!db.prepare('select 1 from test_selections where lot_id = ?').get(e.lot)) insertSelection.run(`S${i}`, e.lot, DAYS[s.day], 'manual', `${DAYS[s.day]}T17:50:00.000+08:00`);
          } else if (s.kind === 'override' && entries.length) {
            const e = entries[s.pick % entries.length];
            const to = e.outcome === 'admit' ? 'hold' : 'admit';
            db.transaction(() => {
              db.prepare(`insert into entry_overrides (id, entry_id, from_outcome, to_outcome, reason, created_at, created_by) values (?, ?, ?, ?, '复核', '2026-12-04T12:00:00.000+08:00', 'OP')`).run(
                `O${i}`,
                e.id,
                e.outcome,
                to,
              );
              db.prepare('update entry_checks set outcome = ? where id = ?').run(to, e.id);
            })();
            e.outcome = to;
          } else if (s.kind === 'status') {
            expectSame(DAYS[s.day]);
          }
          // Today's, as the evening's entries read it (a status of another day makes it count afresh).
          expectSame(DAYS[1]);
        }
        store.close();
      }),
      { numRuns: 60 },
    );
  });
});
