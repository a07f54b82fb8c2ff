import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../electron/core/clock';
import { usccCheckChar } from '../../shared/domain/uscc';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;

beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

/** A code with a right check character, so only its structure can refuse it. */
const withCheck = (first17: string) => first17 + usccCheckChar(first17);

describe('credit codes at the contract', () => {
  it('stores a code typed in full width through a Chinese input method as ASCII', async () => {
    const s = await t.call('saveSubject', { kind: 'supplier', name: '全角合作社', uscc: ' ９１３５０５０２ｍａ２ｙ０ｘｘｘ０４ ' });
    expect(s.uscc).toBe(USCC.b);
    expect(t.rows("select uscc from subjects where name = '全角合作社'")).toEqual([{ uscc: USCC.b }]);
  });

  it.each([
    ['eighteen zeros', '000000000000000000', 'uscc.authority'],
    ['an organisation type 工商 does not register', withCheck('94350100M000100Y4'), 'uscc.orgType'],
    ['no province in the division', withCheck('91990100M000100Y4'), 'uscc.division'],
    ['a wrong check character', '91350100M000100Y44', 'uscc.checkChar'],
  ])('refuses %s with its reason and stores nothing', async (_name, uscc, code) => {
    const before = t.rows('select count(*) n from subjects')[0]!.n;
    const err = await apiError(t.call('saveSubject', { kind: 'supplier', name: '某合作社', uscc }));
    expect(err).toMatchObject({ code: 'badRequest', issues: [{ path: 'uscc', code }] });
    expect(t.rows('select count(*) n from subjects')[0]!.n).toBe(before);
  });
});

describe('a buyer credit code at the counter', () => {
  async function admittedLot(): Promise<string> {
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const today = localDay(new Date());
    const raw = gs1Scan('1', 'BUYER1');
    const certificates = [
      { type: 'commitment' as const, number: 'C-B1', issuer: '南安合作社', issueDate: today },
      { type: 'testReport' as const, number: 'T-B1', issuer: '检测站', issueDate: today },
    ];
    await t.call('checkEntry', { raw, source: 'wedge', supplierId: supplier.id, varietyId: cabbage.id, quantity: 10, unit: 'kg', certificates });
    return raw;
  }

  it('keeps a full-width code as ASCII and refuses a bad one with its own reason, selling nothing', async () => {
    const parentRaw = await admittedLot();
    await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, buyer: { name: '食堂', uscc: '９１３５０５０２ＭＡ２Ｙ０ＸＸＸ０４' } });
    expect(t.rows('select buyer_uscc from splits')).toEqual([{ buyer_uscc: USCC.b }]);
    const err = await apiError(t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false, buyer: { uscc: withCheck('91000000M000100Y4') } }));
    expect(err).toMatchObject({ code: 'badRequest', issues: [{ path: 'buyer.uscc', code: 'uscc.division' }] });
    expect(t.rows('select count(*) n from splits')[0]!.n).toBe(1);
  });
});
