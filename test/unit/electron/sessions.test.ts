import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../shared/contract';
import { hashPin, verifyPin } from '../../../electron/services/pin';
import { createSessions } from '../../../electron/services/sessions';

const op: Operator = { id: '01JABCDEFGHJKMNPQRSTVWXYZ0', name: '王', role: 'receiver', active: true, stallId: null, createdAt: '2026-11-25T08:00:00.000+08:00', createdBy: null };

describe('sessions', () => {
  it('ends after the idle minutes, each use keeping it alive, and tells why once', () => {
    let now = 0;
    const s = createSessions(
      () => now,
      () => 30,
    );
    const id = s.open(op);
    now += 29 * 60_000;
    expect(s.operatorFor(id)?.name).toBe('王');
    now += 29 * 60_000;
    expect(s.operatorFor(id)?.name).toBe('王');
    now += 30 * 60_000 + 1;
    expect(s.operatorFor(id)).toBeNull();
    expect(s.endedWhy(id)).toEqual({ reason: 'sessionIdle', minutes: 30 });
    expect(s.endedWhy(id)).toBeNull();
    expect(s.operatorFor(undefined)).toBeNull();
  });

  it('keeps at most a thousand why-ended notes', () => {
    let now = 0;
    const s = createSessions(
      () => now,
      () => 1,
    );
    const ids = Array.from({ length: 1001 }, () => s.open(op));
    now += 60_001;
    for (const id of ids) s.operatorFor(id);
    expect(s.endedWhy(ids[0])).toBeNull();
    expect(s.endedWhy(ids[1000])).toMatchObject({ reason: 'sessionIdle' });
  });

  it('closes on sign-out', () => {
    const s = createSessions();
    const id = s.open(op);
    s.close(id);
    expect(s.operatorFor(id)).toBeNull();
  });
});

describe('sessions of an edited or disabled operator', () => {
  it('end all of the operator’s sessions but the one kept, and no one else’s', () => {
    const s = createSessions();
    const other = { ...op, id: '01JABCDEFGHJKMNPQRSTVWXYZ1', name: '李' };
    const [a, b, c] = [s.open(op), s.open(op), s.open(other)];
    s.endFor(op.id, { reason: 'operatorDisabled' }, b);
    expect([s.operatorFor(a), s.operatorFor(b)?.name, s.operatorFor(c)?.name]).toEqual([null, '王', '李']);
  });

  it('take an edit (role, stall) from the next call on', () => {
    const s = createSessions();
    const id = s.open(op);
    s.refresh({ ...op, role: 'vendor', stallId: '01JSTALLAAAAAAAAAAAAAAAAAA' });
    expect(s.operatorFor(id)).toMatchObject({ role: 'vendor', stallId: '01JSTALLAAAAAAAAAAAAAAAAAA' });
  });
});

describe('PIN hashes', () => {
  it('are salted scrypt hashes that verify only the right PIN', async () => {
    const a = await hashPin('2468');
    const b = await hashPin('2468');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('2468');
    expect(await verifyPin('2468', a)).toBe(true);
    expect(await verifyPin('2469', a)).toBe(false);
    expect(await verifyPin('2468', 'plain$2468')).toBe(false);
  });
});
