import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import { hashPin } from '../../electron/services/pin';
import { apiError, MIGRATIONS, startTestCore, type TestCore } from '../support/core';

/**
 * PINs are four digits: without a limit they fall to guessing in minutes. Five wrong PINs in a row
 * slow the operator's next tries down (30 s, doubling), ten lock the account until a manager or
 * admin unlocks it; every wrong PIN is recorded (who, when, sign-in or witness). All on the core's
 * clock: no test sleeps.
 */
let t: TestCore;
let now = Date.parse('2026-11-25T08:00:00+08:00');
const SECOND = 1000;

beforeEach(async () => {
  now = Date.parse('2026-11-25T08:00:00+08:00');
  t = await startTestCore({ now: () => new Date(now) });
});
afterEach(() => t.close());

async function operator(role: 'vendor' | 'inspector' | 'manager', name: string, pin: string) {
  const op = await t.call('createOperator', { name, role, pin });
  return { ...op, pin, signIn: (p = pin) => t.call('signIn', { operatorId: op.id, pin: p }) };
}
const failures = (id: string) => t.rows('select kind from pin_failures where operator_id = ? order by at', id).map((r) => r.kind);

describe('wrong PINs at sign-in', () => {
  it('slow the operator down after 5 in a row and lock the account at 10, each one recorded', async () => {
    const vendor = await operator('vendor', '陈摊主', '1357');
    for (let i = 0; i < 4; i++) expect((await apiError(vendor.signIn('0000'))).code).toBe('badPin');
    expect(await apiError(vendor.signIn('0001'))).toMatchObject({ code: 'pinWait', params: { seconds: 30 } });
    // While waiting even the right PIN is not tried.
    now += 29 * SECOND;
    expect(await apiError(vendor.signIn())).toMatchObject({ code: 'pinWait', params: { seconds: 1 } });
    expect(failures(vendor.id)).toHaveLength(5);
    // Each further wrong PIN doubles the wait: 60, 120, 240, 480 s.
    for (const wait of [60, 120, 240, 480]) {
      now += 2 * wait * SECOND;
      expect(await apiError(vendor.signIn('0002'))).toMatchObject({ code: 'pinWait', params: { seconds: wait } });
    }
    now += 1000 * SECOND;
    expect((await apiError(vendor.signIn('0003'))).code).toBe('pinLocked');
    now += 86_400 * SECOND;
    expect((await apiError(vendor.signIn())).code).toBe('pinLocked');
    expect(failures(vendor.id)).toEqual(Array(10).fill('signIn'));
    expect(t.rows('select pin_failures, pin_locked_at is not null locked from operators where id = ?', vendor.id)).toEqual([{ pin_failures: 10, locked: 1 }]);
  });

  it('start counting again after the right PIN', async () => {
    const vendor = await operator('vendor', '陈摊主', '1357');
    for (let i = 0; i < 4; i++) await apiError(vendor.signIn('0000'));
    expect((await vendor.signIn()).operator.id).toBe(vendor.id);
    for (let i = 0; i < 4; i++) expect((await apiError(vendor.signIn('0000'))).code).toBe('badPin');
    expect(failures(vendor.id)).toHaveLength(8);
  });

  it('are tried one at a time per operator: 20 guesses at once check only 5', async () => {
    const vendor = await operator('vendor', '陈摊主', '1357');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => apiError(vendor.signIn(String(1000 + i)))));
    expect(answers.filter((a) => a.code === 'badPin')).toHaveLength(4);
    expect(answers.filter((a) => a.code === 'pinWait')).toHaveLength(16);
    expect(failures(vendor.id)).toHaveLength(5);
  });

  it('follow the thresholds in the settings', async () => {
    const settings = await t.call('getSettings', {});
    expect(settings.pinGuard).toEqual({ delayAfterFailures: 5, lockAfterFailures: 10 });
    expect(await apiError(t.call('saveSettings', { ...settings, pinGuard: { delayAfterFailures: 5, lockAfterFailures: 5 } }))).toMatchObject({
      code: 'badRequest',
      issues: [{ path: 'pinGuard.lockAfterFailures', code: 'notAfterDelay' }],
    });
    await t.call('saveSettings', { ...settings, pinGuard: { delayAfterFailures: 2, lockAfterFailures: 3 } });
    const vendor = await operator('vendor', '陈摊主', '1357');
    expect((await apiError(vendor.signIn('0000'))).code).toBe('badPin');
    expect((await apiError(vendor.signIn('0000'))).code).toBe('pinWait');
    now += 60 * SECOND;
    expect((await apiError(vendor.signIn('0000'))).code).toBe('pinLocked');
  });
});

