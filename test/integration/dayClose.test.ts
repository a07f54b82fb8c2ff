import Database from 'better-sqlite3';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DayRange, DayReport, WorkPlanRule } from '../../shared/contract';
import { apiError, startTestCore, type TestCore } from '../support/core';
import { enter, FIXED_DAY, fixedDayAt, seedTestingStaff, type TestingStaff } from '../support/testing';
import type { ReportService } from '../../electron/services/report/service';
import { dayReportFixture } from '../fixtures/ruleDayReport';

/**
 * 日结 through the real core and store; the day report comes from a fixture (the report service is
 * replaced here: these tests are about the close, not the report's figures). `unmet` says which
 * rules the next report fails.
 */
const report = vi.hoisted(() => ({ unmet: [] as WorkPlanRule[], asked: [] as DayRange[] }));
vi.mock('../../electron/services/report/service', () => ({
  // Typed as the real service, so a member it gains (close) cannot be missing here.
  createReportService: (): ReportService => ({
    day: async (range: DayRange): Promise<DayReport> => {
      report.asked.push(range);
      return dayReportFixture(range.from, { unmet: report.unmet });
    },
    trend: async () => [],
    close: () => undefined,
  }),
}));

let t: TestCore;
let staff: TestingStaff;
let now: Date;

beforeEach(async () => {
  report.unmet = [];
  report.asked = [];
  now = fixedDayAt(17, 0);
  // Chance off (p ≈ 0): only the floor can pick a lot with a report, and it is off until 17:30.
  t = await startTestCore({ now: () => now, sampling: { baseFactor: 0.0001, closingTime: '18:00', floorMinutesBeforeClose: 30 } });
  staff = await seedTestingStaff(t);
});
afterEach(() => t.close());

