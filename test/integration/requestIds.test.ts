import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../electron/core/clock';
import { apiError, gs1Scan, sourceCodedLot, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * A client that timed out and retried must not get a second code: writes that issue codes take
 * the client's request id, and the same id from the same operator answers the first result again.
 */
let t: TestCore;
let parentRaw: string;
const today = localDay(new Date());
const REQ_A = '01JD0000000000000000000AAA';
const REQ_B = '5f0c6a2e-8d0b-4c1e-9a57-0d6c1b2f3a4e';

const count = (table: string) => t.rows(`select count(*) n from ${table}`)[0]!.n as number;

beforeEach(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  parentRaw = gs1Scan('1', 'REQ1');
  await t.call('checkEntry', {
    raw: parentRaw,
    source: 'wedge',
    supplierId: supplier.id,
    varietyId: cabbage.id,
    quantity: 10,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: 'C-REQ1', issuer: '南安合作社', issueDate: today },
      { type: 'testReport', number: 'T-REQ1', issuer: '检测站', issueDate: today },
    ],
  });
});
afterEach(() => t.close());

describe('a retried split', () => {
  it('answers the first result again for the same request id: one child code, one label, one upload record', async () => {
    const before = { lots: count('lots'), jobs: count('print_jobs'), outbox: count('outbox') };
    const first = await t.call('splitLot', { parentRaw, quantity: 1.5, unit: 'kg', closing: false, requestId: REQ_A });
    const retry = await t.call('splitLot', { parentRaw, quantity: 1.5, unit: 'kg', closing: false, requestId: REQ_A });
    expect(retry).toEqual(first);
    expect({ lots: count('lots'), jobs: count('print_jobs'), outbox: count('outbox') }).toEqual({ lots: before.lots + 1, jobs: before.jobs + 1, outbox: before.outbox + 1 });
    expect(t.rows('select quantity from lots where parent_lot_id is not null')).toEqual([{ quantity: 1.5 }]);
  });

  it('issues a new code for a different request id, and for none', async () => {
    const a = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_A });
    const b = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_B });
    const c = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false });
    expect(new Set([a.code, b.code, c.code]).size).toBe(3);
    expect(c.parentRemaining).toBe(7);
  });

  it('issues one code for concurrent duplicates', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.call('splitLot', { parentRaw, quantity: 2, unit: 'kg', closing: false, requestId: REQ_A })));
    expect(new Set(answers.map((a) => a.code)).size).toBe(1);
    expect(t.rows('select count(*) n from lots where parent_lot_id is not null')[0]!.n).toBe(1);
    expect(answers.every((a) => a.parentRemaining === 8)).toBe(true);
  });

  it('answers a retried closing sale with its code, not with 已售罄', async () => {
    const first = await t.call('splitLot', { parentRaw, quantity: 10, unit: 'kg', closing: true, requestId: REQ_A });
    expect(await t.call('splitLot', { parentRaw, quantity: 10, unit: 'kg', closing: true, requestId: REQ_A })).toEqual(first);
  });

  it('refuses the same id with a different sale, and keeps no id of a refused sale', async () => {
    await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_A });
    expect(await apiError(t.call('splitLot', { parentRaw, quantity: 2, unit: 'kg', closing: false, requestId: REQ_A }))).toMatchObject({ code: 'conflict', params: { reason: 'requestIdReused' } });
    expect((await apiError(t.call('splitLot', { parentRaw, quantity: 50, unit: 'kg', closing: false, requestId: REQ_B }))).params?.reason).toBe('overSplit');
    // The refused sale wrote nothing: the same id with a quantity that fits is a new sale.
    expect((await t.call('splitLot', { parentRaw, quantity: 2, unit: 'kg', closing: false, requestId: REQ_B })).parentRemaining).toBe(7);
  });

  it('keeps request ids per operator: another operator’s same id is their own request', async () => {
    const vendor = await t.call('createOperator', { name: '陈摊主', role: 'receiver', pin: '3579' });
    const { sessionId } = await t.call('signIn', { operatorId: vendor.id, pin: '3579' });
    const mine = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_A });
    const theirs = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_A }, sessionId);
    expect(theirs.code).not.toBe(mine.code);
  });

  it('refuses a request id that is neither a ULID nor a UUID', async () => {
    const e = await apiError(t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: 'again' }));
    expect(e).toMatchObject({ code: 'badRequest', issues: [{ path: 'requestId', code: 'requestId' }] });
    expect(count('lots')).toBe(1);
  });
});

describe('kept answers', () => {
  it('are dropped a week on, when the station starts', async () => {
    await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, requestId: REQ_A });
    expect(count('client_requests')).toBe(1);
    t.core.close();
    const later = Date.now() + 8 * 86_400_000;
    t = await startTestCore({ dir: t.dir, now: () => new Date(later) });
    expect(count('client_requests')).toBe(0);
  });
});

describe('a retried 源头赋码 entry', () => {
  it('issues the lot one code and queues one crate label', async () => {
    const input = async () => {
      const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0]!;
      const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
      return {
        assignCode: true,
        source: 'manual' as const,
        supplierId: supplier.id,
        varietyId: cabbage.id,
        quantity: 30,
        unit: 'kg' as const,
        certificates: [{ type: 'commitment' as const, number: 'PAPER-1', issuer: '农户老王', issueDate: today }],
        requestId: REQ_A,
      };
    };
    const sent = await input();
    const first = await t.call('checkEntry', sent);
    const retry = await t.call('checkEntry', sent);
    expect(retry).toEqual(first);
    expect(t.rows(`select count(*) n from lots where code_kind = 'own'`)[0]!.n).toBe(1);
    expect(t.rows(`select count(*) n from print_jobs where purpose = 'crate'`)[0]!.n).toBe(1);
    // Without an id, a second delivery is a second lot.
    await sourceCodedLot(t);
    expect(t.rows(`select count(*) n from lots where code_kind = 'own'`)[0]!.n).toBe(2);
  });
});
