// 日报 (issue 16): three market days cut at 06:00, built through the real API, every figure of the
// report checked against the test's own log of what it did (a reducer over the generated records),
// or plain SQL written here — never the report's own code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { encodeTime } from 'ulid';
import type { Amount, CertificateType, DayReport, Input, Outcome } from '../../shared/contract';
import { requiredSamples } from '../../shared/domain/sampling';
import { ADMIN_PIN, apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

const DETERMINISTIC = { seed: 7, samplingSecret: 'station-0007-report-secret-for-tests' };
const DAY_START = '06:00';
const [D0, D1, D2] = ['2026-03-09', '2026-03-10', '2026-03-11'];
const CERT_DAY = D0;

let t: TestCore;
let now = new Date(2026, 2, 10, 5, 0);
const at = (day: string, hh: number, mm = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, hh, mm, 0, 0);
};

/** The market day of a moment, counted here: local time less six hours, as a calendar date. */
function marketDay(d: Date): string {
  const s = new Date(d.getTime() - 6 * 3_600_000);
  return `${s.getFullYear()}-${String(s.getMonth() + 1).padStart(2, '0')}-${String(s.getDate()).padStart(2, '0')}`;
}

/** What the test did to each gate lot: the log the expected figures are reduced from. */
interface LotLog {
  lotId: string;
  code: string;
  raw: string;
  entryId: string;
  day: string;
  hour: number;
  categoryId: string;
  varietyId: string;
  supplierId: string;
  stallId: string | null;
  operator: string;
  unit: 'kg' | 'piece';
  quantity: number;
  outcome: Outcome;
  rejectReasons: string[];
  selection: string | null;
  selectedAt: Date | null;
  validTests: number;
  certTypes: CertificateType[];
  origin: string | null;
}
const log: LotLog[] = [];
const tests: { day: string; lotId: string; verdict: 'negative' | 'positive' | 'invalid'; itemId: string; at: string }[] = [];
const disposals: { day: string; lotId: string; method: 'shredding' | 'other'; quantity: number }[] = [];
const splits: { day: string; stallId: string | null; quantity: number }[] = [];
const overrides: { lotId: string; from: Outcome; to: Outcome; reason: string }[] = [];
const positiveFate = new Map<string, string>();
/** Recalls written into the file by the test (see beforeAll), with their lots' progress. */
interface RecallLog {
  id: string;
  number: string;
  reason: string;
  scopeLabel: string;
  status: 'open' | 'closed' | 'lifted';
  created: Date;
  closed: Date | null;
  lifted: Date | null;
  lots: { lotId: string; progress: string }[];
}
const recalls: RecallLog[] = [];

let ids: { suppliers: string[]; stalls: string[]; cabbage: string; pork: string; receiver: { id: string; session: string }; manager: string };

interface EnterOpts {
  batch: string;
  report?: boolean;
  supplier?: number;
  pork?: boolean;
  quantity?: number;
  unit?: 'kg' | 'piece';
  commitment?: { number: string; quantity: number } | null;
  session?: string;
}

