import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay } from '../../electron/core/clock';
import { RECALL_PROGRESS, type RecallLotOrder, type RecallProgress } from '../../shared/contract';
import { admitCabbageLot, gs1Scan, type TestCore } from '../support/core';
import { PINS, type Staff } from '../support/disposal';
import { startRecallStation } from '../support/recall';

/**
 * What a recall stores so that a read goes over its page only: each lot's place in the tree
 * (recall_lots.ord, depth, sold, code_ord, fixed at the start) and the summary (recalls.summary,
 * kept by each write that changes it). Checked here against figures computed apart from the
 * service, from every lot as it is, after each kind of write in a random sequence.
 */
let t: TestCore;
let staff: Staff;
let supplier: string;

beforeEach(async () => {
  ({ t, staff, supplier } = await startRecallStation());
});
afterEach(() => t.close());

/** Deterministic pseudo-random numbers (mulberry32): a failing sequence comes back the same. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

const round3 = (q: number) => Math.round(q * 1000) / 1000 || 0;

/**
 * Three gate lots of 100 kg, each sold on at random in portions (some sold on again, some closing
 * sales that sell a lot out). The raw code of every lot, to scan it later.
 */
async function forest(next: () => number): Promise<Map<string, string>> {
  const raws = new Map<string, string>();
  for (const batch of ['F1', 'F2', 'F3']) {
    const root = (await admitCabbageLot(t, batch, supplier)).view.lot;
    raws.set(root.id, gs1Scan('1', batch));
    const left = new Map([[root.id, 100]]);
    for (let i = 0; i < 7; i++) {
      const open = [...left].filter(([, q]) => q >= 2);
      if (!open.length) break;
      const [parentId, q] = open[Math.floor(next() * open.length)]!;
      const quantity = Math.min(q - 1, 1 + Math.floor(next() * 12));
      const closing = next() < 0.2;
      const split = await t.call('splitLot', { parentRaw: raws.get(parentId)!, quantity, unit: 'kg', buyer: { name: `买家${i}`, phone: '13812345678' }, closing });
      left.set(parentId, closing ? 0 : q - quantity);
      left.set(split.child.lot.id, quantity);
      raws.set(split.child.lot.id, split.code);
    }
  }
  return raws;
}

interface Row {
  lot_id: string;
  parent_lot_id: string | null;
  created_at: string;
  code_key: string;
  quantity: number;
  status: string;
  prior_status: string;
  progress: RecallProgress;
}

/** The recall's lots as they are, and the figures and orders the contract defines, computed here from scratch. */
function expected(recallId: string) {
  const rows = t.rows(
    `select rl.lot_id, l.parent_lot_id, l.created_at, l.code_key, l.quantity, l.status, rl.prior_status, rl.progress
       from recall_lots rl join lots l on l.id = rl.lot_id where rl.recall_id = ?`,
    recallId,
  ) as Row[];
  const ids = new Set(rows.map((r) => r.lot_id));
  const kids = new Map<string, Row[]>();
  for (const r of rows) if (r.parent_lot_id && ids.has(r.parent_lot_id)) kids.set(r.parent_lot_id, [...(kids.get(r.parent_lot_id) ?? []), r]);
  const isRoot = (r: Row) => !r.parent_lot_id || !ids.has(r.parent_lot_id);
  let onHand = 0;
  let sold = 0;
  const counts = { lots: rows.length, open: 0, retrieved: 0, destroyed: 0, notRecoverable: 0, nothingLeft: 0 };
  for (const r of rows) {
    counts[r.progress]++;
    const children = round3((kids.get(r.lot_id) ?? []).reduce((s, k) => s + k.quantity, 0));
    const state = r.status === 'recalled' ? r.prior_status : r.status;
    onHand += state === 'exhausted' || state === 'destroyed' ? 0 : Math.max(0, round3(r.quantity - children));
    if (isRoot(r)) sold += children;
  }
  // Tree order: each lot followed by the lots split from it, roots and siblings in making order.
  const made = (a: Row, b: Row) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.lot_id < b.lot_id ? -1 : 1);
  const tree: Row[] = [];
  const visit = (r: Row) => {
    tree.push(r);
    for (const k of (kids.get(r.lot_id) ?? []).sort(made)) visit(k);
  };
  for (const r of rows.filter(isRoot).sort(made)) visit(r);
  const place = new Map(tree.map((r, i) => [r.lot_id, i]));
  const rank = (p: RecallProgress) => RECALL_PROGRESS.indexOf(p);
  const openFirst = [...tree].sort((a, b) => rank(a.progress) - rank(b.progress) || (a.code_key < b.code_key ? -1 : a.code_key > b.code_key ? 1 : place.get(a.lot_id)! - place.get(b.lot_id)!));
  return {
    summary: { counts, quantities: [{ unit: 'kg', onHand: round3(onHand), sold: round3(sold) }] },
    order: { tree: tree.map((r) => r.lot_id), openFirst: openFirst.map((r) => r.lot_id) } as Record<RecallLotOrder, string[]>,
    rows,
  };
}

