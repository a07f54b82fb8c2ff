import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../electron/core/clock';
import { parseOwnCode } from '../../shared/domain/ownCode';
import { apiError, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
let parentRaw: string;
const today = localDay(new Date());

const rows = (sql: string, ...args: unknown[]) => t.rows(sql, ...args);

/** Admits a 100 kg lot of 白菜 and returns its scan. */
async function admitLot(core: TestCore, batch: string, certificates = true) {
  const supplier = (await core.call('listSubjects', { kind: 'supplier' }))[0] ?? (await core.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
  const cabbage = (await core.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  const raw = gs1Scan('1', batch);
  const certs = [
    { type: 'commitment' as const, number: `C-${batch}`, issuer: '南安合作社', issueDate: today },
    ...(certificates ? [{ type: 'testReport' as const, number: `T-${batch}`, issuer: '检测站', issueDate: today }] : []),
  ];
  await core.call('checkEntry', { raw, source: 'wedge', supplierId: supplier.id, varietyId: cabbage.id, quantity: 100, unit: 'kg', certificates: certs });
  return raw;
}

beforeEach(async () => {
  t = await startTestCore();
  parentRaw = await admitLot(t, 'S1');
});
afterEach(() => t.close());

describe('station identity', () => {
  it('refuses to issue codes until an admin sets the station id, which can be set only once', async () => {
    expect((await apiError(t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false }))).params?.reason).toBe('noStationId');
    expect((await t.call('getStation', {})).publicKey).toContain('BEGIN PUBLIC KEY');
    const info = await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
    expect(info).toMatchObject({ stationId: '3050102', name: '鲤城农贸市场 2号摊' });
    expect((await apiError(t.call('setStationId', { stationId: '3050103', name: '改名' }))).params?.reason).toBe('stationIdSet');
    expect((await apiError(t.call('setStationId', { stationId: '0150102', name: 'x' }))).code).toBe('badRequest');
  });

  it('refuses a station id already used by another data folder on the same PC', async () => {
    const registry = join(mkdtempSync(join(tmpdir(), 'machine-')), 'ids.json');
    const a = await startTestCore({ machineRegistryPath: registry });
    const b = await startTestCore({ machineRegistryPath: registry });
    try {
      await a.call('setStationId', { stationId: '3050101', name: 'A' });
      expect((await apiError(b.call('setStationId', { stationId: '3050101', name: 'B' }))).params?.reason).toBe('stationIdInUse');
      expect((await b.call('setStationId', { stationId: '3050109', name: 'B' })).stationId).toBe('3050109');
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('split-sale', () => {
  beforeEach(async () => {
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  });

  it('issues a child code and writes the child, its lineage, the sale and the print job together', async () => {
    const r = await t.call('splitLot', { parentRaw, quantity: 2.35, unit: 'kg', buyer: { name: '刘记饭店', uscc: USCC.b }, priceFen: 1250, closing: false });
    expect(parseOwnCode(r.code)).toEqual({ stationId: '3050102', sequence: 1 });
    expect(r.parentRemaining).toBeCloseTo(97.65, 6);
    expect(r.child.parentCode).toBe('(01)06900000000010(10)S1'.replace('06900000000010', r.child.lot.gtin!));
    expect(r.child.entry.outcome).toBe('admit');
    const [parent] = rows(`select id from lots where code_key <> ?`, r.code);
    expect(rows('select code_key, code_kind, parent_lot_id, root_lot_id, quantity, status from lots where code_key = ?', r.code)).toEqual([
      { code_key: r.code, code_kind: 'own', parent_lot_id: parent.id, root_lot_id: parent.id, quantity: 2.35, status: 'admitted' },
    ]);
    expect(rows('select buyer_name, buyer_uscc, price_fen, closing from splits')).toEqual([{ buyer_name: '刘记饭店', buyer_uscc: USCC.b, price_fen: 1250, closing: 0 }]);
    const [job] = rows('select status, last_error, template_id, content from print_jobs');
    // No printer is configured yet: the job waits, saying why.
    expect([job.status, job.last_error]).toEqual(['waiting', 'noPrinter']);
    expect(JSON.parse(job.content)).toMatchObject({ code: r.code, product: '白菜', quantity: '2.350 公斤', price: '¥12.50', buyer: '刘记饭店', qr: r.qr });
  });

  it('answers with the parent as it now is, the child as a row of its children and the queued label job: the counter asks nothing again', async () => {
    const first = await t.call('splitLot', { parentRaw, quantity: 2, unit: 'kg', buyer: { name: '刘记饭店' }, closing: false });
    const r = await t.call('splitLot', { parentRaw, quantity: 3.5, unit: 'kg', closing: false });
    // The same parent and children the lineage shows (what the counter read after each sale before).
    const lineage = await t.call('getLineage', { raw: parentRaw });
    expect(r.parent).toEqual(lineage.view);
    expect(r.parent).toMatchObject({ remaining: 94.5, lot: { status: 'admitted', quantity: 100 } });
    expect([first.childNode, r.childNode]).toEqual(lineage.children);
    expect([first.childNode, r.childNode].map((c) => [c.code, c.quantity, c.buyerName, c.sold, c.status])).toEqual([
      [first.code, 2, '刘记饭店', true, 'admitted'],
      [r.code, 3.5, null, true, 'admitted'],
    ]);
    // The label job is the one row the sale queued for its child, as the print list shows it.
    const [job] = rows('select id, lot_id, purpose, template_id from print_jobs where lot_id = ?', r.child.lot.id);
    expect(r.labelJob).toMatchObject({ id: job.id, lotId: r.child.lot.id, code: r.code, purpose: 'labels', templateId: job.template_id, reprintOf: null, lotStatus: 'admitted' });
    expect((await t.call('listPrintJobs', { limit: 10 })).find((j) => j.id === r.labelJob.id)).toMatchObject({ lotId: r.child.lot.id, code: r.code });
    expect(first.labelJob.id).not.toBe(r.labelJob.id);
  });

  it('a closing sale answers the parent 已售罄 with nothing left, as the station now has it', async () => {
    const r = await t.call('splitLot', { parentRaw, quantity: 30, unit: 'kg', closing: true });
    expect(r.parent).toMatchObject({ remaining: 0, lot: { status: 'exhausted' } });
    expect(r.parent).toEqual((await t.call('getLineage', { raw: parentRaw })).view);
    expect((await t.call('getLineage', { raw: parentRaw })).children).toEqual([r.childNode]);
  });

  it('never lets the children exceed the parent, within the scale tolerance, and closes the parent', async () => {
    await t.call('splitLot', { parentRaw, quantity: 60, unit: 'kg', closing: false });
    const over = await apiError(t.call('splitLot', { parentRaw, quantity: 40.05, unit: 'kg', closing: false }));
    expect(over.params).toMatchObject({ reason: 'overSplit', remaining: 40 });
    expect(rows('select count(*) n from lots')[0].n).toBe(2);
    expect(rows('select count(*) n from print_jobs')[0].n).toBe(1);
    // 40.01 kg is within the 0.02 kg tolerance and takes the rest: the parent is exhausted.
    const last = await t.call('splitLot', { parentRaw, quantity: 40.01, unit: 'kg', closing: false });
    expect(last.parentRemaining).toBe(0);
    expect(rows(`select status from lots where parent_lot_id is null`)).toEqual([{ status: 'exhausted' }]);
    expect((await apiError(t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false }))).params).toMatchObject({ reason: 'parentNotSellable', status: 'exhausted' });
    // A sold-out lot's verdict is history: an override cannot bring it back to the trading zone.
    const entryId = (await t.call('lookupCode', { raw: parentRaw })).view!.entry.id;
    expect((await apiError(t.call('overrideEntry', { entryId, outcome: 'hold', reason: '复查' }))).params).toMatchObject({ status: 'exhausted' });
  });

  it('splits a child again: the grandchild keeps the root and names its own parent', async () => {
    const child = await t.call('splitLot', { parentRaw, quantity: 10, unit: 'kg', closing: false });
    // The child is scanned by its label QR this time.
    const grandchild = await t.call('splitLot', { parentRaw: child.qr, quantity: 4, unit: 'kg', closing: true });
    expect(grandchild.child.parentCode).toBe(child.code);
    const [root] = rows('select id from lots where parent_lot_id is null');
    expect(rows('select root_lot_id from lots where code_key = ?', grandchild.code)).toEqual([{ root_lot_id: root.id }]);
    expect((await t.call('lookupCode', { raw: child.code })).view).toMatchObject({ remaining: 0, lot: { status: 'exhausted' } });
    // Traced both ways: the grandchild's ancestors root-first, the child's children.
    const up = await t.call('getLineage', { raw: grandchild.code });
    expect(up.ancestors.map((n) => n.code)).toEqual([child.child.parentCode, child.code]);
    const down = await t.call('getLineage', { raw: child.code });
    expect(down.children).toEqual([expect.objectContaining({ code: grandchild.code, quantity: 4, unit: 'kg', status: 'admitted', buyerName: null })]);
    expect(down.ancestors).toHaveLength(1);
    // The root's whole tree, any depth, in one answer (the disposal screen's list of what goes with it).
    const all = await t.call('getLineage', { raw: parentRaw });
    expect(all.descendants.map((d) => [d.code, d.depth])).toEqual([
      [child.code, 1],
      [grandchild.code, 2],
    ]);
    expect(down.children[0]).toMatchObject({ sold: true });
  });

  it('refuses to split a held lot, a unit mismatch or an unknown lot, writing nothing', async () => {
    const held = await admitLot(t, 'HELD', false);
    expect((await apiError(t.call('splitLot', { parentRaw: held, quantity: 1, unit: 'kg', closing: false }))).params).toMatchObject({ reason: 'parentNotSellable', status: 'awaitingTest' });
    expect((await apiError(t.call('splitLot', { parentRaw, quantity: 1, unit: 'piece', closing: false }))).params?.reason).toBe('unitMismatch');
    expect((await apiError(t.call('splitLot', { parentRaw: gs1Scan('1', 'NOPE'), quantity: 1, unit: 'kg', closing: false }))).code).toBe('notFound');
    expect(rows('select count(*) n from splits')[0].n).toBe(0);
  });
});

describe('signed labels', () => {
  beforeEach(async () => {
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  });

  it('checks its own labels offline and catches any edited part of the URL', async () => {
    const r = await t.call('splitLot', { parentRaw, quantity: 2.5, unit: 'kg', closing: false });
    const sig = new URL(r.qr).searchParams.get('s')!;
    expect(r.qr).toBe(`https://trace.example.com/q?c=${r.code}&s=${sig}`);
    // The URL carries the code alone: the lot's other facts are this station's records.
    expect(await t.call('verifyLabel', { raw: r.qr })).toMatchObject({
      source: 'label',
      valid: true,
      problem: null,
      code: r.code,
      url: r.qr,
      quantity: null,
      stationName: '鲤城农贸市场 2号摊',
      stateKnown: true,
      view: { lot: { quantity: 2.5 } },
    });
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(await t.call('verifyLabel', { raw: r.qr.replace(sig, flipped) })).toMatchObject({ valid: false, problem: 'badSignature', code: r.code });
    // The last character's unused bits: the same signature bytes, but not what the station printed.
    const lastAlike = sig.slice(0, -1) + String.fromCharCode(sig.charCodeAt(85) + 1);
    expect(Buffer.from(lastAlike, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(await t.call('verifyLabel', { raw: r.qr.replace(sig, lastAlike) })).toMatchObject({ valid: false, problem: 'badSignature' });
    // Another genuine code under this signature: the signature is of the code.
    const other = await t.call('splitLot', { parentRaw, quantity: 1, unit: 'kg', closing: false });
    expect(await t.call('verifyLabel', { raw: r.qr.replace(r.code, other.code) })).toMatchObject({ valid: false, problem: 'badSignature', code: other.code });
    // Text that is no label QR is looked up as a plain code, not refused.
    expect(await t.call('verifyLabel', { raw: 'https://example.cn/x' })).toMatchObject({ source: 'code', problem: null, stateKnown: false, view: null, url: null });
  });

  it("checks another station's label once its public key is imported", async () => {
    const other = await startTestCore();
    try {
      await other.call('setStationId', { stationId: '3050777', name: '晋江批发市场' });
      const otherParent = await admitLot(other, 'O1');
      const label = (await other.call('splitLot', { parentRaw: otherParent, quantity: 1, unit: 'kg', closing: false })).qr;
      expect((await t.call('verifyLabel', { raw: label })).problem).toBe('unknownStation');
      await t.call('importStationKey', { stationId: '3050777', name: '晋江批发市场', publicKey: (await other.call('getStation', {})).publicKey });
      expect(await t.call('verifyLabel', { raw: label })).toMatchObject({ valid: true, stationName: '晋江批发市场' });
    } finally {
      other.close();
    }
  });
});

describe('source coding at entry (源头赋码)', () => {
  const uncoded = async (certificates: { type: 'commitment' | 'testReport'; number: string }[]) => {
    const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0];
    const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
    return t.call('checkEntry', {
      assignCode: true,
      source: 'manual',
      supplierId: supplier.id,
      varietyId: cabbage.id,
      quantity: 30,
      unit: 'kg',
      certificates: certificates.map((c) => ({ ...c, issuer: '农户老王', issueDate: today })),
    });
  };

  it('needs the station id, then codes the lot and queues a crate label with its signed QR', async () => {
    expect((await apiError(uncoded([{ type: 'commitment', number: 'PAPER-1' }]))).params?.reason).toBe('noStationId');
    expect(rows(`select count(*) n from lots where code_kind = 'own'`)[0].n).toBe(0);
    await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 入口' });
    const r = await uncoded([{ type: 'commitment', number: 'PAPER-1' }]);
    expect(r.view.entry.outcome).toBe('hold');
    expect(parseOwnCode(r.view.lot.codeKey)).toMatchObject({ stationId: '3050102' });
    expect(r.view.lot).toMatchObject({ codeKind: 'own', rawScan: r.view.lot.codeKey, parentLotId: null });
    const [job] = rows('select lot_id, content from print_jobs');
    expect(job.lot_id).toBe(r.view.lot.id);
    const label = JSON.parse(job.content);
    expect(label).toMatchObject({ code: r.view.lot.codeKey, product: '白菜', quantity: '30.000 公斤', origin: '南安合作社' });
    expect(await t.call('verifyLabel', { raw: label.qr })).toMatchObject({ valid: true, code: r.view.lot.codeKey });
    // The crate label's code is the lot from now on.
    expect((await t.call('lookupCode', { raw: r.view.lot.codeKey })).view?.lot.id).toBe(r.view.lot.id);
  });

  it('refuses a scan together with assignCode, and prints no label for a rejected lot', async () => {
    await t.call('setStationId', { stationId: '3050102', name: '入口' });
    const both = await apiError(
      t.call('checkEntry', {
        raw: gs1Scan('1', 'X'),
        assignCode: true,
        source: 'manual',
        supplierId: '01J00000000000000000000000',
        varietyId: '01J00000000000000000000000',
        quantity: 1,
        unit: 'kg',
        certificates: [],
      }),
    );
    expect(both.code).toBe('badRequest');
    const rejected = await uncoded([]);
    expect(rejected.view.entry.outcome).toBe('reject');
    expect(rows('select count(*) n from print_jobs')[0].n).toBe(0);
  });
});
