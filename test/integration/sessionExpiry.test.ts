import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError, startTestCore, type TestCore } from '../support/core';

/**
 * A counter left signed in is an open door: sessions end after the configured idle minutes (on
 * the core's clock, so no test sleeps), and when an operator is disabled or given a new PIN. The
 * refusal says why, so the counter can tell the person in front of it.
 */
let t: TestCore;
let now = Date.parse('2026-11-25T08:00:00+08:00');
const MINUTE = 60_000;

beforeEach(async () => {
  now = Date.parse('2026-11-25T08:00:00+08:00');
  t = await startTestCore({ now: () => new Date(now) });
});
afterEach(() => t.close());

async function vendor(pin = '1357') {
  const operator = await t.call('createOperator', { name: '陈摊主', role: 'vendor', pin });
  const session = await t.call('signIn', { operatorId: operator.id, pin });
  return { operator, session };
}

describe('idle sign-out', () => {
  it('ends a session idle for 30 minutes by default; each call keeps it alive', async () => {
    const { session } = await vendor();
    expect(session.idleMinutes).toBe(30);
    now += 29 * MINUTE;
    expect(await t.call('listCategories', {}, session.sessionId)).not.toHaveLength(0);
    now += 29 * MINUTE;
    expect(await t.call('listCategories', {}, session.sessionId)).not.toHaveLength(0);
    now += 30 * MINUTE + 1;
    expect(await apiError(t.call('listCategories', {}, session.sessionId))).toMatchObject({ code: 'notSignedIn', params: { reason: 'sessionIdle', minutes: 30 } });
    // Gone for good: a second call gets the plain answer.
    expect(await apiError(t.call('listCategories', {}, session.sessionId))).toMatchObject({ code: 'notSignedIn' });
  });

  it('takes the idle minutes from the settings, from the next call on', async () => {
    const { session } = await vendor();
    const settings = await t.call('getSettings', {});
    expect(settings.signIn.idleMinutes).toBe(30);
    expect(await apiError(t.call('saveSettings', { ...settings, signIn: { idleMinutes: 0 } }))).toMatchObject({ code: 'badRequest' });
    await t.call('saveSettings', { ...settings, signIn: { idleMinutes: 5 } });
    now += 5 * MINUTE + 1;
    expect(await apiError(t.call('listCategories', {}, session.sessionId))).toMatchObject({ code: 'notSignedIn', params: { reason: 'sessionIdle', minutes: 5 } });
  });
});

describe('sessions ended by the admin', () => {
  it('says the account was disabled', async () => {
    const { operator, session } = await vendor();
    await t.call('setOperatorActive', { id: operator.id, active: false });
    expect(await apiError(t.call('listCategories', {}, session.sessionId))).toMatchObject({ code: 'notSignedIn', params: { reason: 'operatorDisabled' } });
  });

  it('says the PIN was changed', async () => {
    const { operator, session } = await vendor();
    await t.call('resetOperatorPin', { id: operator.id, pin: '975310' });
    expect(await apiError(t.call('listCategories', {}, session.sessionId))).toMatchObject({ code: 'notSignedIn', params: { reason: 'pinChanged' } });
  });

  it('gives an unknown session (a restart, a sign-out) no reason', async () => {
    const { session } = await vendor();
    await t.call('signOut', {}, session.sessionId);
    const e = await apiError(t.call('listCategories', {}, session.sessionId));
    expect(e.code).toBe('notSignedIn');
    expect(e.params).toBeUndefined();
  });
});