const closes = () => t.rows('select * from day_closes order by day');
const auditCount = () => t.rows('select count(*) as n from audit')[0]!.n as number;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** The record's hash as docs/day-close.md states it, computed here from the row's own columns. */
const expectedHash = (r: Record<string, any>) => sha256(JSON.stringify(['day-close/v1', r.day, r.closed_at, r.closed_by, r.closed_by_name, r.outstanding, r.chain_seq, r.chain_hash, r.report]));
/** Edits the station's file behind its back, as someone with the database would. */
function tamper(sql: string, ...args: unknown[]) {
  const db = new Database(join(t.dir, 'station.db'));
  try {
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}

describe('日结: closing a day', () => {
  it('freezes the report with who, when, the audit chain head, its SHA-256 and the station signature, and audits the close', async () => {
    const head = t.rows('select seq, hash from audit_head')[0]!;
    const closed = await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false }, staff.manager);
    expect(report.asked).toEqual([{ from: FIXED_DAY, to: FIXED_DAY }]);

    const rows = closes();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const manager = t.rows("select id from operators where name = '王经理'")[0]!.id;
    expect(row).toMatchObject({ id: closed.id, day: FIXED_DAY, closed_by: manager, closed_by_name: '王经理', outstanding: '[]', chain_seq: head.seq, chain_hash: head.hash });
    expect(row.closed_at).toMatch(/^2026-03-10T17:00:00\.000[+-]\d{2}:\d{2}$/);
    expect(JSON.parse(row.report)).toEqual(dayReportFixture(FIXED_DAY));
    expect(row.content_hash).toBe(expectedHash(row));
    const station = await t.call('getStation', {});
    expect(verify(null, Buffer.from(row.content_hash), createPublicKey(station.publicKey), Buffer.from(row.signature, 'base64url'))).toBe(true);

    expect(closed).toMatchObject({ day: FIXED_DAY, closedByName: '王经理', outstanding: [], contentHash: row.content_hash, intact: true, chainHead: { seq: head.seq, hash: head.hash } });
    expect(closed.report).toEqual(dayReportFixture(FIXED_DAY));

    const entry = t.rows("select operator_name, subject_kind, subject_id, after from audit where action = 'day.close'");
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({ operator_name: '王经理', subject_kind: 'day', subject_id: FIXED_DAY });
    expect(JSON.parse(entry[0]!.after)).toEqual({ closeId: closed.id, contentHash: row.content_hash, outstanding: [], chainSeq: head.seq });
    expect((await t.call('verifyAudit', {})).ok).toBe(true);
  });

  it('refuses a second close of the same day and writes nothing', async () => {
    await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false }, staff.manager);
    const before = { rows: closes(), audit: auditCount() };
    const err = await apiError(t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: true }));
    expect(err).toMatchObject({ code: 'conflict', params: { reason: 'dayAlreadyClosed', day: FIXED_DAY, closedBy: '王经理', closedAt: '2026-03-10 17:00' } });
    expect(closes()).toEqual(before.rows);
    expect(auditCount()).toBe(before.audit);
    // Refused before the report is computed again.
    expect(report.asked).toHaveLength(1);
  });

  it('with rules outstanding, refuses until the manager acknowledges them, then records which were open', async () => {
    report.unmet = ['noReportTested', 'samplingRate'];
    const check = await t.call('getDayCloseCheck', { day: FIXED_DAY }, staff.manager);
    expect(check.closed).toBeNull();
    expect(check.outstanding.map((r) => [r.rule, r.figures])).toEqual([
      ['noReportTested', { lots: 40, tested: 37, untested: 3 }],
      ['samplingRate', { lots: 200, sampled: 16, tested: 16, rate: 0.08, target: 0.1, required: 20, missing: 4 }],
    ]);
    expect(check.outstanding[0]!.lotIds).toHaveLength(3);

    const audit = auditCount();
    const err = await apiError(t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false }, staff.manager));
    expect(err).toMatchObject({ code: 'conflict', params: { reason: 'dayOutstanding', count: 2 } });
    expect(closes()).toEqual([]);
    expect(auditCount()).toBe(audit);

    const closed = await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: true }, staff.manager);
    expect(closed.outstanding).toEqual(['noReportTested', 'samplingRate']);
    expect(closes()[0]!.outstanding).toBe('["noReportTested","samplingRate"]');
    const after = await t.call('getDayCloseCheck', { day: FIXED_DAY }, staff.manager);
    expect(after.closed).toMatchObject({ id: closed.id, intact: true, outstanding: ['noReportTested', 'samplingRate'] });
  });

  it('knows the market day: at 03:00 with days from 06:00 the calendar day has not begun, the day before is open to close', async () => {
    t.close();
    now = fixedDayAt(3, 0);
    t = await startTestCore({ now: () => now, sampling: { dayStart: '06:00' } });
    staff = await seedTestingStaff(t);
    const err = await apiError(t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: true }, staff.manager));
    expect(err).toMatchObject({ code: 'conflict', params: { reason: 'dayNotStarted', day: FIXED_DAY } });
    expect(report.asked).toEqual([]);
    const closed = await t.call('closeDay', { day: '2026-03-09', acknowledgeOutstanding: true }, staff.manager);
    expect(closed.day).toBe('2026-03-09');
    expect(closes().map((r) => r.day)).toEqual(['2026-03-09']);
  });

  it('refuses a day that has not begun', async () => {
    const err = await apiError(t.call('closeDay', { day: '2026-03-11', acknowledgeOutstanding: true }, staff.manager));
    expect(err).toMatchObject({ code: 'conflict', params: { reason: 'dayNotStarted', day: '2026-03-11' } });
    expect(closes()).toEqual([]);
    expect(report.asked).toEqual([]);
  });

  it('only managers and admins close days or read them', async () => {
    for (const session of [staff.receiver, staff.inspector]) {
      expect((await apiError(t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: true }, session))).code).toBe('forbidden');
      expect((await apiError(t.call('listDayCloses', { limit: 10 }, session))).code).toBe('forbidden');
      expect((await apiError(t.call('getDayCloseCheck', { day: FIXED_DAY }, session))).code).toBe('forbidden');
    }
    expect(closes()).toEqual([]);
    // The admin passes every check.
    expect((await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false })).closedByName).toBe('管理员');
  });
});

