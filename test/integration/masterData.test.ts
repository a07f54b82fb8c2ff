import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, MethodName, Output } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const today = localDay(new Date());
/** A signed-in operator made by the admin: their id and a caller bound to their session. */
async function staff(input: Input<'createOperator'>) {
  const operator = await t.call('createOperator', input);
  const { sessionId } = await t.call('signIn', { operatorId: operator.id, pin: input.pin });
  const as = <M extends MethodName>(method: M, args: Input<M>): Promise<Output<M>> => t.call(method, args, sessionId);
  return { operator, sessionId, as };
}
const count = (table: string) => t.rows(`select count(*) as n from ${table}`)[0].n as number;
const writes = () => ({ operators: count('operators'), lots: count('lots'), splits: count('splits'), jobs: count('print_jobs'), outbox: count('outbox'), assignments: count('stall_assignments') });

describe('operators (操作员)', () => {
  it('refuses a second active operator with the same name, on create, edit and re-enable; a disabled name may be reused', async () => {
    const first = await t.call('createOperator', { name: '王收货', role: 'receiver', pin: '1357' });
    const before = writes();
    expect(await apiError(t.call('createOperator', { name: '王收货', role: 'vendor', pin: '2468' }))).toMatchObject({ code: 'conflict', params: { reason: 'operatorNameTaken', name: '王收货' } });
    expect(writes()).toEqual(before);

    const other = await t.call('createOperator', { name: '李收货', role: 'receiver', pin: '2468' });
    expect(await apiError(t.call('updateOperator', { id: other.id, name: '王收货', role: 'receiver', stallId: null }))).toMatchObject({ params: { reason: 'operatorNameTaken' } });
    expect(t.rows('select name from operators where id = ?', other.id)).toEqual([{ name: '李收货' }]);

    await t.call('setOperatorActive', { id: first.id, active: false });
    const namesake = await t.call('createOperator', { name: '王收货', role: 'receiver', pin: '9753' });
    expect(namesake.active).toBe(true);
    expect(await apiError(t.call('setOperatorActive', { id: first.id, active: true }))).toMatchObject({ code: 'conflict', params: { reason: 'operatorNameTaken' } });
    expect(t.rows('select active from operators where id = ?', first.id)).toEqual([{ active: 0 }]);
  });

  it('ends a disabled operator’s sessions at once: the next call is refused, so is signing in, and the picker drops them', async () => {
    const receiver = await staff({ name: '王收货', role: 'receiver', pin: '1357' });
    expect(await receiver.as('listSubjects', {})).toEqual([]);
    const disabled = await t.call('setOperatorActive', { id: receiver.operator.id, active: false });
    expect(disabled).toMatchObject({ id: receiver.operator.id, active: false });
    expect(await apiError(receiver.as('listSubjects', {}))).toMatchObject({ code: 'notSignedIn' });
    expect(await apiError(t.call('signIn', { operatorId: receiver.operator.id, pin: '1357' }))).toMatchObject({ code: 'badPin' });
    expect((await t.call('listOperators', {})).map((o) => o.name)).not.toContain('王收货');
    // The admin's list still has them, disabled, so they can be enabled again.
    expect((await t.call('listOperatorAccounts', {})).find((o) => o.id === receiver.operator.id)).toMatchObject({ active: false, role: 'receiver' });
    await t.call('setOperatorActive', { id: receiver.operator.id, active: true });
    expect((await t.call('signIn', { operatorId: receiver.operator.id, pin: '1357' })).operator.active).toBe(true);
  });

  it('sets a new PIN: the old PIN is refused, the old session ends, the new PIN signs in', async () => {
    const vendor = await staff({ name: '陈摊主', role: 'vendor', pin: '1357' });
    const hashBefore = t.rows('select pin_hash from operators where id = ?', vendor.operator.id)[0].pin_hash;
    await t.call('resetOperatorPin', { id: vendor.operator.id, pin: '864200' });
    expect(t.rows('select pin_hash from operators where id = ?', vendor.operator.id)[0].pin_hash).not.toBe(hashBefore);
    expect(await apiError(vendor.as('listSubjects', {}))).toMatchObject({ code: 'notSignedIn' });
    expect(await apiError(t.call('signIn', { operatorId: vendor.operator.id, pin: '1357' }))).toMatchObject({ code: 'badPin' });
    expect((await t.call('signIn', { operatorId: vendor.operator.id, pin: '864200' })).operator.name).toBe('陈摊主');
    // The admin who did it stays signed in.
    expect(await t.call('listSubjects', {})).toEqual([]);
  });

  it('never disables or demotes the last active admin, and an admin cannot disable themself', async () => {
    const [admin] = await t.call('listOperatorAccounts', {});
    expect(await apiError(t.call('setOperatorActive', { id: admin.id, active: false }))).toMatchObject({ code: 'conflict', params: { reason: 'selfDisable' } });
    expect(await apiError(t.call('updateOperator', { id: admin.id, name: admin.name, role: 'manager' }))).toMatchObject({ code: 'conflict', params: { reason: 'lastAdmin' } });
    expect(t.rows('select role, active from operators where id = ?', admin.id)).toEqual([{ role: 'admin', active: 1 }]);

    const second = await staff({ name: '副站长', role: 'admin', pin: '975310' });
    expect(await apiError(second.as('setOperatorActive', { id: second.operator.id, active: false }))).toMatchObject({ params: { reason: 'selfDisable' } });
    await second.as('setOperatorActive', { id: admin.id, active: false });
    // Now the second admin is the last one: they may not make themself a manager either.
    expect(await apiError(second.as('updateOperator', { id: second.operator.id, name: '副站长', role: 'manager' }))).toMatchObject({ params: { reason: 'lastAdmin', name: '副站长' } });
    expect(t.rows("select name from operators where role = 'admin' and active = 1")).toEqual([{ name: '副站长' }]);
  });

  it('gives a vendor a stall (only a stall, only a vendor), and an edit counts in the open session at once', async () => {
    const stall = await t.call('saveSubject', { kind: 'stall', name: '5号摊' });
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    expect(await apiError(t.call('createOperator', { name: '王收货', role: 'receiver', pin: '1357', stallId: stall.id }))).toMatchObject({
      code: 'badRequest',
      params: { reason: 'stallOnlyForVendor' },
    });
    expect(await apiError(t.call('createOperator', { name: '陈摊主', role: 'vendor', pin: '1357', stallId: supplier.id }))).toMatchObject({ code: 'badRequest', params: { reason: 'notAStall' } });
    const vendor = await staff({ name: '陈摊主', role: 'vendor', pin: '1357', stallId: stall.id });
    expect(vendor.operator.stallId).toBe(stall.id);
    expect(await apiError(vendor.as('checkEntry', { raw: 'FJ0000000001', source: 'wedge', supplierId: supplier.id, varietyId: supplier.id, quantity: 1, unit: 'kg', certificates: [] }))).toMatchObject(
      { code: 'forbidden' },
    );
    const edited = await t.call('updateOperator', { id: vendor.operator.id, name: '陈收货', role: 'receiver', stallId: null });
    expect(edited).toMatchObject({ name: '陈收货', role: 'receiver', stallId: null });
    // Same session, new role: the receiver's method is no longer forbidden (it fails on its input instead).
    expect(await apiError(vendor.as('checkEntry', { raw: 'FJ0000000001', source: 'wedge', supplierId: supplier.id, varietyId: supplier.id, quantity: 1, unit: 'kg', certificates: [] }))).toMatchObject(
      { code: 'notFound' },
    );
  });
});

