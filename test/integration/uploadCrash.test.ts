import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { eventsFor } from '../../shared/domain/upload/epcis';
import type { OutboxKind } from '../../shared/domain/upload/records';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { auditAfterCrash } from '../support/auditCheck';
import { ROOT } from '../support/core';

const FAULTS = 1000;
let server: CaptureServer;
const dir = mkdtempSync(join(tmpdir(), 'station-crash-'));
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the station child; resolves once it prints `line` (READY / DRAINED). */
function startChild(mode: 'create' | 'drain') {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/uploadStation.ts'), dir, server.captureUrl, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const seen = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(line) && resolve();
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      child.on('exit', (code, signal) => (out.includes(line) ? resolve() : reject(new Error(`child exited ${code ?? signal} before ${line}: ${err.slice(-2000)}`))));
      check();
    });
  return { child, ready: seen('READY'), seen };
}

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

it(`delivers every record exactly once through ${FAULTS} injected faults and repeated kill -9 of the station`, async () => {
  server = await startCaptureServer({
    faults: { budget: FAULTS, probability: 0.8, weights: { drop: 1, serverError: 1, timeout: 0.4, ackLost: 1.5, slow: 1, rateLimit: 0.5 }, slowMs: 20, hangMs: 150, retryAfter: '0' },
    lean: true,
  });
  let restarts = 0;
  const spent = () => Object.values(server.injected).reduce((a, b) => a + b, 0);
  // Record, upload and crash until the fault budget is spent (at least 5 crashes).
  while (spent() < FAULTS || restarts < 5) {
    const { child, ready } = startChild('create');
    await ready;
    const runMs = 800 + Math.floor(Math.random() * 1200);
    await new Promise((r) => setTimeout(r, runMs));
    await kill9(child);
    restarts++;
    // After every kill: the chain verifies and every entry and split that committed has its entry.
    const audit = await auditAfterCrash(join(dir, 'station.db'));
    expect(audit.verdict, `audit after kill ${restarts}`).toMatchObject({ ok: true });
    expect(audit.entries.audited).toEqual(audit.entries.records);
    expect(audit.splits.audited).toEqual(audit.splits.records);
    if (restarts > 60) throw new Error(`faults not spent after ${restarts} restarts: ${JSON.stringify(server.injected)}`);
  }
  // Last start: no new records, drain what is left.
  const last = startChild('drain');
  await last.seen('DRAINED');
  await new Promise((r) => last.child.once('exit', r));

  const db = new Database(join(dir, 'station.db'), { readonly: true });
  const local = (
    db.prepare('SELECT o.id, o.kind, o.lot_id, b.payload, o.created_at, o.state FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq ORDER BY o.seq').all() as Record<string, string>[]
  ).map((r) => ({
    id: r.id,
    kind: r.kind as OutboxKind,
    lotId: r.lot_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    at: r.created_at,
    state: r.state,
  }));
  // Record ↔ outbox, one to one, whatever the kill -9 interrupted: every entry and split that
  // exists has its row (same id), and no row names a record that was rolled back.
  const records = {
    entry: (db.prepare('SELECT id FROM entry_checks').all() as { id: string }[]).map((r) => r.id),
    split: (db.prepare('SELECT id FROM splits').all() as { id: string }[]).map((r) => r.id),
  };
  db.close();
  for (const kind of ['entry', 'split'] as const) {
    expect(
      local
        .filter((r) => r.kind === kind)
        .map((r) => r.id)
        .sort(),
      kind,
    ).toEqual(records[kind].sort());
    expect(records[kind].length, kind).toBeGreaterThan(0);
  }

  expect(spent()).toBe(FAULTS);
  expect(restarts).toBeGreaterThanOrEqual(5);
  expect(local.length).toBeGreaterThan(200);
  expect(local.filter((r) => r.state !== 'sent')).toEqual([]);
  // Exactly the local records, none missing, none extra…
  expect([...server.records.keys()].sort()).toEqual(local.map((r) => r.id).sort());
  // …and none twice: each record holds exactly the events it maps to (same hash ids on every re-send).
  let expectedEvents = 0;
  for (const r of local) {
    const ids = eventsFor(r, { stationId: '3059901' }).map((e) => e.eventID as string);
    expectedEvents += ids.length;
    expect([...server.records.get(r.id)!.eventIds].sort()).toEqual(ids.sort());
  }
  expect(server.events.size).toBe(expectedEvents);
  // A split never reached the server before its parent's entry.
  const entryOfLot = new Map(local.filter((r) => r.kind === 'entry').map((r) => [r.lotId, r.id]));
  for (const split of local.filter((r) => r.kind === 'split')) {
    const parentEntry = entryOfLot.get((split.payload.parent as { id: string }).id)!;
    expect(server.records.get(parentEntry)!.order).toBeLessThan(server.records.get(split.id)!.order);
  }
  // The faults really exercised the duplicate paths.
  expect(server.injected.ackLost).toBeGreaterThan(0);
  expect(server.duplicates.events + server.duplicates.replayedKeys).toBeGreaterThan(0);
  const audit = await auditAfterCrash(join(dir, 'station.db'));
  expect(audit.verdict.ok).toBe(true);
  expect(audit.entries.audited).toEqual(audit.entries.records);
  console.log(
    `upload crash test: ${audit.verdict.entries} audit entries verified, ${local.length} records, ${restarts} kill -9, faults ${JSON.stringify(server.injected)}, duplicates ${JSON.stringify(server.duplicates)}`,
  );
}, 120_000);