async function enter(o: EnterOpts): Promise<LotLog> {
  const raw = gs1Scan('1', o.batch);
  const unit = o.unit ?? 'kg';
  const quantity = o.quantity ?? 100;
  const cert = (type: CertificateType, number: string, issuer: string, q?: number) => ({ type, number, issuer, issueDate: CERT_DAY, ...(q !== undefined && { quantity: q, unit }) });
  const certs = o.pork
    ? [cert('quarantine', `Q-${o.batch}`, '南安动物卫生监督所'), cert('meatQuality', `M-${o.batch}`, '屠宰场')]
    : o.commitment === null
      ? []
      : [o.commitment ? cert('commitment', o.commitment.number, '南安合作社', o.commitment.quantity) : cert('commitment', `C-${o.batch}`, '南安合作社')];
  if (o.report) certs.push(cert('testReport', `T-${o.batch}`, '检测站'));
  const supplierId = ids.suppliers[o.supplier ?? 0]!;
  const varietyId = o.pork ? ids.pork : ids.cabbage;
  const input: Input<'checkEntry'> = { raw, source: 'wedge', supplierId, varietyId, quantity, unit, certificates: certs };
  const r = await t.call('checkEntry', input, o.session);
  if (r.duplicate) throw new Error(`lot ${o.batch} entered twice`);
  const entry = r.view.entry;
  const rec: LotLog = {
    lotId: r.view.lot.id,
    code: r.view.lot.codeKey,
    raw,
    entryId: entry.id,
    day: marketDay(now),
    hour: now.getHours(),
    categoryId: o.pork ? 'livestock' : 'vegetable',
    varietyId,
    supplierId,
    stallId: null,
    operator: o.session === ids.receiver.session ? '赵收货' : '管理员',
    unit,
    quantity,
    outcome: entry.outcome,
    rejectReasons: entry.outcome === 'reject' ? entry.reasons.map((x) => x.code) : [],
    selection: r.testSelection?.reason ?? null,
    selectedAt: r.testSelection ? now : null,
    validTests: 0,
    certTypes: certs.map((c) => c.type),
    origin: o.pork ? '南安动物卫生监督所' : null,
  };
  log.push(rec);
  return rec;
}

async function recordTest(lot: LotLog, input: { value?: number; invalidRun?: boolean }) {
  const r = await t.call('recordTest', { raw: lot.raw, itemId: lot.categoryId === 'livestock' ? 'clenbuterol' : 'opCarbamate', ...input });
  tests.push({ day: marketDay(now), lotId: lot.lotId, verdict: r.test.verdict, itemId: r.test.itemId, at: r.test.createdAt });
  if (r.test.verdict !== 'invalid') lot.validTests++;
  // A test on a lot nobody selected adds it to the sample by hand, at the test's time.
  if (lot.selection === null) [lot.selection, lot.selectedAt] = ['manual', now];
  return r;
}

async function dispose(lot: LotLog, method: 'shredding' | 'other', quantity: number) {
  await t.call('disposeLot', {
    raw: lot.raw,
    quantity,
    unit: 'kg',
    reason: 'testFailed',
    method,
    ...(method === 'other' && { methodText: '深埋' }),
    operatorPin: ADMIN_PIN,
    witnessId: ids.manager,
    witnessPin: '864213',
  });
  disposals.push({ day: marketDay(now), lotId: lot.lotId, method, quantity });
}

const lot = (batch: string) => log.find((l) => l.raw === gs1Scan('1', batch))!;

