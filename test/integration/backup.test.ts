import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import { inspectBackupFile } from '../../electron/services/backup/inspect';
import { verifySnapshot, writeSnapshot } from '../../electron/services/backup/snapshot';
import type { BackupTimer } from '../../electron/services/backup/schedule';
import { ADMIN_PIN, admitCabbageLot, apiError, MIGRATIONS, nextCoreEvent, signInAdmin, sourceCodedLot, startTestCore, USCC, type TestCore } from '../support/core';

const STATION = '3050188';
const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function tempDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function station(options: Parameters<typeof startTestCore>[0] = {}) {
  const t = await startTestCore(options);
  cleanup.push(() => t.close());
  await t.call('setStationId', { stationId: STATION, name: '备份测试站' });
  return t;
}

/** Fills the station with admitted and source-coded lots (entries, certificates, outbox rows, codes). */
async function fill(t: TestCore, n: number, tag: string) {
  const supplier = (await t.call('listSubjects', { kind: 'supplier' })).find((s) => s.name === '南安合作社') ?? (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
  for (let i = 0; i < n; i++) {
    await admitCabbageLot(t, `${tag}${i}`, supplier.id);
    if (i % 5 === 0) await sourceCodedLot(t);
  }
}

/** Every row of every table (sqlite_ internals aside), as sorted JSON lines per table. */
function everyRow(rows: TestCore['rows']): Record<string, string[]> {
  const tables = rows("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").map((r) => r.name as string);
  return Object.fromEntries(
    tables.map((name) => [
      name,
      rows(`select * from "${name}"`)
        .map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) || (v && v.type === 'Buffer') ? Buffer.from(v).toString('hex') : v)))
        .sort(),
    ]),
  );
}

/** A timer the test fires by hand: the last one set, with its delay. */
function manualTimer() {
  let pending: { fire: () => void; ms: number } | null = null;
  const timer: BackupTimer = {
    set(fire, ms) {
      pending = { fire, ms };
      return pending;
    },
    clear(handle) {
      if (pending === handle) pending = null;
    },
  };
  return {
    timer,
    get pending() {
      return pending;
    },
  };
}

const settings = (folder: string, more: Partial<{ keep: number; dailyAt: string | null; everyHours: number | null }> = {}) => ({ folder, keep: 14, dailyAt: null, everyHours: null, ...more });