/** Writes beside the running core, on a connection of the test's own. */
function exec(sql: string) {
  const db = new Database(join(t.dir, 'station.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.exec(sql);
  } finally {
    db.close();
  }
}

const stored = (recallId: string) => {
  const [row] = t.rows('select summary from recalls where id = ?', recallId);
  return row.summary === null ? null : JSON.parse(row.summary);
};

/**
 * The stored summary is the one computed from all lots (or was dropped, to be computed on the
 * next read: a hold moved a lot's prior state); getRecall, listRecalls and the pages agree.
 */
async function check(recallId: string, what: string) {
  const want = expected(recallId);
  const before = stored(recallId);
  if (before !== null) expect(before, `stored after ${what}`).toEqual(want.summary);
  const first = await t.call('getRecall', { id: recallId, limit: 5 });
  expect({ counts: first.recall.counts, quantities: first.recall.quantities }, `getRecall after ${what}`).toEqual(want.summary);
  expect(stored(recallId), `stored after a read (${what})`).toEqual(want.summary);
  expect((await t.call('listRecalls', {})).find((r) => r.id === recallId)).toEqual(first.recall);
  const total = want.rows.length;
  expect(first.total).toBe(total);
  for (const order of ['tree', 'openFirst'] as const) {
    for (const offset of [0, 1, 4, 9, total - 3, total - 1, total]) {
      const page = await t.call('getRecall', { id: recallId, offset, limit: 5, order });
      expect(
        page.lots.map((l) => l.lotId),
        `${order} page at ${offset} after ${what}`,
      ).toEqual(want.order[order].slice(offset, offset + 5));
    }
  }
}

describe('what a recall stores', () => {
  it('keeps its summary equal to the one computed from all lots through random marks, disposals, holds, the close and the lift', async () => {
    const next = random(17);
    const raws = await forest(next);
    const m = staff.manager.session;
    const today = localDay(new Date());
    const recall = await t.call('startRecall', { scope: { kind: 'supplier', supplierId: supplier, range: { from: today, to: today } }, reason: '供应商通报', source: 'supplierNotice' }, m);
    expect(recall.counts.lots).toBe(raws.size);
    expect(stored(recall.id)).toEqual({ counts: recall.counts, quantities: recall.quantities });
    await check(recall.id, 'the start');

    const ops = { mark: 0, dispose: 0, hold: 0, release: 0 };
    const holds: string[] = [];
    for (let step = 0; step < 30; step++) {
      const lots = (await t.call('getRecall', { id: recall.id, limit: 1000 })).lots;
      const lot = lots[Math.floor(next() * lots.length)]!;
      const roll = next();
      if (roll < 0.6) {
        const progress = (['open', 'retrieved', 'notRecoverable'] as const)[Math.floor(next() * 3)]!;
        // A destroyed or nothing-left lot refuses marks; a refusal changes nothing.
        await t.call('markRecallLot', { recallId: recall.id, lotId: lot.lotId, progress }, m).catch((e: { api: { params?: { reason?: string } } }) => {
          expect(e.api.params?.reason).toBe('recallProgressFinal');
        });
        ops.mark++;
      } else if (roll < 0.75 && lot.status === 'recalled' && lot.onHand > 0) {
        await t.call(
          'disposeLot',
          { raw: raws.get(lot.lotId)!, quantity: lot.onHand, unit: 'kg', reason: 'recalled', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
          staff.inspector.session,
        );
        ops.dispose++;
      } else if (roll < 0.9 && lot.status === 'recalled') {
        // Recalled wins over held: the hold hands its state to what a lift restores (a sold-out lot's included).
        holds.push((await t.call('placeHold', { raw: raws.get(lot.lotId)!, note: '复检' }, m)).id);
        ops.hold++;
      } else if (holds.length) {
        await t.call('releaseHold', { holdId: holds.pop()!, reason: '复检阴性' }, m);
        ops.release++;
      } else continue;
      await check(recall.id, `step ${step}`);
    }
    // The sequence did each kind of write.
    expect(
      Object.values(ops).every((n) => n > 0),
      JSON.stringify(ops),
    ).toBe(true);

    for (const l of (await t.call('getRecall', { id: recall.id, limit: 1000 })).lots) {
      if (l.progress === 'open') await t.call('markRecallLot', { recallId: recall.id, lotId: l.lotId, progress: 'notRecoverable' }, m);
    }
    const closed = await t.call('closeRecall', { id: recall.id }, m);
    expect({ counts: closed.counts, quantities: closed.quantities }).toEqual(expected(recall.id).summary);
    await check(recall.id, 'the close');
    const lifted = await t.call('liftRecall', { id: recall.id, reason: '撤回' }, m);
    expect({ counts: lifted.counts, quantities: lifted.quantities }).toEqual(expected(recall.id).summary);
    await check(recall.id, 'the lift');
  });

  it('places a recall started before its lots’ positions were stored on its first read, once, as a start would have', async () => {
    const raws = await forest(random(5));
    const m = staff.manager.session;
    const today = localDay(new Date());
    const recall = await t.call('startRecall', { scope: { kind: 'supplier', supplierId: supplier, range: { from: today, to: today } }, reason: '抽检', source: 'ownTest' }, m);
    const lots = (await t.call('getRecall', { id: recall.id, limit: 1000 })).lots;
    await t.call('markRecallLot', { recallId: recall.id, lotId: lots[2]!.lotId, progress: 'retrieved' }, m);
    const positions = () => t.rows('select lot_id, ord, depth, sold, code_ord from recall_lots where recall_id = ? order by lot_id', recall.id);
    const asStarted = positions();
    expect(asStarted).toHaveLength(raws.size);
    expect(asStarted.every((r) => r.ord !== null && r.depth !== null && r.sold !== null && r.code_ord !== null)).toBe(true);
    const pages = async () => ({
      tree: await t.call('getRecall', { id: recall.id, offset: 3, limit: 7 }),
      openFirst: await t.call('getRecall', { id: recall.id, offset: 0, limit: 1000, order: 'openFirst' }),
    });
    const read = await pages();

    // As migration 0025 leaves a recall started before it.
    exec('update recall_lots set ord = null, depth = null, sold = null, code_ord = null');
    exec('update recalls set summary = null');
    expect(await t.call('listRecalls', {})).toEqual([read.tree.recall]);
    expect(positions()).toEqual(asStarted);
    expect(stored(recall.id)).toEqual({ counts: read.tree.recall.counts, quantities: read.tree.recall.quantities });
    expect(await pages()).toEqual(read);
    await check(recall.id, 'the placing');
  });
});
