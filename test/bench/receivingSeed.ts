// A station's history at a given size, written straight into its database: every table a year of
// trading fills, in the proportions below, so a query that walks more than it should shows up.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { addDays, isoLocal } from '../../electron/core/clock';
import { nodeSha256Hex } from '../../electron/services/upload/hash';
import { eventsFor } from '../../shared/domain/upload/epcis';
import { disposalRecord, entryRecord, holdRecord, splitRecord, stallAssignmentRecord, testRecord, type LotRef, type OutboxRecord } from '../../shared/domain/upload/records';

export const STATION_ID = '3059901';

/** Shares of the root lots (market entries); a day's entries run 06:00–17:30 local. */
export const SEED = {
  days: 365,
  suppliers: 2_000,
  stalls: 200,
  /** Came without a test report: held for 批批检测 (selection noReport, then a test). */
  noReport: 0.05,
  /** Report lots the keyed sampler picked (then a test). */
  sampled: 0.13,
  /** Tests that were positive: hold, then disposal of the lot. */
  positive: 0.02,
  /** Lots sent to a stall at the gate (assignment row + upload record). */
  stallAssigned: 0.6,
  /** Lots sold on in two split portions (two child lots, splits, labels, upload records). */
  split: 0.25,
  /** Lots of one vehicle share their commitment certificate. */
  lotsPerCommitment: 2,
} as const;

/** One year-old PDF's size for the kept disposal certificate (the real one embeds a font subset). */
const CERTIFICATE_PDF = Buffer.alloc(8 * 1024, 0x25);