describe('backup → restore round trip', () => {
  it('restores every row of a filled database as it was at the backup; the replaced files are kept aside', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    await fill(t, 40, 'RT');
    await t.call('saveBackupSettings', settings(folder));
    const atBackup = everyRow(t.rows);
    expect(atBackup.lots.length).toBeGreaterThanOrEqual(48);

    const progress = nextCoreEvent(t, 'backupStatus', (s) => s.running === null && s.last?.ok === true);
    const result = await t.call('backupNow', {});
    expect(result).toMatchObject({ ok: true, trigger: 'manual' });
    expect(result.file).toMatch(new RegExp(`^${folder}/yipin-station-${STATION}-\\d{8}-\\d{6}\\.db$`));
    expect((await progress).lastSuccessAt).toBe(result.at);
    expect(statSync(result.file!).size).toBe(result.bytes);
    expect(statSync(result.file!).mode & 0o777).toBe(0o600);
    // One self-contained database file (no temporary, no -wal or -shm) and the station's secret
    // file beside it, 0600 and byte for byte: the key no longer travels inside station.db.
    const name = result.file!.slice(folder.length + 1);
    const companion = name.replace(/\.db$/, '.secrets.json');
    expect(readdirSync(folder).sort()).toEqual([name, companion]);
    expect(statSync(join(folder, companion)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(folder, companion))).toEqual(readFileSync(join(t.dir, 'secrets.json')));
    expect(await t.call('listBackups', {})).toEqual([expect.objectContaining({ path: result.file, stationId: STATION, bytes: result.bytes })]);

    await fill(t, 3, 'AFTER');
    const lotsBeforeRestore = t.rows('select count(*) as n from lots')[0].n;
    expect(lotsBeforeRestore).toBe(atBackup.lots.length + 4);

    const seen = await t.call('inspectBackup', { path: result.file! });
    expect(seen).toMatchObject({ stationId: STATION, lots: atBackup.lots.length, entries: atBackup.entry_checks.length, otherStation: false });
    expect(await apiError(t.call('restoreBackup', { path: result.file!, pin: '999999' }))).toMatchObject({ code: 'badPin' });
    const restored = await t.call('restoreBackup', { path: result.file!, pin: ADMIN_PIN });
    expect(restored.keptIn).toBe(join(t.dir, 'replaced'));

    // The station reopened on the restored file: the old session ended with the old core.
    expect(await apiError(t.call('getStation', {}, t.session))).toMatchObject({ code: 'notSignedIn' });
    t.session = (await signInAdmin(t.core)).sessionId;
    expect((await t.call('getStation', {})).stationId).toBe(STATION);
    expect(everyRow(t.rows)).toEqual(atBackup);

    // Undoable: the replaced database, with the lots taken after the backup, sits in replaced/.
    const aside = readdirSync(join(t.dir, 'replaced')).filter((f) => f.endsWith('.db'));
    expect(aside).toHaveLength(1);
    const old = new Database(join(t.dir, 'replaced', aside[0]), { readonly: true });
    expect((old.prepare('select count(*) as n from lots').get() as { n: number }).n).toBe(lotsBeforeRestore);
    old.close();
    expect(existsSync(join(t.dir, 'station.db.restore'))).toBe(false);
  });

  it('refuses a file that is not a station database, with a clear reason, and changes nothing', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    const text = join(folder, 'notes.db');
    writeFileSync(text, '这不是数据库 '.repeat(500));
    const other = join(folder, 'other.db');
    const db = new Database(other);
    db.exec('create table x (a)');
    db.close();
    for (const path of [text, other]) {
      expect(await apiError(t.call('restoreBackup', { path, pin: ADMIN_PIN }))).toMatchObject({ code: 'badRequest', params: { reason: 'backupNotStation' } });
    }
    expect(await apiError(t.call('restoreBackup', { path: join(folder, 'gone.db'), pin: ADMIN_PIN }))).toMatchObject({ code: 'notFound', params: { reason: 'backupFileMissing' } });
    expect(existsSync(join(t.dir, 'station.db.restore'))).toBe(false);
    expect((await t.call('getStation', {})).stationId).toBe(STATION);
  });

  it("asks for an explicit confirmation before restoring another station's backup", async () => {
    const other = await startTestCore();
    cleanup.push(() => other.close());
    await other.call('setStationId', { stationId: '3050199', name: '另一站' });
    const folder = tempDir('usb-');
    await other.call('saveBackupSettings', settings(folder));
    const theirs = await other.call('backupNow', {});
    const t = await station();
    expect(await apiError(t.call('restoreBackup', { path: theirs.file!, pin: ADMIN_PIN }))).toMatchObject({ code: 'conflict', params: { reason: 'backupOtherStation', stationId: '3050199' } });
    expect((await t.call('inspectBackup', { path: theirs.file! })).otherStation).toBe(true);
    await t.call('restoreBackup', { path: theirs.file!, pin: ADMIN_PIN, otherStation: true });
    t.session = (await signInAdmin(t.core)).sessionId;
    expect((await t.call('getStation', {})).stationId).toBe('3050199');
  });
});

describe('rotation', () => {
  it("keeps exactly this station's newest N backups (with their companion files) and leaves every other file", async () => {
    let now = new Date(2026, 11, 4, 9, 0, 0);
    const folder = tempDir('usb-');
    const keyFile = join(tempDir('data-'), 'station.key');
    writeFileSync(keyFile, 'secret', { mode: 0o600 });
    const t = await station({ now: () => now, backup: { extraFiles: [keyFile, join(folder, 'absent.file')] } });
    const foreign = ['notes.txt', `yipin-station-9999999-20200101-000000.db`, `yipin-station-${STATION}-copy.db`, 'yipin-station-unset-20200101-000000.db'];
    for (const f of foreign) writeFileSync(join(folder, f), 'not ours');
    await t.call('saveBackupSettings', settings(folder, { keep: 3 }));
    const taken: string[] = [];
    for (let i = 0; i < 5; i++) {
      now = new Date(now.getTime() + 61_000);
      taken.push((await t.call('backupNow', {})).file!);
    }
    const ours = taken.slice(2).map((p) => p.slice(folder.length + 1));
    const companions = ours.map((n) => n.replace(/\.db$/, '.station.key'));
    expect(readdirSync(folder).sort()).toEqual([...foreign, ...ours, ...companions].sort());
    expect(readFileSync(join(folder, companions[2]), 'utf8')).toBe('secret');
    expect(statSync(join(folder, companions[2])).mode & 0o777).toBe(0o600);
    expect((await t.call('listBackups', {})).map((b) => b.fileName)).toEqual([...ours].reverse());
  });

  it('a second backup in the same second gets its own name', async () => {
    const now = new Date(2026, 11, 4, 9, 0, 0);
    const folder = tempDir('usb-');
    const t = await station({ now: () => now });
    await t.call('saveBackupSettings', settings(folder));
    const a = await t.call('backupNow', {});
    const b = await t.call('backupNow', {});
    expect(b.file).not.toBe(a.file);
    expect(b.file).toMatch(/-2\.db$/);
  });
});

