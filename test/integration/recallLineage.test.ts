import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecallDetail, RecallLot } from '../../shared/contract';
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

function checkSums(detail: RecallDetail) {
  const byId = new Map(detail.lots.map((l) => [l.lotId, l]));
  const children = new Map<string, RecallLot[]>();
  for (const l of detail.lots) if (l.parentLotId && byId.has(l.parentLotId)) children.set(l.parentLotId, [...(children.get(l.parentLotId) ?? []), l]);
  for (const l of detail.lots) {
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
    checkSums(detail);
    expect(detail.origins.map((o) => o.lotId)).toEqual([root.id]);
    // What is left anywhere equals the root's quantity: nothing was written off.
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: detail.lots[0]!.sold }]);
  });

  it('wide: 10,000 portions of one lot recalled in one transaction well under a second, listed within the budget', async () => {
    const root = (await admitCabbageLot(t, 'WIDE', supplier)).view.lot;
    const children = sellPortions(t.dir, root.id, 10_000, 0.005, 'W');
    const began = performance.now();
    const recall = await t.call('startRecall', { scope: { kind: 'lot', raw: gs1Scan('1', 'WIDE') }, reason: '供应商召回', source: 'supplierNotice', sourceRef: 'GYS-7' });
    const startMs = performance.now() - began;
    expect(recall.counts).toMatchObject({ lots: 10_001, open: 10_001 });
    expect(recall.quantities).toEqual([{ unit: 'kg', onHand: 100, sold: 50 }]);
    expect(startMs).toBeLessThan(1_000);
    expect(t.rows("select count(*) as n from lots where status = 'recalled' and (id = ? or parent_lot_id = ?)", root.id, root.id)).toEqual([{ n: 10_001 }]);
    expect(t.rows("select count(*) as n from audit where action = 'lot.recall' and json_extract(after, '$.recallId') = ?", recall.id)).toEqual([{ n: 10_001 }]);
    expect(t.rows("select count(*) as n from outbox where kind = 'recall' and id = ?", recall.id)).toEqual([{ n: 1 }]);

    const times: number[] = [];
    let detail: RecallDetail | undefined;
    for (let i = 0; i < 15; i++) {
      const at = performance.now();
      detail = await t.call('getRecall', { id: recall.id });
      times.push(performance.now() - at);
    }
    times.sort((a, b) => a - b);
    const ids = detail!.lots.map((l) => l.lotId);
    expect(ids[0]).toBe(root.id);
    expect(ids.slice(1)).toEqual(children);
    expect(ids.slice().sort()).toEqual(descendantsInDb(root.id));
    checkSums(detail!);
    expect(detail!.lots[0]).toMatchObject({ onHand: 50, sold: 50, writtenOff: 0 });
    expect(detail!.lots[1]!.sale!.buyer).toEqual({ name: '买家0', uscc: null, phone: '13900000000' });
    console.log(`recall of 10,001 lots: startRecall ${startMs.toFixed(0)} ms; getRecall median ${times[7]!.toFixed(1)} ms, max ${times[14]!.toFixed(1)} ms (through dispatch, output validated)`);
    // The budget is p99 ≤ 50 ms at 10M codes for the service (npm run bench); here, through the
    // dispatcher and its output validation on a machine shared with other test runs, a generous
    // bound that still fails reading each lot on its own (10,000 lot views take seconds).
    expect(times[7]!).toBeLessThan(1_000);
  });
});