describe('a witness PIN', () => {
  it('is no second oracle: wrong witness PINs count against the witness, recorded as witness', async () => {
    const inspector = await operator('inspector', '林检测', '3579');
    const manager = await operator('manager', '王经理', '864213');
    const session = (await inspector.signIn()).sessionId;
    const witness = (pin: string) => t.call('checkDisposalPin', { who: 'witness', witnessId: manager.id, pin }, session);
    for (let i = 0; i < 4; i++) expect(await apiError(witness('0000'))).toMatchObject({ code: 'badPin', params: { reason: 'witnessPin' } });
    expect(await apiError(witness('0000'))).toMatchObject({ code: 'pinWait', params: { whose: 'witnessPin', seconds: 30 } });
    // The same count at sign-in: the witness waits there too.
    expect((await apiError(manager.signIn())).code).toBe('pinWait');
    expect(failures(manager.id)).toEqual(Array(5).fill('witness'));
    // The operator's own PIN, confirmed again at disposal, counts as well.
    expect(await apiError(t.call('checkDisposalPin', { who: 'operator', pin: '0000' }, session))).toMatchObject({ code: 'badPin', params: { reason: 'operatorPin' } });
    expect(failures(inspector.id)).toEqual(['confirm']);
  });
});

describe('unlocking', () => {
  async function lockedVendor() {
    await t.call('saveSettings', { ...(await t.call('getSettings', {})), pinGuard: { delayAfterFailures: 1, lockAfterFailures: 2 } });
    const vendor = await operator('vendor', '陈摊主', '1357');
    await apiError(vendor.signIn('0000'));
    now += 60 * SECOND;
    expect((await apiError(vendor.signIn('0000'))).code).toBe('pinLocked');
    return vendor;
  }

  it('is for a manager or an admin; the account shows locked until then, and who unlocked is recorded', async () => {
    const vendor = await lockedVendor();
    expect((await t.call('listOperatorAccounts', {})).find((o) => o.id === vendor.id)).toMatchObject({ pinLocked: true });
    const manager = await operator('manager', '王经理', '864213');
    const managerSession = (await manager.signIn()).sessionId;
    const other = await operator('vendor', '李摊主', '2468');
    const otherSession = (await other.signIn()).sessionId;
    expect((await apiError(t.call('unlockOperator', { id: vendor.id }, otherSession))).code).toBe('forbidden');

    const unlocked = await t.call('unlockOperator', { id: vendor.id }, managerSession);
    expect(unlocked).toMatchObject({ id: vendor.id, pinLocked: false });
    expect(t.rows('select operator_id, by from pin_unlocks')).toEqual([{ operator_id: vendor.id, by: manager.id }]);
    expect((await vendor.signIn()).operator.id).toBe(vendor.id);
    // The failures stay on record; the count starts again.
    expect(failures(vendor.id)).toHaveLength(2);
    expect(t.rows('select pin_failures, pin_locked_at from operators where id = ?', vendor.id)).toEqual([{ pin_failures: 0, pin_locked_at: null }]);
  });

  it('refuses an account that is not locked, changing nothing', async () => {
    const vendor = await operator('vendor', '陈摊主', '1357');
    expect(await apiError(t.call('unlockOperator', { id: vendor.id }))).toMatchObject({ code: 'conflict', params: { reason: 'notLocked' } });
    expect(t.rows('select count(*) n from pin_unlocks')[0]!.n).toBe(0);
  });
});

describe('PINs of managers and admins', () => {
  it('need at least 6 digits when set or changed; other roles keep 4', async () => {
    const short = { path: 'pin', code: 'pinTooShortForRole' };
    expect(await apiError(t.call('createOperator', { name: '王经理', role: 'manager', pin: '1357' }))).toMatchObject({
      code: 'badRequest',
      params: { reason: 'pinTooShortForRole', digits: 6 },
      issues: [short],
    });
    expect(await apiError(t.call('createOperator', { name: '副站长', role: 'admin', pin: '13579' }))).toMatchObject({ code: 'badRequest', issues: [short] });
    expect(t.rows(`select count(*) n from operators where role in ('manager', 'admin')`)[0]!.n).toBe(1);
    const manager = await t.call('createOperator', { name: '王经理', role: 'manager', pin: '135790' });
    expect(await apiError(t.call('resetOperatorPin', { id: manager.id, pin: '2468' }))).toMatchObject({ code: 'badRequest', issues: [short] });
    const vendor = await t.call('createOperator', { name: '陈摊主', role: 'vendor', pin: '1357' });
    await t.call('resetOperatorPin', { id: vendor.id, pin: '2468' });
  });

  it('keep working with 4 digits where they were set before', async () => {
    const manager = await t.call('createOperator', { name: '王经理', role: 'manager', pin: '135790' });
    const db = new Database(join(t.dir, 'station.db'));
    db.prepare('update operators set pin_hash = ? where id = ?').run(await hashPin('1357'), manager.id);
    db.close();
    expect((await t.call('signIn', { operatorId: manager.id, pin: '1357' })).operator.role).toBe('manager');
  });

  it('apply to the first admin too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pin-setup-'));
    const core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(dir, 'machine-ids.json'), pageCheck: false });
    try {
      expect(await core.dispatch('setupAdmin', { name: '站长', pin: '1357' })).toMatchObject({ ok: false, error: { code: 'badRequest', issues: [{ path: 'pin', code: 'pinTooShortForRole' }] } });
      expect(await core.dispatch('setupStatus', {})).toEqual({ ok: true, value: { needsAdmin: true } });
      expect(await core.dispatch('setupAdmin', { name: '站长', pin: '135790' })).toMatchObject({ ok: true });
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