describe('verify-after-write', () => {
  it('catches a truncated copy and a copy missing rows', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    await fill(t, 60, 'V');
    await t.call('saveBackupSettings', settings(folder));
    const good = (await t.call('backupNow', {})).file!;
    const facts = await inspectBackupFile(good);
    const expected = { stationId: STATION, migrationAt: facts.migrationAt, before: facts.counts, after: facts.counts };
    await verifySnapshot(good, expected);

    const cut = join(folder, 'cut.db');
    copyFileSync(good, cut);
    truncateSync(cut, Math.floor(statSync(good).size / 2));
    await expect(verifySnapshot(cut, expected)).rejects.toMatchObject({ code: 'conflict', params: { reason: 'backupVerifyFailed' } });

    // A copy with fewer lots than were there before it began.
    await expect(verifySnapshot(good, { ...expected, before: { ...facts.counts, lots: facts.counts.lots + 1 }, after: { ...facts.counts, lots: facts.counts.lots + 1 } })).rejects.toThrow(/lots/);
  });

  it('copies on the calling thread too (the fallback when no worker can run), checked the same way', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    await fill(t, 10, 'H');
    const db = new Database(join(t.dir, 'station.db'));
    try {
      const snap = await writeSnapshot(db, { folder, stationId: STATION, at: new Date(2026, 11, 4, 9, 0, 0), extraFiles: [], inWorker: false });
      expect(snap.fileName).toBe(`yipin-station-${STATION}-20261204-090000.db`);
      expect((await inspectBackupFile(snap.path)).counts.lots).toBe(t.rows('select count(*) as n from lots')[0].n);
    } finally {
      db.close();
    }
  });

  it('a folder that is not there (USB disk unplugged) fails with a reason, is not created, and is shown as the last result', async () => {
    const t = await station();
    const folder = join(tempDir('usb-'), 'unplugged');
    await t.call('saveBackupSettings', settings(folder));
    expect(await apiError(t.call('backupNow', {}))).toMatchObject({ params: { reason: 'backupFolderUnusable', detail: 'ENOENT' } });
    expect(existsSync(folder)).toBe(false);
    expect((await t.call('getBackupStatus', {})).last).toMatchObject({ ok: false, reason: 'backupFolderUnusable' });
    await t.call('saveBackupSettings', settings(''));
    expect(await apiError(t.call('backupNow', {}))).toMatchObject({ params: { reason: 'backupNoFolder' } });
    // A relative folder would land wherever the station was started from.
    expect(await apiError(t.call('saveBackupSettings', settings('backups')))).toMatchObject({ code: 'badRequest', issues: [{ path: 'folder', code: 'absolutePath' }] });
    expect(await apiError(t.call('saveBackupSettings', settings(folder, { dailyAt: '24:00' })))).toMatchObject({ issues: [{ path: 'dailyAt', code: 'timeOfDay' }] });
    await t.call('saveBackupSettings', settings('E:\\备份'));
    expect((await t.call('getBackupStatus', {})).settings.folder).toBe('E:\\备份');
  });
});