describe('varieties (品种)', () => {
  it('lets a manager add and edit a variety, writing its upload row with it; a duplicate name is refused and writes nothing', async () => {
    const manager = await staff({ name: '李经理', role: 'manager', pin: '135790' });
    const receiver = await staff({ name: '王收货', role: 'receiver', pin: '2468' });
    const outbox = count('outbox');
    const egg = await manager.as('saveVariety', { name: '鸡蛋', categoryId: 'poultry', defaultUnit: 'box' });
    expect(egg).toMatchObject({ name: '鸡蛋', categoryId: 'poultry', defaultUnit: 'box' });
    expect(t.rows('select name, category_id, default_unit, created_by from varieties where id = ?', egg.id)).toEqual([
      { name: '鸡蛋', category_id: 'poultry', default_unit: 'box', created_by: manager.operator.id },
    ]);
    expect(t.rows("select o.kind, b.payload from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'variety'").map((r) => JSON.parse(r.payload))).toEqual([
      { varietyId: egg.id, name: '鸡蛋', categoryId: 'poultry', defaultUnit: 'box', by: { id: manager.operator.id, name: '李经理' } },
    ]);
    expect((await receiver.as('listVarieties', {})).map((v) => v.name)).toContain('鸡蛋');

    const before = { outbox: count('outbox'), varieties: count('varieties') };
    expect(before.outbox).toBe(outbox + 1);
    expect(await apiError(manager.as('saveVariety', { name: '白菜', categoryId: 'vegetable', defaultUnit: 'kg' }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'varietyNameTaken', name: '白菜' },
    });
    expect(await apiError(manager.as('saveVariety', { name: '生菜', categoryId: 'nonsense', defaultUnit: 'kg' }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownCategory' } });
    expect(await apiError(receiver.as('saveVariety', { name: '生菜', categoryId: 'vegetable', defaultUnit: 'kg' }))).toMatchObject({ code: 'forbidden' });
    expect({ outbox: count('outbox'), varieties: count('varieties') }).toEqual(before);

    const renamed = await manager.as('saveVariety', { id: egg.id, name: '土鸡蛋', categoryId: 'poultry', defaultUnit: 'piece' });
    expect(renamed).toMatchObject({ id: egg.id, name: '土鸡蛋', defaultUnit: 'piece' });
    expect(count('varieties')).toBe(before.varieties);
  });
});

describe('subjects', () => {
  it('stops suppliers only, and names (with its id) the supplier already holding a credit code', async () => {
    const stall = await t.call('saveSubject', { kind: 'stall', name: '5号摊' });
    expect(await apiError(t.call('setSubjectBlocked', { id: stall.id, blocked: true, reason: '欠费' }))).toMatchObject({ code: 'badRequest', params: { reason: 'onlySuppliersBlocked' } });
    expect(t.rows('select blocked from subjects where id = ?', stall.id)).toEqual([{ blocked: 0 }]);
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    expect(await apiError(t.call('saveSubject', { kind: 'supplier', name: '南安合作社（二）', uscc: USCC.a }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'usccTaken', name: '南安合作社', id: supplier.id },
    });
  });
});

describe('stalls (去向摊位)', () => {
  let stallA: Output<'saveSubject'>;
  let stallB: Output<'saveSubject'>;
  let receiver: Awaited<ReturnType<typeof staff>>;

  /** A 100 kg lot of 白菜 at the gate: admitted with a test report, waiting for its test without. */
  async function gateLot(batch: string, testReport = true) {
    const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0] ?? (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const certificates = [
      { type: 'commitment' as const, number: `C-${batch}`, issuer: '南安合作社', issueDate: today },
      ...(testReport ? [{ type: 'testReport' as const, number: `T-${batch}`, issuer: '检测站', issueDate: today }] : []),
    ];
    const raw = gs1Scan('1', batch);
    const { view } = await receiver.as('checkEntry', { raw, source: 'wedge', supplierId: supplier.id, varietyId: cabbage.id, quantity: 100, unit: 'kg', certificates });
    return { raw, view };
  }

  beforeEach(async () => {
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 收货台' });
    stallA = await t.call('saveSubject', { kind: 'stall', name: '5号摊 陈记蔬菜' });
    stallB = await t.call('saveSubject', { kind: 'stall', name: '8号摊 林记' });
    receiver = await staff({ name: '王收货', role: 'receiver', pin: '1357' });
  });

  it('assigns an admitted or waiting gate lot to a stall with who and when, and its upload record, in one go', async () => {
    const { view } = await gateLot('A1');
    expect(view.stall).toBeNull();
    const assigned = await receiver.as('assignLotStall', { lotId: view.lot.id, stallId: stallA.id });
    expect(assigned.stall).toEqual({ id: stallA.id, name: '5号摊 陈记蔬菜' });
    expect(assigned.lot.stallId).toBe(stallA.id);
    expect(t.rows('select stall_id from lots where id = ?', view.lot.id)).toEqual([{ stall_id: stallA.id }]);
    const [first] = t.rows('select id, stall_id, prior_stall_id, created_by, created_at from stall_assignments');
    expect(first).toMatchObject({ stall_id: stallA.id, prior_stall_id: null, created_by: receiver.operator.id });
    expect(first.created_at.slice(0, 10)).toBe(today);
    const uploads = () => t.rows("select o.id, o.lot_id, b.payload from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'stallAssignment' order by o.seq");
    expect(uploads()).toEqual([{ id: first.id, lot_id: view.lot.id, payload: expect.any(String) }]);
    expect(JSON.parse(uploads()[0].payload)).toMatchObject({
      lot: { id: view.lot.id, code: view.lot.codeKey },
      stall: { id: stallA.id, name: '5号摊 陈记蔬菜' },
      priorStall: null,
      by: { name: '王收货' },
    });

    // The same stall again changes nothing; another stall is a correction that keeps the one before.
    await receiver.as('assignLotStall', { lotId: view.lot.id, stallId: stallA.id });
    expect(count('stall_assignments')).toBe(1);
    await receiver.as('assignLotStall', { lotId: view.lot.id, stallId: stallB.id });
    expect(t.rows('select stall_id, prior_stall_id from stall_assignments order by id')).toEqual([
      { stall_id: stallA.id, prior_stall_id: null },
      { stall_id: stallB.id, prior_stall_id: stallA.id },
    ]);
    expect(uploads()).toHaveLength(2);

    const waiting = await gateLot('A2', false);
    expect(waiting.view.lot.status).toBe('awaitingTest');
    expect((await receiver.as('assignLotStall', { lotId: waiting.view.lot.id, stallId: stallA.id })).stall?.name).toBe('5号摊 陈记蔬菜');
  });

  it('refuses a rejected lot, a split child, something that is not a stall, and a vendor, writing nothing', async () => {
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    const rejected = (await receiver.as('checkEntry', { raw: gs1Scan('1', 'R1'), source: 'wedge', supplierId: supplier.id, varietyId: cabbage.id, quantity: 5, unit: 'kg', certificates: [] })).view;
    expect(rejected.lot.status).toBe('rejected');
    const { raw, view } = await gateLot('A3');
    const child = await t.call('splitLot', { parentRaw: raw, quantity: 1, unit: 'kg', closing: false });
    const vendor = await staff({ name: '陈摊主', role: 'vendor', pin: '2468', stallId: stallA.id });
    const before = writes();
    expect(await apiError(receiver.as('assignLotStall', { lotId: rejected.lot.id, stallId: stallA.id }))).toMatchObject({
      code: 'conflict',
      params: { reason: 'stallNotAssignable', status: 'rejected' },
    });
    expect(await apiError(receiver.as('assignLotStall', { lotId: child.child.lot.id, stallId: stallA.id }))).toMatchObject({ code: 'conflict', params: { reason: 'stallFollowsParent' } });
    expect(await apiError(receiver.as('assignLotStall', { lotId: view.lot.id, stallId: supplier.id }))).toMatchObject({ code: 'badRequest', params: { reason: 'notAStall' } });
    expect(await apiError(vendor.as('assignLotStall', { lotId: view.lot.id, stallId: stallA.id }))).toMatchObject({ code: 'forbidden' });
    expect(writes()).toEqual(before);
    expect(t.rows('select count(*) as n from lots where stall_id is not null')).toEqual([{ n: 0 }]);
  });

  it('lets a vendor split only their stall’s lots, with a clear reason, unless the market sells market-wide', async () => {
    const ofA = await gateLot('A4');
    const ofB = await gateLot('B1');
    const unassigned = await gateLot('N1');
    await receiver.as('assignLotStall', { lotId: ofA.view.lot.id, stallId: stallA.id });
    await receiver.as('assignLotStall', { lotId: ofB.view.lot.id, stallId: stallB.id });
    const vendorA = await staff({ name: '陈摊主', role: 'vendor', pin: '2468', stallId: stallA.id });
    const loose = await staff({ name: '无摊位', role: 'vendor', pin: '9753' });
    const portion = (parentRaw: string) => ({ parentRaw, quantity: 2, unit: 'kg' as const, closing: false });

    const before = writes();
    expect(await apiError(vendorA.as('splitLot', portion(ofB.raw)))).toMatchObject({ code: 'forbidden', params: { reason: 'otherStall', stall: '8号摊 林记' } });
    expect(await apiError(vendorA.as('splitLot', portion(unassigned.raw)))).toMatchObject({ code: 'forbidden', params: { reason: 'lotWithoutStall' } });
    expect(await apiError(loose.as('splitLot', portion(ofA.raw)))).toMatchObject({ code: 'forbidden', params: { reason: 'vendorWithoutStall' } });
    expect(writes()).toEqual(before);

    const own = await vendorA.as('splitLot', portion(ofA.raw));
    expect(own.child.lot.stallId).toBe(stallA.id);
    expect(own.child.stall?.name).toBe('5号摊 陈记蔬菜');
    // A child split again stays with the stall.
    expect((await vendorA.as('splitLot', portion(own.code))).child.lot.stallId).toBe(stallA.id);

    const settings = await t.call('getSettings', {});
    await t.call('saveSettings', { ...settings, selling: { marketWide: true } });
    expect((await vendorA.as('splitLot', portion(ofB.raw))).child.lot.stallId).toBe(stallB.id);
    expect((await loose.as('splitLot', portion(unassigned.raw))).child.lot.stallId).toBeNull();
  });

  it('prints and signs the stall on the label of a split, and the label still verifies', async () => {
    const { raw, view } = await gateLot('A5');
    await receiver.as('assignLotStall', { lotId: view.lot.id, stallId: stallA.id });
    const vendor = await staff({ name: '陈摊主', role: 'vendor', pin: '2468', stallId: stallA.id });
    const sold = await vendor.as('splitLot', { parentRaw: raw, quantity: 1.5, unit: 'kg', closing: false });
    const [job] = t.rows('select content from print_jobs p join lots l on l.id = p.lot_id where l.code_key = ?', sold.code);
    const content = JSON.parse(job.content);
    expect(content).toMatchObject({ stall: '5号摊 陈记蔬菜', issuer: '鲤城农贸市场 收货台', product: '白菜', quantity: '1.500 公斤' });
    expect(sold.qr.split('\n').slice(-3, -1)).toEqual(['发 鲤城农贸市场 收货台', '摊 5号摊 陈记蔬菜']);
    expect(await vendor.as('verifyLabel', { raw: sold.qr })).toMatchObject({ valid: true, stall: '5号摊 陈记蔬菜', code: sold.code });
    // Changed stall text breaks the signature.
    expect(await vendor.as('verifyLabel', { raw: sold.qr.replace('摊 5号摊', '摊 6号摊') })).toMatchObject({ valid: false, problem: 'badSignature' });

    // A lot without a stall: no 摊 line, so the payload is exactly the format from before stalls.
    const bare = await t.call('splitLot', { parentRaw: (await gateLot('N2')).raw, quantity: 1, unit: 'kg', closing: false });
    expect(bare.qr).not.toContain('\n摊 ');
    expect(JSON.parse(t.rows('select content from print_jobs p join lots l on l.id = p.lot_id where l.code_key = ?', bare.code)[0].content).stall).toBeUndefined();
    expect(await t.call('verifyLabel', { raw: bare.qr })).toMatchObject({ valid: true, stall: null });
  });
});

describe('party GLN (subjects)', () => {
  it('keeps a supplier GLN typed with spaces, refuses a wrong check digit in words and writes nothing, and clears it when emptied', async () => {
    const saved = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', gln: '6901234 000016' });
    expect(saved.gln).toBe('6901234000016');
    expect(t.rows('select gln from subjects where id = ?', saved.id)).toEqual([{ gln: '6901234000016' }]);
    const outbox = count('outbox');
    const wrong = await apiError(t.call('saveSubject', { id: saved.id, kind: 'supplier', name: '南安合作社', gln: '6901234000017' }));
    expect(wrong).toMatchObject({ code: 'badRequest', issues: [{ path: 'gln', code: 'gln' }] });
    expect(await apiError(t.call('saveSubject', { kind: 'supplier', name: '短码', gln: '690123400001' }))).toMatchObject({ issues: [{ path: 'gln', code: 'gln' }] });
    expect(t.rows('select gln from subjects where id = ?', saved.id)).toEqual([{ gln: '6901234000016' }]);
    expect(count('subjects')).toBe(1);
    expect(count('outbox')).toBe(outbox);
    const cleared = await t.call('saveSubject', { id: saved.id, kind: 'supplier', name: '南安合作社', gln: '' });
    expect(cleared.gln).toBeNull();
    // The change is audited by field, like the other master data.
    expect(t.rows("select before, after from audit where subject_id = ? and action = 'subject.update'", saved.id)).toEqual([{ before: '{"gln":"6901234000016"}', after: '{"gln":null}' }]);
  });
});
