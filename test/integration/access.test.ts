import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, ROLES, type Access, type Role } from '../../shared/contract';
import { DECLARED_ACCESS } from '../fixtures/access';
import { startTestCore, type TestCore } from '../support/core';

let t: TestCore;
const sessions = new Map<Role, string>();

beforeAll(async () => {
  t = await startTestCore();
  sessions.set('admin', t.session);
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const op = await t.call('createOperator', { name: `权限-${role}`, role, pin: '432198' });
    sessions.set(role, (await t.call('signIn', { operatorId: op.id, pin: '432198' })).sessionId);
  }
});
afterAll(() => t.close());

const allowed = (method: keyof typeof DECLARED_ACCESS, role: Role | null) => {
  const access = DECLARED_ACCESS[method];
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'signedIn' || access.includes(role);
};

/** The error code of a call with an input no method accepts: the handler never runs, nothing changes. */
async function codeOf(method: string, sessionId: string | undefined) {
  const envelope = await t.core.dispatch(method, 'probe', { sessionId });
  return envelope.ok ? 'ok' : envelope.error.code;
}

describe('every method × every role, as declared', () => {
  it('declares every method of the contract, and the contract says what the table says', () => {
    expect(Object.keys(DECLARED_ACCESS).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) {
      for (const role of ROLES) {
        const access: Access = contract[method].access;
        const byContract = access === 'public' || access === 'signedIn' || access.includes(role) || role === 'admin';
        expect(byContract, `${method} as ${role}`).toBe(allowed(method, role));
      }
    }
  });

  it.each(METHOD_NAMES)('%s: refused for roles it does not name and without a session, checked before its input', async (method) => {
    for (const role of [...ROLES, null]) {
      const code = await codeOf(method, role ? sessions.get(role) : undefined);
      const expected = allowed(method, role) ? 'badRequest' : role === null ? 'notSignedIn' : 'forbidden';
      expect(code, `${method} as ${role ?? 'nobody'}`).toBe(expected);
    }
  });
});
