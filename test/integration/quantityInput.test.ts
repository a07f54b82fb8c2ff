import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateInput, Input } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * Quantities are recorded in each unit's resolution (kilograms to the gram, pieces, heads and
 * boxes whole) and certificate dates in years a certificate can have: anything else is refused
 * with a field-level reason and writes nothing.
 */

let t: TestCore;
let supplierId: string;
let cabbage: string;
const today = localDay(new Date());
const commitment = (over: Partial<CertificateInput> = {}): CertificateInput => ({ type: 'commitment', number: 'CN-1', issuer: '合作社', issueDate: today, ...over });
const report: CertificateInput = { type: 'testReport', number: 'TR-1', issuer: '检测中心', issueDate: today };

beforeEach(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3059901', name: '测试站' });
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
});
afterEach(() => t.close());

const written = () => ({
  lots: t.rows('select count(*) n from lots')[0].n,
  certificates: t.rows('select count(*) n from certificates')[0].n,
  outbox: t.rows('select count(*) n from outbox')[0].n,
});
const entry = (over: Partial<Input<'checkEntry'>> = {}): Input<'checkEntry'> => ({
  raw: gs1Scan('1', `Q${Math.random().toString(36).slice(2, 8)}`),
  source: 'wedge',
  supplierId,
  varietyId: cabbage,
  quantity: 10,
  unit: 'kg',
  certificates: [commitment(), report],
  ...over,
});

describe('quantities', () => {
  it.each([
    [5e-324, 'kg', 'kgResolution'],
    [0.0004, 'kg', 'kgResolution'],
    [1.2345, 'kg', 'kgResolution'],
    [0.1, 'piece', 'wholeUnits'],
    [5e-324, 'piece', 'wholeUnits'],
    [2.5, 'box', 'wholeUnits'],
    [1.5, 'head', 'wholeUnits'],
  ] as const)('an entry of %s %s is refused (%s)', async (quantity, unit, code) => {
    const before = written();
    const e = await apiError(t.call('checkEntry', entry({ quantity, unit })));
    expect(e).toMatchObject({ code: 'badRequest', issues: [{ path: 'quantity', code }] });
    expect(written()).toEqual(before);
  });

  it('takes each unit at its resolution', async () => {
    for (const [quantity, unit] of [
      [0.001, 'kg'],
      [12.345, 'kg'],
      [9999999.999, 'kg'],
      [1, 'piece'],
      [3, 'box'],
      [2, 'head'],
    ] as const) {
      const r = await t.call('checkEntry', entry({ quantity, unit }));
      expect(r.view.lot).toMatchObject({ quantity, unit });
    }
  });

  it('checks a certificate’s quantity in its own unit, or else the delivery’s', async () => {
    const before = written();
    const own = await apiError(t.call('checkEntry', entry({ certificates: [commitment({ quantity: 0.5, unit: 'piece' }), report] })));
    expect(own).toMatchObject({ code: 'badRequest', issues: [{ path: 'certificates.0.quantity', code: 'wholeUnits' }] });
    const delivery = await apiError(t.call('checkEntry', entry({ quantity: 3, unit: 'box', certificates: [report, commitment({ quantity: 2.5 })] })));
    expect(delivery).toMatchObject({ code: 'badRequest', issues: [{ path: 'certificates.1.quantity', code: 'wholeUnits' }] });
    expect(written()).toEqual(before);
  });

  it('refuses a 0.1-piece split, which would print “0 件”, and issues no code', async () => {
    const parent = entry({ quantity: 10, unit: 'piece' });
    await t.call('checkEntry', parent);
    const before = { ...written(), splits: t.rows('select count(*) n from splits')[0].n, jobs: t.rows('select count(*) n from print_jobs')[0].n };
    const e = await apiError(t.call('splitLot', { parentRaw: parent.raw!, quantity: 0.1, unit: 'piece' }));
    expect(e).toMatchObject({ code: 'badRequest', issues: [{ path: 'quantity', code: 'wholeUnits' }] });
    expect({ ...written(), splits: t.rows('select count(*) n from splits')[0].n, jobs: t.rows('select count(*) n from print_jobs')[0].n }).toEqual(before);
    expect((await t.call('splitLot', { parentRaw: parent.raw!, quantity: 1, unit: 'piece' })).child.lot).toMatchObject({ quantity: 1, unit: 'piece' });
  });

  it('refuses disposal and weighing quantities below the resolution before anything is looked up', async () => {
    const dispose = await apiError(
      t.call('disposeLot', {
        raw: 'FJ0000000001',
        quantity: 0.1,
        unit: 'box',
        reason: 'testFailed',
        method: 'shredding',
        operatorPin: '2468',
        witnessId: '01J00000000000000000000000',
        witnessPin: '1357',
      }),
    );
    expect(dispose).toMatchObject({ code: 'badRequest', issues: [{ path: 'quantity', code: 'wholeUnits' }] });
    const weighed = await apiError(t.call('startShredding', { weighed: { scaleId: '01J00000000000000000000000', quantity: 5e-324 } }));
    expect(weighed).toMatchObject({ code: 'badRequest', issues: [{ path: 'weighed.quantity', code: 'kgResolution' }] });
  });
});

describe('certificate dates', () => {
  it.each([
    ['issueDate', '0000-01-01'],
    ['issueDate', '0050-06-15'],
    ['issueDate', '0099-12-31'],
    ['validUntil', '0001-01-01'],
    ['issueDate', '1999-12-31'],
    ['validUntil', '2100-01-01'],
  ] as const)('%s %s is a clear validation message, not an internal error', async (field, date) => {
    const before = written();
    const e = await apiError(t.call('checkEntry', entry({ certificates: [commitment({ [field]: date }), report] })));
    expect(e).toMatchObject({ code: 'badRequest', issues: [{ path: `certificates.0.${field}`, code: 'certificateYear' }] });
    expect(written()).toEqual(before);
  });

  it('takes the years a certificate can have', async () => {
    const r = await t.call('checkEntry', entry({ certificates: [commitment({ issueDate: '2000-01-01', validUntil: '2099-12-31' }), report] }));
    expect(r.view.entry.outcome).toBe('admit');
  });
});
