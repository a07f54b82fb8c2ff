import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecallDetail, RecallLot, RecallLotOrder } from '../../shared/contract';
import { admitCabbageLot, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';
import { sellPortions } from '../support/recall';

/**
 * Deep (20 generations of splits) and wide (10,000 portions of one lot) lineages: the recall
 * reaches every descendant exactly once, each lot's onHand + sold + writtenOff is its quantity,
 * each lot's sold is what its children weigh; and it does so within the time budgets.
 */
let t: TestCore;
let supplier: string;

beforeAll(async () => {
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  supplier = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
});
afterAll(() => t.close());

/** Every lot of the tree below `rootId` by an independent walk over all lots. */
function descendantsInDb(rootId: string): string[] {
  const rows = t.rows('select id, parent_lot_id from lots');
  const kids = new Map<string, string[]>();
  for (const r of rows) if (r.parent_lot_id) kids.set(r.parent_lot_id, [...(kids.get(r.parent_lot_id) ?? []), r.id]);
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(kids.get(id) ?? []));
  }
  return out.sort();
}

/**
 * Every page of a recall's lots in `order`, `limit` at a time, concatenated: each page says where
 * it starts and the same total, and its summary counts all lots whatever the page.
 */
async function walkPages(id: string, order: RecallLotOrder, limit: number): Promise<RecallLot[]> {
  const lots: RecallLot[] = [];
  let total = Number.POSITIVE_INFINITY;
  for (let offset = 0; offset < total; offset += limit) {
    const page = await t.call('getRecall', { id, offset, limit, order });
    if (offset === 0) total = page.total;
    expect(page).toMatchObject({ offset, total });
    expect(page.recall.counts.lots).toBe(total);
    expect(page.lots).toHaveLength(Math.min(limit, total - offset));
    lots.push(...page.lots);
  }
  return lots;
}

function checkSums(lots: readonly RecallLot[]) {
  const byId = new Map(lots.map((l) => [l.lotId, l]));
  const children = new Map<string, RecallLot[]>();
  for (const l of lots) if (l.parentLotId && byId.has(l.parentLotId)) children.set(l.parentLotId, [...(children.get(l.parentLotId) ?? []), l]);
  for (const l of lots) {
    expect(l.onHand + l.sold + l.writtenOff, l.code).toBeCloseTo(l.quantity, 9);
    const kids = children.get(l.lotId) ?? [];
    expect(l.sold, l.code).toBeCloseTo(
      kids.reduce((s, k) => s + k.quantity, 0),
      6,
    );
    // Tree order: a lot comes after its parent, one generation deeper.
    if (l.parentLotId && byId.has(l.parentLotId)) expect(l.depth).toBe(byId.get(l.parentLotId)!.depth + 1);
  }
}