describe('scheduled backups', () => {
  it('fire at the daily time (catching up a missed one at start) and every N hours, on the injected timer', async () => {
    let now = new Date(2026, 11, 4, 11, 0, 0);
    const folder = tempDir('usb-');
    const clock = manualTimer();
    const t = await station({ now: () => now, backup: { timer: clock.timer } });
    expect(clock.pending).toBeNull();
    await t.call('saveBackupSettings', settings(folder, { dailyAt: '12:00' }));
    // Never backed up: yesterday's 12:00 was missed, so one is due now.
    expect(clock.pending?.ms).toBe(0);
    let done = nextCoreEvent(t, 'backupStatus', (s) => s.last?.trigger === 'scheduled');
    clock.pending!.fire();
    expect((await done).last).toMatchObject({ ok: true, at: expect.stringMatching(/^2026-12-04T11:00:00/) });
    let status = await t.call('getBackupStatus', {});
    expect(status.nextDueAt).toMatch(/^2026-12-04T12:00:00/);
    expect(clock.pending?.ms).toBe(3_600_000);

    now = new Date(2026, 11, 4, 12, 0, 0);
    done = nextCoreEvent(t, 'backupStatus', (s) => s.last?.at.startsWith('2026-12-04T12:00') === true);
    clock.pending!.fire();
    expect((await done).last?.file).toMatch(/-20261204-120000\.db$/);
    expect((await t.call('getBackupStatus', {})).nextDueAt).toMatch(/^2026-12-05T12:00:00/);

    // Every 4 hours as well: due 4 h after the last success.
    status = await t.call('saveBackupSettings', settings(folder, { dailyAt: '12:00', everyHours: 4 }));
    expect(status.nextDueAt).toMatch(/^2026-12-04T16:00:00/);
    expect((await t.call('listBackups', {})).length).toBe(2);
  });

  it('after a failed scheduled backup the next try waits 15 minutes instead of looping', async () => {
    const now = new Date(2026, 11, 4, 11, 0, 0);
    const clock = manualTimer();
    const t = await station({ now: () => now, backup: { timer: clock.timer } });
    await t.call('saveBackupSettings', settings(join(tmpdir(), 'no-such-usb-disk-here'), { everyHours: 1 }));
    const failed = nextCoreEvent(t, 'backupStatus', (s) => s.last?.ok === false);
    clock.pending!.fire();
    expect((await failed).nextDueAt).toMatch(/^2026-12-04T11:15:00/);
    expect(clock.pending?.ms).toBe(15 * 60_000);
  });
});

/** Overwrites the middle of a leaf page in the middle of `table`'s b-tree (the file closed). */
function corruptLeafPage(dir: string, table: string) {
  const path = join(dir, 'station.db');
  const db = new Database(path);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db.prepare("select pageno from dbstat where name = ? and pagetype = 'leaf' order by pageno").all(table) as { pageno: number }[];
  db.close();
  expect(leaves.length).toBeGreaterThan(2);
  const bytes = readFileSync(path);
  const start = (leaves[Math.floor(leaves.length / 2)].pageno - 1) * pageSize;
  bytes.fill(0xa5, start + 8, start + pageSize / 2);
  writeFileSync(path, bytes);
}