describe('日结: history and a frozen record edited afterwards', () => {
  beforeEach(async () => {
    now = fixedDayAt(17, 0);
    await t.call('closeDay', { day: '2026-03-09', acknowledgeOutstanding: false }, staff.manager);
    await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false }, staff.manager);
  });

  it('lists closed days newest first, each intact', async () => {
    const list = await t.call('listDayCloses', { limit: 60 }, staff.manager);
    expect(list.map((c) => [c.day, c.intact])).toEqual([
      [FIXED_DAY, true],
      ['2026-03-09', true],
    ]);
    const one = await t.call('getDayClose', { id: list[1]!.id }, staff.manager);
    expect(one.report?.range).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect((await apiError(t.call('getDayClose', { id: '01JF0000000000000000000000' }, staff.manager))).params?.reason).toBe('unknownDayClose');
  });

  it('an edited report shows as altered; the other day stays intact', async () => {
    tamper('update day_closes set report = replace(report, \'"admitted":190\', \'"admitted":195\') where day = ?', FIXED_DAY);
    expect(closes().find((r) => r.day === FIXED_DAY)!.report).toContain('"admitted":195');
    const list = await t.call('listDayCloses', { limit: 60 }, staff.manager);
    expect(list.map((c) => [c.day, c.intact])).toEqual([
      [FIXED_DAY, false],
      ['2026-03-09', true],
    ]);
    const edited = await t.call('getDayClose', { id: list[0]!.id }, staff.manager);
    expect(edited.intact).toBe(false);
    expect(edited.report?.verdicts.admitted).toBe(195);
  });

  it('an edit that recomputes the hash too is still caught: the hash no longer carries the station signature', async () => {
    const row = closes().find((r) => r.day === FIXED_DAY)!;
    const edited = { ...row, closed_by_name: '别人', report: row.report.replace('"rejected":10', '"rejected":0') };
    tamper('update day_closes set closed_by_name = ?, report = ?, content_hash = ? where id = ?', edited.closed_by_name, edited.report, expectedHash(edited), row.id);
    const close = await t.call('getDayClose', { id: row.id }, staff.manager);
    expect(close).toMatchObject({ closedByName: '别人', intact: false });
  });

  it('a report edited into something that is no report any more reads as none, and altered', async () => {
    const row = closes().find((r) => r.day === FIXED_DAY)!;
    tamper('update day_closes set report = \'{"nothing":1\' where id = ?', row.id);
    const close = await t.call('getDayClose', { id: row.id }, staff.manager);
    expect(close).toMatchObject({ intact: false, report: null });
  });
});

describe('日结 and the sampling floor', () => {
  it('a closed day has its floor on at any hour: status says so, and the next report lot is picked by the floor', async () => {
    now = fixedDayAt(10, 0);
    const first = await enter(t, { batch: 'DC1', report: true, day: FIXED_DAY });
    expect(first.testSelection).toBeNull();
    expect((await t.call('samplingStatus', { day: FIXED_DAY }, staff.manager)).floorActive).toBe(false);

    await t.call('closeDay', { day: FIXED_DAY, acknowledgeOutstanding: false }, staff.manager);
    expect((await t.call('samplingStatus', { day: FIXED_DAY }, staff.manager)).floorActive).toBe(true);
    const second = await enter(t, { batch: 'DC2', report: true, day: FIXED_DAY });
    expect(second.testSelection?.reason).toBe('floor');
    expect(t.rows('select reason from test_selections where lot_id = ?', second.lotId)).toEqual([{ reason: 'floor' }]);
  });
});