beforeAll(async () => {
  t = await startTestCore({ now: () => now, sampling: { dayStart: DAY_START }, deterministic: DETERMINISTIC });
  await t.call('saveSettings', { ...(await t.call('getSettings', {})), signIn: { idleMinutes: 720 } });
  await t.call('setStationId', { stationId: '3050177', name: '鲤城农贸市场' });
  const suppliers = [(await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id, (await t.call('saveSubject', { kind: 'supplier', name: '晋江菜场', uscc: USCC.b })).id];
  const stalls = [(await t.call('saveSubject', { kind: 'stall', name: '1号摊' })).id, (await t.call('saveSubject', { kind: 'stall', name: '2号摊' })).id];
  const varieties = await t.call('listVarieties', {});
  const manager = await t.call('createOperator', { name: '王经理', role: 'manager', pin: '864213' });
  const receiver = await t.call('createOperator', { name: '赵收货', role: 'receiver', pin: '9753' });
  ids = {
    suppliers,
    stalls,
    cabbage: varieties.find((v) => v.name === '白菜')!.id,
    pork: varieties.find((v) => v.name === '猪肉')!.id,
    manager: manager.id,
    receiver: { id: receiver.id, session: '' },
  };

  // D0, just before D1 starts at 06:00 on the 10th.
  now = at(D1, 5, 30);
  await enter({ batch: 'A0', report: true });

  // D1 from its first minute.
  now = at(D1, 6, 0);
  const a1 = await enter({ batch: 'A1', report: true, commitment: { number: 'NEAR-1', quantity: 100 }, quantity: 95 });
  await t.call('assignLotStall', { lotId: a1.lotId, stallId: stalls[0]! });
  a1.stallId = stalls[0]!;
  now = at(D1, 7, 0);
  ids.receiver.session = (await t.call('signIn', { operatorId: receiver.id, pin: '9753' })).sessionId;
  for (let i = 2; i <= 11; i++) {
    const l = await enter({ batch: `A${i}`, report: true, supplier: i % 2, session: i <= 5 ? ids.receiver.session : undefined, pork: i === 11 });
    if (i % 3 === 0) {
      await t.call('assignLotStall', { lotId: l.lotId, stallId: stalls[1]! });
      l.stallId = stalls[1]!;
    }
  }
  const a12 = await enter({ batch: 'A12', report: true, unit: 'piece', quantity: 30, commitment: { number: 'FAR-1', quantity: 1000 } });
  expect(a12.outcome).toBe('admit');
  now = at(D1, 8, 0);
  const n1 = await enter({ batch: 'N1' });
  const n2 = await enter({ batch: 'N2' });
  const n3 = await enter({ batch: 'N3' });
  expect([n1, n2, n3].map((l) => [l.outcome, l.selection])).toEqual(Array(3).fill(['hold', 'noReport']));
  await recordTest(n1, { value: 10 });
  now = at(D1, 8, 30);
  await recordTest(n2, { value: 70 });
  positiveFate.set(n2.lotId, 'destroyed');
  // Held, then destroyed with no shredder fitted: shredding without a detected run.
  await dispose(n2, 'shredding', 100);

  now = at(D1, 9, 0);
  const r1 = await enter({ batch: 'R1', commitment: null });
  expect(r1.outcome).toBe('reject');
  const r2 = await enter({ batch: 'R2', report: true });
  await t.call('overrideEntry', { entryId: r2.entryId, outcome: 'reject', reason: '车辆卫生不合格' });
  overrides.push({ lotId: r2.lotId, from: r2.outcome, to: 'reject', reason: '车辆卫生不合格' });
  r2.rejectReasons = ['override'];
  r2.outcome = 'reject';

  now = at(D1, 9, 30);
  // A report lot positive in a test, held, then released by the manager (a lab said negative).
  const a2 = lot('A2');
  const positive = await recordTest(a2, { value: 65 });
  await t.call('releaseHold', { holdId: positive.hold!.id, reason: '实验室复检阴性' });
  positiveFate.set(a2.lotId, 'released');
  await recordTest(lot('A3'), { invalidRun: true });
  await recordTest(lot('A4'), { value: 5 });

  now = at(D1, 10, 0);
  for (const q of [20, 30]) {
    await t.call('splitLot', { parentRaw: a1.raw, quantity: q, unit: 'kg', closing: false });
    splits.push({ day: marketDay(now), stallId: a1.stallId, quantity: q });
  }

  // Past midnight: still D1 until 06:00.
  now = at(D2, 1, 0);
  await enter({ batch: 'A13', report: true, supplier: 1 });
  now = at(D2, 5, 59);
  const a14 = await enter({ batch: 'A14', report: true });

  // D2.
  now = at(D2, 6, 0);
  const b1 = await enter({ batch: 'B1', report: true });
  now = at(D2, 6, 30);
  await recordTest(b1, { value: 80 });
  await dispose(b1, 'other', 100);
  positiveFate.set(b1.lotId, 'destroyed');
  // A positive left under its hold: not yet decided.
  now = at(D2, 6, 40);
  await recordTest(a14, { value: 90 });
  positiveFate.set(a14.lotId, 'held');

  // Two of A5's upload records refused by the platform (dead letters); the rest wait (no platform set).
  const db = new Database(join(t.dir, 'station.db'));
  db.prepare("update outbox set state = 'dead', last_error = 'rejected' where seq in (select seq from outbox where lot_id = ? order by seq limit 2)").run(lot('A5').lotId);
  db.prepare("update outbox set state = 'sent', sent_at = '2026-03-11T06:45:00.000+08:00' where lot_id = ?").run(lot('A6').lotId);

  // 召回: the recall service is built alongside this report (issue 17) and not here yet, so the
  // recalls and their lots are written with plain SQL. Lot states are left alone: the report's
  // other figures do not move. One opened before D1 and lifted on it, two opened on D1 (one
  // closed on D2), one opened on D2, one after D2 (in no range's list).
  const recall = (n: number, o: Omit<RecallLog, 'id' | 'number' | 'reason' | 'scopeLabel'>) => {
    const r = { ...o, id: `${encodeTime(o.created.getTime(), 10)}${'0'.repeat(15)}${n}`, number: `ZH-T${n}`, reason: `原因 ${n}`, scopeLabel: `范围 ${n}` };
    db.prepare(
      `insert into recalls (id, number, reason, source, scope_kind, scope_label, scope_json, status, created_at, created_by, closed_at, closed_by, lifted_at, lifted_by, lift_reason)
       values (?, ?, ?, 'ownTest', 'lot', ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(r.id, r.number, r.reason, r.scopeLabel, r.status, iso(r.created), ids.manager, iso(r.closed), r.closed && ids.manager, iso(r.lifted), r.lifted && ids.manager, r.lifted && '误报');
    for (const l of r.lots) db.prepare(`insert into recall_lots (recall_id, lot_id, prior_status, prior_zone, progress) values (?, ?, 'admitted', 'trading', ?)`).run(r.id, l.lotId, l.progress);
    recalls.push(r);
  };
  recall(1, { status: 'lifted', created: at(D1, 5, 45), closed: null, lifted: at(D1, 12), lots: [{ lotId: lot('A0').lotId, progress: 'open' }] });
  recall(2, {
    status: 'open',
    created: at(D1, 7, 30),
    closed: null,
    lifted: null,
    lots: [
      { lotId: lot('A1').lotId, progress: 'open' },
      { lotId: lot('A3').lotId, progress: 'retrieved' },
      { lotId: lot('N1').lotId, progress: 'nothingLeft' },
    ],
  });
  recall(3, { status: 'closed', created: at(D1, 9), closed: at(D2, 7), lifted: null, lots: [{ lotId: lot('A4').lotId, progress: 'notRecoverable' }] });
  recall(4, {
    status: 'open',
    created: at(D2, 6, 10),
    closed: null,
    lifted: null,
    lots: [
      { lotId: lot('B1').lotId, progress: 'destroyed' },
      { lotId: lot('A14').lotId, progress: 'open' },
      { lotId: lot('A13').lotId, progress: 'open' },
    ],
  });
  recall(5, { status: 'open', created: at('2026-03-12', 8), closed: null, lifted: null, lots: [{ lotId: lot('A5').lotId, progress: 'open' }] });
  db.close();
}, 60_000);
afterAll(() => t?.close());

// ——— The expected report, reduced from the log ———

const amountOf = (lots: readonly { unit: string; quantity: number }[]): Amount => ({
  lots: lots.length,
  kg: Math.round(lots.filter((l) => l.unit === 'kg').reduce((a, l) => a + l.quantity, 0) * 1000) / 1000,
  piece: lots.filter((l) => l.unit === 'piece').reduce((a, l) => a + l.quantity, 0),
  head: 0,
  box: 0,
});

function breakdownOf(lots: LotLog[], key: (l: LotLog) => string | null) {
  const groups = new Map<string | null, LotLog[]>();
  for (const l of lots) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
  return new Map([...groups].map(([k, ls]) => [k, amountOf(ls)]));
}

const asMap = (rows: DayReport['intake']['byCategory']) => new Map(rows.map((r) => [r.id, r.amount]));
const hoursFrom = (start: number) => Array.from({ length: 24 }, (_, i) => (start + i) % 24);
const inPool = (l: LotLog) => l.outcome === 'admit' && l.selection !== 'noReport';

async function checkReport(days: string[]) {
  const report = await t.call('getDayReport', { from: days[0]!, to: days.at(-1)! });
  const lots = log.filter((l) => days.includes(l.day));
  expect(report.range).toEqual({ from: days[0], to: days.at(-1) });
  expect(report.dayStart).toBe(DAY_START);

  // Intake.
  expect(report.intake.total).toEqual(amountOf(lots));
  expect(asMap(report.intake.byCategory)).toEqual(breakdownOf(lots, (l) => l.categoryId));
  expect(asMap(report.intake.byVariety)).toEqual(breakdownOf(lots, (l) => l.varietyId));
  expect(asMap(report.intake.bySupplier)).toEqual(breakdownOf(lots, (l) => l.supplierId));
  expect(asMap(report.intake.byStall)).toEqual(breakdownOf(lots, (l) => l.stallId));
  expect(asMap(report.intake.byOrigin)).toEqual(breakdownOf(lots, (l) => l.origin));
  expect(new Map(report.intake.byOperator.map((r) => [r.name, r.amount]))).toEqual(breakdownOf(lots, (l) => l.operator));
  for (const rows of [report.intake.byCategory, report.intake.bySupplier]) expect(rows.map((r) => r.amount.lots)).toEqual([...rows.map((r) => r.amount.lots)].sort((a, b) => b - a));
  if (lots.some((l) => l.stallId === ids.stalls[0])) expect(report.intake.byStall.find((r) => r.id === ids.stalls[0])?.name).toBe('1号摊');
  expect(report.intake.byHour.map((h) => h.hour)).toEqual(hoursFrom(6));
  expect(report.intake.byHour.map((h) => h.lots)).toEqual(hoursFrom(6).map((h) => lots.filter((l) => l.hour === h).length));

  // Verdicts as they stand.
  const count = (o: Outcome) => lots.filter((l) => l.outcome === o).length;
  expect([report.verdicts.admitted, report.verdicts.awaitingTest, report.verdicts.rejected]).toEqual([count('admit'), count('hold'), count('reject')]);
  const reasons = new Map<string, number>();
  for (const l of lots) for (const r of new Set(l.rejectReasons)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
  expect(new Map(report.verdicts.rejectedByReason.map((r) => [r.reason, r.lots]))).toEqual(reasons);
  const ovs = overrides.filter((o) => lots.some((l) => l.lotId === o.lotId));
  expect(report.verdicts.overrides.map((o) => ({ lotId: o.lotId, from: o.from, to: o.to, reason: o.reason, by: o.by }))).toEqual(ovs.map((o) => ({ ...o, by: '管理员' })));

  // Certificates.
  for (const { type, lots: n } of report.certificates.byType) expect([type, n]).toEqual([type, lots.filter((l) => l.certTypes.includes(type)).length]);
  expect(report.certificates.withoutCertificate).toBe(lots.filter((l) => l.certTypes.length === 0).length);
  const near = lots.some((l) => l.raw === gs1Scan('1', 'A1'));
  expect(report.certificates.nearLimit.map((c) => [c.number, c.quantity, c.used, c.lots])).toEqual(near ? [['NEAR-1', 100, 95, 1]] : []);
  expect(report.certificates.nearLimitTotal).toBe(near ? 1 : 0);

  // Testing.
  const noReport = lots.filter((l) => l.selection === 'noReport' && l.outcome !== 'reject');
  const pool = lots.filter(inPool);
  const sampled = pool.filter((l) => l.selection !== null);
  expect(report.testing.noReport).toEqual({ lots: noReport.length, tested: noReport.filter((l) => l.validTests > 0).length });
  expect(report.testing.withReport).toEqual({ lots: pool.length, sampled: sampled.length, tested: pool.filter((l) => l.validTests > 0).length, targetRate: 0.1 });
  const rangeTests = tests.filter((x) => days.includes(x.day));
  expect(report.testing.tests).toBe(rangeTests.length);
  expect(report.testing.invalidRuns).toBe(rangeTests.filter((x) => x.verdict === 'invalid').length);
  const positives = rangeTests.filter((x) => x.verdict === 'positive');
  expect(report.testing.positives.map((p) => [p.lotId, p.itemId, p.testedAt, p.outcome])).toEqual(positives.map((p) => [p.lotId, p.itemId, p.at, positiveFate.get(p.lotId)]));
  let [inSoFar, sampledSoFar] = [0, 0];
  expect(report.testing.samplingByHour).toEqual(
    hoursFrom(6).map((hour) => {
      inSoFar += pool.filter((l) => l.hour === hour).length;
      // Selected after the range ended (the next market morning): in its last hour.
      const hourOf = (d: Date) => (days.includes(marketDay(d)) ? d.getHours() : 5);
      sampledSoFar += sampled.filter((l) => hourOf(l.selectedAt!) === hour).length;
      return { hour, reportLots: inSoFar, sampled: sampledSoFar };
    }),
  );

  // Disposals.
  const ds = disposals.filter((d) => days.includes(d.day));
  expect(report.disposals.count).toBe(ds.length);
  expect(report.disposals.amount).toEqual(amountOf(ds.map((d) => ({ unit: 'kg', quantity: d.quantity }))));
  expect(report.disposals.byMethod).toEqual({ shredding: ds.filter((d) => d.method === 'shredding').length, other: ds.filter((d) => d.method === 'other').length });
  expect(report.disposals.evidenceMissing).toBe(ds.filter((d) => d.method === 'shredding').length);
  expect(report.disposals.list.map((d) => [d.lotId, d.method, d.evidence])).toEqual(ds.map((d) => [d.lotId, d.method, d.method === 'other']));
  expect(report.disposals.list.every((d) => /\S/.test(d.certificateNumber))).toBe(true);

  // Counter.
  const sp = splits.filter((s) => days.includes(s.day));
  expect(report.counter.byStall.map((s) => [s.stallId, s.childCodes, s.sold.kg])).toEqual(sp.length ? [[ids.stalls[0], sp.length, sp.reduce((a, s) => a + s.quantity, 0)]] : []);

  // Upload: plain SQL over the outbox, the range cut here by the test's own bounds.
  const [fromAt, toAt] = [`${days[0]}T06:00`, `${shift(days.at(-1)!, 1)}T06:00`];
  const state = (s: string) => t.rows('select count(*) n from outbox where state = ? and created_at >= ? and created_at < ?', s, fromAt, toAt)[0]!.n as number;
  expect(report.upload).toEqual({ backlog: state('pending'), deadLetters: state('dead'), lastSuccessAt: '2026-03-11T06:45:00.000+08:00' });

  // Recalls, from the test's own log: open now and started before the range ended; started, closed, lifted within it.
  const end = at(shift(days.at(-1)!, 1), 6);
  const within = (d: Date | null) => d !== null && days.includes(marketDay(d));
  expect(report.recalls).toEqual({
    open: recalls.filter((r) => r.status === 'open' && r.created < end).length,
    startedInRange: recalls.filter((r) => within(r.created)).length,
    closedInRange: recalls.filter((r) => within(r.closed)).length,
    liftedInRange: recalls.filter((r) => within(r.lifted)).length,
    openList: recalls
      .filter((r) => r.status === 'open' && r.created < end)
      .sort((a, b) => a.created.getTime() - b.created.getTime())
      .map((r) => ({
        id: r.id,
        number: r.number,
        reason: r.reason,
        scopeLabel: r.scopeLabel,
        createdAt: iso(r.created),
        openLots: r.lots.filter((l) => l.progress === 'open').length,
        lots: r.lots.length,
      })),
  });

  // Rules, judged here from the log.
  const untested = noReport.filter((l) => l.validTests === 0).map((l) => l.lotId);
  const poolTested = pool.filter((l) => l.validTests > 0).length;
  const required = requiredSamples(pool.length, 0.1);
  const fates = positives.map((p) => positiveFate.get(p.lotId));
  const rule = (name: string) => report.rules.find((r) => r.rule === name)!;
  expect(report.rules.map((r) => r.rule)).toEqual(['entryChecked', 'noReportTested', 'samplingRate', 'positivesHandled', 'disposalEvidence', 'uploaded']);
  expect(rule('entryChecked')).toEqual({ rule: 'entryChecked', met: true, figures: { lots: lots.length, checked: lots.length, unchecked: 0 }, lotIds: [] });
  expect(rule('noReportTested')).toEqual({
    rule: 'noReportTested',
    met: untested.length === 0,
    figures: { lots: noReport.length, tested: noReport.length - untested.length, untested: untested.length },
    lotIds: untested.sort(),
  });
  expect(rule('samplingRate')).toMatchObject({
    met: poolTested >= required,
    figures: { lots: pool.length, sampled: sampled.length, tested: poolTested, target: 0.1, required, missing: Math.max(0, required - poolTested), toSelect: Math.max(0, required - sampled.length) },
  });
  expect(rule('positivesHandled')).toMatchObject({
    met: fates.every((f) => f === 'destroyed' || f === 'released'),
    figures: {
      positives: positives.length,
      destroyed: fates.filter((f) => f === 'destroyed').length,
      released: fates.filter((f) => f === 'released').length,
      held: fates.filter((f) => f === 'held').length,
      selling: 0,
    },
  });
  const noRun = ds.filter((d) => d.method === 'shredding').map((d) => d.lotId);
  expect(rule('disposalEvidence')).toEqual({
    rule: 'disposalEvidence',
    met: noRun.length === 0,
    figures: { disposals: ds.length, evidenceMissing: noRun.length, withoutCertificate: 0 },
    lotIds: noRun.sort(),
  });
  expect(rule('uploaded')).toMatchObject({ met: state('pending') + state('dead') === 0, figures: { backlog: state('pending'), deadLetters: state('dead') } });
  return report;
}

/** A moment as the station stores it: local wall clock with its offset. */
const iso = (d: Date | null) =>
  d
    ? `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:00.000${offset(d)}`
    : null;

/** The local offset of a moment as stored times carry it (+08:00). */
function offset(d: Date) {
  const m = -d.getTimezoneOffset();
  return `${m >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
}

function shift(day: string, n: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('日报 of market days cut at 06:00', () => {
  it('D1 (06:00 on the 10th to 05:59 on the 11th): every figure matches the log', async () => {
    const report = await checkReport([D1]);
    // The boundary: A0 (05:30 on the 10th) is D0's, A13 (01:00) and A14 (05:59 on the 11th) are D1's, B1 (06:00) is D2's.
    expect(report.intake.total.lots).toBe(log.filter((l) => l.day === D1).length);
    expect(log.filter((l) => l.day === D1).map((l) => l.raw)).toContain(gs1Scan('1', 'A14'));
    expect(report.intake.total.piece).toBe(30);
    expect(report.rules.find((r) => r.rule === 'noReportTested')).toMatchObject({ met: false, lotIds: [lot('N3').lotId] });
    expect(report.rules.find((r) => r.rule === 'disposalEvidence')).toMatchObject({ met: false, lotIds: [lot('N2').lotId] });
    expect(report.rules.find((r) => r.rule === 'uploaded')).toMatchObject({ met: false });
    // Every lot a rule names comes with its code, as the lots table has it.
    const named = [...new Set(report.rules.flatMap((r) => r.lotIds))];
    expect(named.length).toBeGreaterThan(1);
    expect(report.lotCodes).toEqual(Object.fromEntries(named.map((id) => [id, t.rows('select code_key from lots where id = ?', id)[0]!.code_key])));
    expect(report.verdicts.rejectedByReason).toEqual(
      expect.arrayContaining([
        { reason: 'certificateMissing', lots: 1 },
        { reason: 'override', lots: 1 },
      ]),
    );
    expect(report.testing.positives.map((p) => p.outcome).sort()).toEqual(['destroyed', 'released']);
    expect(report.certificates.withoutCertificate).toBe(1);
    // Recalls: ZH-T1 began at 05:45 (D0's) and was lifted on D1; ZH-T4 began on D2, after D1 ended.
    expect(report.recalls.openList.map((r) => [r.number, r.openLots, r.lots])).toEqual([['ZH-T2', 1, 3]]);
    expect([report.recalls.startedInRange, report.recalls.closedInRange, report.recalls.liftedInRange]).toEqual([2, 0, 1]);
  });

  it('D0 and D2 alone, and the three days as one range', async () => {
    const d0 = await checkReport([D0]);
    expect(d0.intake.total.lots).toBe(1);
    const d2 = await checkReport([D2]);
    expect(d2.testing.positives.map((p) => p.outcome).sort()).toEqual(['destroyed', 'held']);
    expect(d2.rules.find((r) => r.rule === 'positivesHandled')).toMatchObject({ met: false, lotIds: [lot('A14').lotId] });
    expect(d2.rules.find((r) => r.rule === 'disposalEvidence')).toMatchObject({ met: true });
    expect(d2.recalls).toMatchObject({ open: 2, startedInRange: 1, closedInRange: 1, liftedInRange: 0 });
    expect(d2.recalls.openList.map((r) => [r.number, r.openLots, r.lots])).toEqual([
      ['ZH-T2', 1, 3],
      ['ZH-T4', 2, 3],
    ]);
    expect(d0.recalls).toEqual({ open: 0, startedInRange: 1, closedInRange: 0, liftedInRange: 0, openList: [] });
    const all = await checkReport([D0, D1, D2]);
    expect(all.intake.total.lots).toBe(log.length);
  });

  it('an empty day: nothing counted, every rule met, no sampling rate stated', async () => {
    const empty = await t.call('getDayReport', { from: '2026-03-01', to: '2026-03-01' });
    expect(empty.intake.total).toEqual({ lots: 0, kg: 0, piece: 0, head: 0, box: 0 });
    expect(empty.rules.every((r) => r.met)).toBe(true);
    expect(empty.rules.find((r) => r.rule === 'samplingRate')!.figures).toEqual({ lots: 0, sampled: 0, tested: 0, target: 0.1, required: 0, missing: 0, toSelect: 0 });
  });

  it('the trend: one entry per market day, oldest first', async () => {
    const trend = await t.call('getIntakeTrend', { to: D2, days: 7 });
    expect(trend.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => shift(D2, i - 6)));
    for (const d of trend) {
      const lots = log.filter((l) => l.day === d.day);
      const pool = lots.filter(inPool);
      expect(d).toEqual({
        day: d.day,
        lots: lots.length,
        kg: amountOf(lots).kg,
        admitted: lots.filter((l) => l.outcome === 'admit').length,
        awaitingTest: lots.filter((l) => l.outcome === 'hold').length,
        rejected: lots.filter((l) => l.outcome === 'reject').length,
        sampledRate: pool.length ? pool.filter((l) => l.validTests > 0).length / pool.length : null,
      });
    }
  });

  it('a gate lot written without its entry check breaks entryChecked, and only on its day', async () => {
    // Written straight into the file (the API never does this): a root lot of 2026-03-05 07:00 with an id of its time.
    const made = at('2026-03-05', 7);
    const id = `${encodeTime(made.getTime(), 10)}${'0'.repeat(15)}1`;
    const [supplier, cabbage, admin] = [ids.suppliers[0], ids.cabbage, t.rows("select id from operators where role = 'admin'")[0]!.id];
    const db = new Database(join(t.dir, 'station.db'));
    db.prepare(
      `insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, created_at, created_by) values (?, 'x:NOCHECK', 'opaque', 'NOCHECK', ?, ?, 5, 'kg', 'admitted', 'trading', ?, ?)`,
    ).run(id, supplier, cabbage, `2026-03-05T07:00:00.000${offset(made)}`, admin);
    db.close();
    const report = await t.call('getDayReport', { from: '2026-03-05', to: '2026-03-05' });
    expect(report.rules[0]).toEqual({ rule: 'entryChecked', met: false, figures: { lots: 1, checked: 0, unchecked: 1 }, lotIds: [id] });
    expect(report.intake.total.lots).toBe(0);
    const before = await t.call('getDayReport', { from: '2026-03-04', to: '2026-03-04' });
    expect(before.rules[0]!.met).toBe(true);
  });

  it('refuses a range that ends before it starts or spans more than a year, and a receiver', async () => {
    expect((await apiError(t.call('getDayReport', { from: D2, to: D1 }))).issues).toEqual([{ path: 'to', code: 'rangeOrder' }]);
    expect((await apiError(t.call('getDayReport', { from: '2025-01-01', to: D1 }))).issues).toEqual([{ path: 'to', code: 'rangeTooLong' }]);
    const receiver = (await t.call('signIn', { operatorId: ids.receiver.id, pin: '9753' })).sessionId;
    expect((await apiError(t.call('getDayReport', { from: D1, to: D1 }, receiver))).code).toBe('forbidden');
  });
});