describe('recall lineages', () => {
  it('deep: 20 generations, with a sibling at every level, each lot once and the quantities adding up', async () => {
    const root = (await admitCabbageLot(t, 'DEEP', supplier)).view.lot;
    let parentRaw = gs1Scan('1', 'DEEP');
    let quantity = 100;
    for (let depth = 1; depth <= 20; depth++) {
      quantity = Math.round((quantity - 1) * 0.9 * 1000) / 1000;
      await t.call('splitLot', { parentRaw, quantity: 0.5, unit: 'kg', buyer: { name: `旁支${depth}` }, closing: false });
      const next = await t.call('splitLot', { parentRaw, quantity, unit: 'kg', buyer: { name: `第${depth}代`, phone: '13812345678' }, closing: false });
      parentRaw = next.code;
    }
    const recall = await t.call('startRecall', { scope: { kind: 'lot', raw: gs1Scan('1', 'DEEP') }, reason: '抽检阳性', source: 'ownTest' });
    const detail = await t.call('getRecall', { id: recall.id });
    const ids = detail.lots.map((l) => l.lotId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice().sort()).toEqual(descendantsInDb(root.id));
    expect(ids.length).toBe(41);
    expect(Math.max(...detail.lots.map((l) => l.depth))).toBe(20);
    expect(detail).toMatchObject({ total: 41, offset: 0 });
    checkSums(detail.lots);
    expect(detail.origins.map((o) => o.lotId)).toEqual([root.id]);
    // What is left anywhere equals the root's quantity: nothing was written off.
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: detail.lots[0]!.sold }]);

    // Pages of 7 in tree order are the whole tree, each lot once; a page deep in the tree keeps
    // its lots' depths, parents and origins.
    expect(await walkPages(recall.id, 'tree', 7)).toEqual(detail.lots);
    const deepPage = await t.call('getRecall', { id: recall.id, offset: 35, limit: 7 });
    expect(deepPage.lots).toEqual(detail.lots.slice(35));
    expect(deepPage.origins).toEqual(detail.origins);
    expect(deepPage.recall).toEqual(detail.recall);

    // openFirst: what is still to find first, then by code; a mark moves its lot, the summary follows.
    expect(detail.lots.every((l) => l.progress === 'open')).toBe(true);
    const [retrieved, gone] = [detail.lots[30]!, detail.lots[3]!];
    await t.call('markRecallLot', { recallId: recall.id, lotId: retrieved.lotId, progress: 'retrieved' });
    await t.call('markRecallLot', { recallId: recall.id, lotId: gone.lotId, progress: 'notRecoverable' });
    const keys = new Map(t.rows('select id, code_key from lots').map((r) => [r.id as string, r.code_key as string]));
    const flat = await walkPages(recall.id, 'openFirst', 6);
    const expected = detail.lots
      .filter((l) => l !== retrieved && l !== gone)
      .map((l) => l.lotId)
      .sort((a, b) => (keys.get(a)! < keys.get(b)! ? -1 : 1));
    expect(flat.map((l) => l.lotId)).toEqual([...expected, retrieved.lotId, gone.lotId]);
    expect(flat.slice(-2).map((l) => l.progress)).toEqual(['retrieved', 'notRecoverable']);
    const page = await t.call('getRecall', { id: recall.id, offset: 40, limit: 1, order: 'openFirst' });
    expect(page.lots.map((l) => l.lotId)).toEqual([gone.lotId]);
    expect(page.recall.counts).toMatchObject({ lots: 41, open: 39, retrieved: 1, notRecoverable: 1 });
  });

  it('wide: 10,000 portions of one lot recalled in one transaction, listed page by page with the summary of all', async () => {
    const root = (await admitCabbageLot(t, 'WIDE', supplier)).view.lot;
    const children = sellPortions(t.dir, root.id, 10_000, 0.005, 'W');
    const began = performance.now();
    const recall = await t.call('startRecall', { scope: { kind: 'lot', raw: gs1Scan('1', 'WIDE') }, reason: '供应商召回', source: 'supplierNotice', sourceRef: 'GYS-7' });
    const startMs = performance.now() - began;
    expect(recall.counts).toMatchObject({ lots: 10_001, open: 10_001 });
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: 50 }]);
    // The ≤ 1 s target is measured in npm run bench; here only a bound no loaded CI machine reaches
    // unless the start stopped being one walk and one transaction (a CI run once took 1,015 ms).
    expect(startMs).toBeLessThan(5_000);
    expect(t.rows("select count(*) as n from lots where status = 'recalled' and (id = ? or parent_lot_id = ?)", root.id, root.id)).toEqual([{ n: 10_001 }]);
    expect(t.rows("select count(*) as n from audit where action = 'lot.recall' and json_extract(after, '$.recallId') = ?", recall.id)).toEqual([{ n: 10_001 }]);
    expect(t.rows("select count(*) as n from outbox where kind = 'recall' and id = ?", recall.id)).toEqual([{ n: 1 }]);

    // What the manager opens: the first page, with the summary of all 10,001 lots.
    const times: number[] = [];
    let first: RecallDetail | undefined;
    for (let i = 0; i < 15; i++) {
      const at = performance.now();
      first = await t.call('getRecall', { id: recall.id });
      times.push(performance.now() - at);
    }
    times.sort((a, b) => a - b);
    expect(first!).toMatchObject({ total: 10_001, offset: 0, recall: { counts: { lots: 10_001, open: 10_001 }, quantities: [{ unit: 'kg', onHand: 100, sold: 50 }] } });
    expect(first!.lots.map((l) => l.lotId)).toEqual([root.id, ...children.slice(0, 299)]);
    expect(first!.origins.map((o) => o.lotId)).toEqual([root.id]);
    const lots = await walkPages(recall.id, 'tree', 1000);
    const ids = lots.map((l) => l.lotId);
    expect(ids[0]).toBe(root.id);
    expect(ids.slice(1)).toEqual(children);
    expect(ids.slice().sort()).toEqual(descendantsInDb(root.id));
    checkSums(lots);
    expect(lots[0]).toMatchObject({ onHand: 50, sold: 50, writtenOff: 0 });
    expect(lots[1]!.sale!.buyer).toEqual({ name: '买家0', uscc: null, phone: '13900000000' });
    // The export is not paged: every lot, in tree order.
    const file = await t.call('exportRecall', { id: recall.id, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file.path);
    const sheet = wb.getWorksheet('受影响批次')!;
    const codeCol = (sheet.getRow(1).values as unknown[]).slice(1).indexOf('追溯码') + 1;
    expect(Array.from({ length: sheet.rowCount - 1 }, (_, i) => String(sheet.getRow(i + 2).getCell(codeCol).value).trim())).toEqual(lots.map((l) => l.code));
    console.log(
      `recall of 10,001 lots: startRecall ${startMs.toFixed(0)} ms; getRecall (first page) median ${times[7]!.toFixed(1)} ms, max ${times[14]!.toFixed(1)} ms (through dispatch, output validated)`,
    );
    // The budget is p99 ≤ 50 ms at 10M codes for the service (npm run bench); here, through the
    // dispatcher and its output validation on a machine shared with other test runs, a generous
    // bound that still fails reading each lot on its own (10,000 lot views take seconds).
    expect(times[7]!).toBeLessThan(1_000);
  });
});
