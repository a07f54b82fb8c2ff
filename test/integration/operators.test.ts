import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/types';
import { MIGRATIONS, USCC } from '../support/core';

let dir: string;
let core: Core;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'operators-'));
  core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, machineRegistryPath: join(dir, 'machine-ids.json'), pageCheck: false });
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

const value = async (method: string, input: unknown, sessionId?: string) => {
  const r = await core.dispatch(method, input, { sessionId });
  if (!r.ok) throw new Error(r.error.code);
  return r.value as any;
};
const errorCode = async (method: string, input: unknown, sessionId?: string) => {
  const r = await core.dispatch(method, input, { sessionId });
  return r.ok ? null : r.error.code;
};

describe('first start and operators', () => {
  it('asks for an admin on first start, creates it once, and refuses a second set-up', async () => {
    expect(await value('setupStatus', {})).toEqual({ needsAdmin: true });
    const s = await value('setupAdmin', { name: '站长', pin: '864213' });
    expect(s.operator).toMatchObject({ name: '站长', role: 'admin', createdBy: null });
    expect(await value('setupStatus', {})).toEqual({ needsAdmin: false });
    expect(await errorCode('setupAdmin', { name: '第二个', pin: '1111' })).toBe('alreadySetUp');
  });

  it('stores only a scrypt hash, and every record names its maker', async () => {
    const admin = await value('setupAdmin', { name: '站长', pin: '864213' });
    const rec = await value('createOperator', { name: '收货员', role: 'receiver', pin: '1357' }, admin.sessionId);
    expect(rec.createdBy).toBe(admin.operator.id);
    const r = await value('signIn', { operatorId: rec.id, pin: '1357' });
    const supplier = await value('saveSubject', { kind: 'supplier', name: '合作社', uscc: USCC.c }, r.sessionId);
    expect(supplier.createdBy).toBe(rec.id);
    const db = new Database(join(dir, 'station.db'), { readonly: true });
    const rows = db.prepare('select pin_hash from operators').all() as { pin_hash: string }[];
    db.close();
    expect(rows.every((x) => x.pin_hash.startsWith('scrypt$') && !x.pin_hash.includes('1357'))).toBe(true);
    // The public picker shows names and roles only.
    expect(Object.keys((await value('listOperators', {}))[0]).sort()).toEqual(['id', 'name', 'role']);
  });

  it('enforces roles per method: a receiver cannot block suppliers, a vendor cannot check entries', async () => {
    const admin = await value('setupAdmin', { name: '站长', pin: '864213' });
    const mk = async (role: string, pin: string) => {
      const o = await value('createOperator', { name: role, role, pin }, admin.sessionId);
      return (await value('signIn', { operatorId: o.id, pin })).sessionId;
    };
    const receiver = await mk('receiver', '1001');
    const vendor = await mk('vendor', '1002');
    const s = await value('saveSubject', { kind: 'supplier', name: '甲' }, receiver);
    expect(await errorCode('setSubjectBlocked', { id: s.id, blocked: true, reason: '抽检不合格' }, receiver)).toBe('forbidden');
    expect(await errorCode('checkEntry', { raw: 'FJ0000000001', source: 'wedge', supplierId: s.id, varietyId: s.id, quantity: 1, unit: 'kg', certificates: [] }, vendor)).toBe('forbidden');
    expect(await errorCode('listSubjects', {})).toBe('notSignedIn');
    expect(await value('signOut', {}, receiver)).toEqual({ ok: true });
    expect(await errorCode('listSubjects', {}, receiver)).toBe('notSignedIn');
  });

  it('validates the USCC check character of a subject', async () => {
    const admin = await value('setupAdmin', { name: '站长', pin: '864213' });
    const bad = await core.dispatch('saveSubject', { kind: 'supplier', name: '乙', uscc: USCC.a.slice(0, 17) + '0' }, { sessionId: admin.sessionId });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'badRequest', issues: [{ path: 'uscc', code: 'uscc.checkChar' }] });
    expect(await value('listSubjects', {}, admin.sessionId)).toEqual([]);
  });
});