describe('a damaged database file at start', () => {
  it('opens the recovery state (no crash, nothing served), and a backup restores the station', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    await fill(t, 80, 'D');
    await t.call('saveBackupSettings', settings(folder));
    const good = (await t.call('backupNow', {})).file!;
    const lots = t.rows('select count(*) as n from lots')[0].n;
    await t.core.close();

    corruptLeafPage(t.dir, 'lots');

    const core = await createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(t.dir, 'machine-ids.json') });
    t.core = core;
    // Found before serving (start-up reads hit the page) or by the page check beside the counter.
    expect(['notRun', 'damaged']).toContain(await core.pageCheck!());
    const refused = await core.dispatch('setupStatus', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'storeDamaged' } });
    expect(await core.dispatch('listOperators', {})).toMatchObject({ ok: false, error: { code: 'storeDamaged' } });
    const status = await core.dispatch('recoveryStatus', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'damaged', folder, dataDir: t.dir, backups: [expect.objectContaining({ path: good })] } });
    expect((status as { value: { problems: string[] } }).value.problems.length).toBeGreaterThan(0);

    expect(await core.dispatch('recoverFromBackup', { path: good, pin: '999999' })).toMatchObject({ ok: false, error: { code: 'badPin', params: { reason: 'backupNoAdmin' } } });
    expect(await core.dispatch('recoverFromBackup', { path: good, pin: ADMIN_PIN })).toMatchObject({ ok: true, value: { restoredFrom: good } });
    expect(await core.dispatch('recoveryStatus', {})).toMatchObject({ ok: true, value: { state: 'ok' } });
    const { sessionId } = await signInAdmin(core);
    t.session = sessionId;
    expect(t.rows('select count(*) as n from lots')[0].n).toBe(lots);
    expect(t.rows('pragma quick_check')[0].quick_check).toBe('ok');
    // The damaged file is kept aside, not deleted; the restored one passes the page check.
    expect(readdirSync(join(t.dir, 'replaced')).filter((f) => f.endsWith('.db'))).toHaveLength(1);
    expect(await core.pageCheck!()).toBe('ok');
  });

  it('damage in pages the start does not read: the station serves, then the page check switches it to recovery', async () => {
    const t = await station();
    await fill(t, 80, 'B');
    await t.core.close();
    corruptLeafPage(t.dir, 'certificates');
    t.core = await createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(t.dir, 'machine-ids.json') });
    expect(await t.core.dispatch('setupStatus', {})).toMatchObject({ ok: true });
    expect(await t.core.pageCheck!()).toBe('damaged');
    expect(await t.core.dispatch('setupStatus', {})).toMatchObject({ ok: false, error: { code: 'storeDamaged' } });
    const status = await t.core.dispatch('recoveryStatus', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'damaged' } });
    expect(JSON.stringify(status)).toMatch(/Tree|page|malformed/i);
  });

  it('a file cut short or not a database at all opens the recovery state at once', async () => {
    const t = await station();
    await fill(t, 30, 'C');
    await t.core.close();
    const path = join(t.dir, 'station.db');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const options = { dataDir: t.dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(t.dir, 'machine-ids.json') };
    t.core = await createCore(options);
    expect(await t.core.pageCheck!()).toBe('notRun');
    expect(await t.core.dispatch('recoveryStatus', {})).toMatchObject({ ok: true, value: { state: 'damaged', problems: [expect.any(String)] } });
    await t.core.close();
    writeFileSync(path, '数据'.repeat(4096));
    t.core = await createCore(options);
    expect(await t.core.dispatch('setupStatus', {})).toMatchObject({ ok: false, error: { code: 'storeDamaged' } });
  });

  it('a healthy station answers recoveryStatus ok and refuses recoverFromBackup; its page check passes', async () => {
    const t = await station({ pageCheck: true });
    expect(await t.core.pageCheck!()).toBe('ok');
    expect(await t.call('recoveryStatus', {})).toMatchObject({ state: 'ok', problems: [] });
    expect(await apiError(t.call('recoverFromBackup', { path: '/x.db', pin: ADMIN_PIN }))).toMatchObject({ params: { reason: 'storeNotDamaged' } });
  });

  it('reads every page once a day: a start within 24 h of a passed check skips it, a later start checks again', async () => {
    const t = await station({ pageCheck: true });
    expect(await t.core.pageCheck!()).toBe('ok');
    const okAt = Date.parse(JSON.parse(readFileSync(join(t.dir, 'page-check.json'), 'utf8')).okAt);
    expect(Math.abs(okAt - Date.now())).toBeLessThan(60_000);
    await t.core.close();
    const options = { dataDir: t.dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(t.dir, 'machine-ids.json') };
    t.core = await createCore(options);
    expect(await t.core.pageCheck!()).toBe('notRun');
    await t.core.close();
    // A day and a minute later (and a record from the future, after the clock was set back): checked again.
    for (const at of [Date.now() - 24 * 3_600_000 - 60_000, Date.now() + 3_600_000]) {
      writeFileSync(join(t.dir, 'page-check.json'), JSON.stringify({ okAt: new Date(at).toISOString() }));
      t.core = await createCore(options);
      expect(await t.core.pageCheck!()).toBe('ok');
      await t.core.close();
    }
    t.core = await createCore(options);
  });
});

describe('restore pending at start', () => {
  it('a staged restore left by an interrupted restart is applied before the database opens', async () => {
    const t = await station();
    const folder = tempDir('usb-');
    await t.call('saveBackupSettings', settings(folder));
    await fill(t, 2, 'P');
    const good = (await t.call('backupNow', {})).file!;
    await fill(t, 2, 'Q');
    await t.core.close();
    copyFileSync(good, join(t.dir, 'station.db.restore'));
    mkdirSync(join(t.dir, 'replaced'), { recursive: true });
    t.core = await createCore({ dataDir: t.dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(t.dir, 'machine-ids.json') });
    t.session = (await signInAdmin(t.core)).sessionId;
    expect(t.rows('select count(*) as n from lots where id in (select lot_id from entry_checks)')[0].n).toBe((await inspectBackupFile(good)).counts.entry_checks);
    expect(existsSync(join(t.dir, 'station.db.restore'))).toBe(false);
    expect(await t.core.pageCheck!()).toBe('ok');
  });
});