/** Deterministic pseudo-random in [0,1) from an integer: the same history every run. */
function unit(i: number, salt: number): number {
  let x = Math.imul(i ^ (salt * 0x9e3779b9), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

const ref = (id: string, code: string): LotRef => ({ id, code, gtin: null, batch: null, quantity: 25, unit: 'kg' });
const actor = { id: 'OP', name: '管理员' };

/** Upload bodies as the station writes them (payload + EPCIS events), one per kind: sizes are what the store pays for. */
export function uploadBodies() {
  const at = '2026-01-05T08:15:00.000+08:00';
  const lot = ref('01JBENCHLOT0000000000000000', '0106901234567892 10B1');
  const body = (r: OutboxRecord) => [JSON.stringify(r.payload), JSON.stringify(eventsFor(r, { stationId: STATION_ID, sha256Hex: nodeSha256Hex }))] as const;
  return {
    entry: body(
      entryRecord(
        {
          entryId: '01JBENCHENTRY00000000000000',
          lot: { ...lot, codeKind: 'opaque', expiryDate: null },
          variety: { id: 'V1', name: '白菜', categoryId: 'vegetable' },
          supplier: { id: 'S1', name: '南安合作社', uscc: '91350100M000100Y43' },
          outcome: 'admit',
          reasons: [],
          source: 'wedge',
          certificates: [
            { type: 'commitment', number: 'CN-000001', issuer: '南安合作社', issueDate: '2026-01-05', validUntil: null },
            { type: 'testReport', number: 'TR-000001', issuer: '检测站', issueDate: '2026-01-05', validUntil: null },
          ],
          by: actor,
        },
        at,
      ),
    ),
    stall: body(stallAssignmentRecord({ assignmentId: '01JBENCHSTALL00000000000000', lot, stall: { id: 'ST1', name: '2号摊', uscc: null }, priorStall: null, by: actor }, at)),
    split: body(splitRecord({ splitId: '01JBENCHSPLIT00000000000000', parent: lot, child: ref('01JBENCHCHILD00000000000000', '3059901260000000017'), closing: false, sale: null, by: actor }, at)),
    test: body(
      testRecord(
        {
          testId: '01JBENCHTEST000000000000000',
          lot,
          item: { id: 'pesticide', name: '农药残留' },
          selection: 'sampling',
          kitLot: 'K1',
          value: 12,
          reading: null,
          unit: '%',
          threshold: 50,
          verdict: 'negative',
          by: actor,
        },
        at,
      ),
    ),
    hold: body(holdRecord({ holdId: '01JBENCHHOLD000000000000000', lots: [lot], reason: 'testPositive', note: null, testId: '01JBENCHTEST000000000000000', by: actor }, at)),
    disposal: body(
      disposalRecord({ disposalId: '01JBENCHDISP000000000000000', certificateNumber: 'WH-2026-000001', lots: [lot], reason: 'testFailed', method: 'shredding', witness: actor, by: actor }, at),
    ),
  };
}

/** The crate/child label job as the print queue keeps it once printed. */
const LABEL_CONTENT = JSON.stringify({
  code: '3059901260000000017',
  parentCode: 'SEED',
  product: '白菜',
  quantity: '12.500 公斤',
  date: '2026-01-05',
  issuer: '鲤城农贸市场',
  origin: '南安合作社',
  title: '鲤城农贸市场',
  time: '2026-01-05 08:15',
  codeGrouped: '3059901 2600 0000 017',
  qr: `一品一码 YP1\n码 3059901260000000017\n父 SEED\n量 12.500 公斤\n日 2026-01-05\n发 鲤城农贸市场\n签 ${'A'.repeat(86)}`,
});

export interface SeedCounts {
  rootLots: number;
  rows: Record<string, number>;
}

/**
 * Writes `lotsPerDay` root lots for each day in `days` (local YYYY-MM-DD), spread evenly between
 * `from` and `to` (HH:MM) of each day, with everything that follows from them. Returns the
 * suppliers it spread them over (the bench scans for one of these).
 */
export function createSeeder(dir: string) {
  const db = new Database(join(dir, 'station.db'));
  db.pragma('synchronous = OFF');
  const operatorId = (db.prepare('select id from operators limit 1').get() as { id: string }).id;
  const varieties = (db.prepare('select v.id from varieties v order by v.id').all() as { id: string }[]).map((v) => v.id);
  const itemId = (db.prepare('select id from test_items order by id limit 1').get() as { id: string }).id;
  // Record ids are ULIDs of their own time, rising through the seeded year as a station's do (the
  // sampler's "lots seen" count relies on it); master data ids come from another factory,
  // so that their "now" never pushes the history's ids past the bench's own.
  const ulid = monotonicFactory();
  const otherId = monotonicFactory();
  const body = uploadBodies();
  const rows: Record<string, number> = {};
  const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);

  const ins = (sql: string) => db.prepare(sql);
  const subject = ins(`insert into subjects (id, kind, name, uscc, contact, blocked, created_at, created_by, updated_at, updated_by) values (?, ?, ?, null, null, 0, ?, ?, ?, ?)`);
  const lot = ins(`insert into lots (id, code_key, code_kind, raw_scan, supplier_id, variety_id, quantity, unit, status, zone, parent_lot_id, root_lot_id, stall_id, created_at, created_by)
    values (?, ?, ?, ?, ?, ?, ?, 'kg', ?, ?, ?, ?, ?, ?, ?)`);
  const cert = ins(`insert into certificates (id, type, number, issuer, issue_date, quantity, unit, created_at, created_by) values (?, ?, ?, '基准合作社', ?, ?, ?, ?, ?)`);
  const link = ins('insert into lot_certificates (lot_id, certificate_id) values (?, ?)');
  const entry = ins(`insert into entry_checks (id, lot_id, outcome, reasons, source, created_at, created_by) values (?, ?, ?, ?, 'wedge', ?, ?)`);
  const assign = ins('insert into stall_assignments (id, lot_id, stall_id, prior_stall_id, created_at, created_by) values (?, ?, ?, null, ?, ?)');
  const selection = ins('insert into test_selections (id, lot_id, day, reason, has_report, score, p, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const test = ins(
    `insert into rapid_tests (id, lot_id, item_id, kit_lot, value, unit, threshold, verdict, needs_lab_confirmation, created_at, created_by) values (?, ?, ?, 'K1', ?, '%', 50, ?, 0, ?, ?)`,
  );
  const hold = ins(`insert into holds (id, lot_id, reason, test_id, status, created_at, created_by) values (?, ?, 'testPositive', ?, 'disposed', ?, ?)`);
  const holdLot = ins(`insert into hold_lots (hold_id, lot_id, prior_status, prior_zone) values (?, ?, 'admitted', 'trading')`);
  const disposal =
    ins(`insert into disposals (id, certificate_number, lot_id, quantity, unit, weighed, reason, method, operator_id, witness_id, operator_confirmed_at, witness_confirmed_at, certificate_pdf, created_at, created_by)
    values (?, ?, ?, 25, 'kg', 1, 'testFailed', 'shredding', ?, ?, ?, ?, ?, ?, ?)`);
  const disposalLot = ins(`insert into disposal_lots (disposal_id, lot_id, prior_status) values (?, ?, 'held')`);
  const split = ins(`insert into splits (id, parent_lot_id, child_lot_id, price_fen, closing, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?)`);
  const job = ins(
    `insert into print_jobs (id, lot_id, purpose, template_id, content, status, attempts, created_at, created_by, printed_at) values (?, ?, 'labels', 'label-40x30', ?, 'done', 1, ?, ?, ?)`,
  );
  const outboxRow = ins(`insert into outbox (id, kind, lot_id, created_at, state, attempts, sent_at) values (?, ?, ?, ?, 'sent', 1, ?)`);
  const outboxBody = ins('insert into outbox_bodies (seq, payload, events) values (?, ?, ?)');
  const upload = (kind: keyof typeof body | 'stallAssignment', lotId: string, at: string, time: number) => {
    const [payload, events] = body[kind === 'stallAssignment' ? 'stall' : kind];
    const { lastInsertRowid } = outboxRow.run(ulid(time), kind, lotId, at, at);
    outboxBody.run(lastInsertRowid, payload, events);
    count('outbox');
    count('outbox_bodies');
  };

  const suppliers: string[] = [];
  const stalls: string[] = [];
  const now = isoLocal(new Date());
  db.transaction(() => {
    for (let i = 0; i < SEED.suppliers; i++) {
      suppliers.push(otherId());
      subject.run(suppliers[i], 'supplier', `基准供应商${i}`, now, operatorId, now, operatorId);
    }
    for (let i = 0; i < SEED.stalls; i++) {
      stalls.push(otherId());
      subject.run(stalls[i], 'stall', `${i + 1}号摊`, now, operatorId, now, operatorId);
    }
  })();
  count('subjects', SEED.suppliers + SEED.stalls);

  let n = 0; // root lots so far: the seed of every per-lot choice
  let commitment = '';

  function rootLot(at: string, time: number, day: string) {
    const i = n++;
    const id = ulid(time);
    const supplier = suppliers[Math.floor(unit(i, 1) * suppliers.length)];
    const variety = varieties[i % varieties.length];
    const hasReport = unit(i, 2) >= SEED.noReport;
    const stall = unit(i, 3) < SEED.stallAssigned ? stalls[i % stalls.length] : null;
    const tested = !hasReport || unit(i, 4) < SEED.sampled;
    const positive = tested && unit(i, 5) < SEED.positive;
    const splitInto = !positive && unit(i, 6) < SEED.split;
    const status = positive ? 'destroyed' : splitInto ? 'exhausted' : 'admitted';
    lot.run(id, `x:SEED${i}`, 'opaque', `SEED${i}`, supplier, variety, 25, status, positive ? 'none' : 'trading', null, null, stall, at, operatorId);
    count('lots');
    if (i % SEED.lotsPerCommitment === 0) {
      commitment = ulid(time);
      cert.run(commitment, 'commitment', `SEED-C${i}`, day, 50, 'kg', at, operatorId);
      count('certificates');
    }
    link.run(id, commitment);
    count('lot_certificates');
    if (hasReport) {
      const report = ulid(time);
      cert.run(report, 'testReport', `SEED-T${i}`, day, null, null, at, operatorId);
      link.run(id, report);
      count('certificates');
      count('lot_certificates');
    }
    entry.run(ulid(time), id, hasReport ? 'admit' : 'hold', hasReport ? '[]' : '[{"code":"noTestReport"}]', at, operatorId);
    count('entry_checks');
    upload('entry', id, at, time);
    if (stall) {
      assign.run(ulid(time), id, stall, at, operatorId);
      count('stall_assignments');
      upload('stallAssignment', id, at, time);
    }
    if (tested) {
      selection.run(ulid(time), id, day, hasReport ? 'keyed' : 'noReport', hasReport ? 1 : 0, unit(i, 7) * 0.13, hasReport ? 0.13 : 1, at, operatorId);
      count('test_selections');
      const testId = ulid(time);
      test.run(testId, id, itemId, positive ? 72 : 12, positive ? 'positive' : 'negative', at, operatorId);
      count('rapid_tests');
      upload('test', id, at, time);
      if (positive) {
        const holdId = ulid(time);
        hold.run(holdId, id, testId, at, operatorId);
        holdLot.run(holdId, id);
        const disposalId = ulid(time);
        disposal.run(disposalId, `WH-SEED-${i}`, id, operatorId, operatorId, at, at, CERTIFICATE_PDF, at, operatorId);
        disposalLot.run(disposalId, id);
        count('holds');
        count('hold_lots');
        count('disposals');
        count('disposal_lots');
        upload('hold', id, at, time);
        upload('disposal', id, at, time);
      }
    }
    if (splitInto) {
      for (let k = 0; k < 2; k++) {
        const child = ulid(time);
        lot.run(child, `o:SEED${i}-${k}`, 'own', `SEED${i}-${k}`, supplier, variety, 12.5, 'admitted', 'trading', id, id, stall, at, operatorId);
        split.run(ulid(time), id, child, 1_250 + k, k === 1 ? 1 : 0, at, operatorId);
        job.run(ulid(time), child, LABEL_CONTENT, at, operatorId, at);
        count('lots');
        count('splits');
        count('print_jobs');
        upload('split', id, at, time);
      }
    }
  }

  /** `perDay` root lots on `day`, evenly between local times `from` and `to` (HH:MM). */
  const seedDay = db.transaction((day: string, perDay: number, from: string, to: string) => {
    const at = (hhmm: string) => new Date(`${day}T${hhmm}:00`).getTime(); // local time
    const t0 = at(from);
    const step = (at(to) - t0) / perDay;
    for (let j = 0; j < perDay; j++) {
      const time = Math.round(t0 + j * step);
      rootLot(isoLocal(new Date(time)), time, day);
    }
  });

  return {
    suppliers,
    /** Root lots per day for `lots` over the seed's days. */
    perDay: (lots: number) => Math.ceil(lots / SEED.days),
    /** The `SEED.days` days before `today`, `perDay` lots each. */
    history(today: string, perDay: number) {
      for (let k = SEED.days; k >= 1; k--) seedDay(addDays(today, -k), perDay, '06:00', '17:30');
    },
    day: (day: string, perDay: number, from: string, to: string) => seedDay(day, perDay, from, to),
    checkpoint: () => db.pragma('wal_checkpoint(TRUNCATE)'),
    counts: (): SeedCounts => ({ rootLots: n, rows: { ...rows } }),
    close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
