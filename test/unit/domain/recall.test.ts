import { describe, expect, it } from 'vitest';
import { canClose, countProgress, initialProgress, lotQuantities, markOutcome, maskPhone, nextRecallNumber, seesPhones } from '../../../shared/domain/recall';
import { placeTree, summarize, treePositions, treeTotals, unitTotals, type TreeRow } from '../../../shared/domain/recallTree';

const row = (lotId: string, parentLotId: string | null, quantity: number, o: Partial<TreeRow> = {}): TreeRow => ({
  lotId,
  parentLotId,
  createdAt: `2026-03-10T10:00:0${lotId.length}.000+08:00`,
  quantity,
  unit: 'kg',
  status: 'recalled',
  priorStatus: 'admitted',
  ...o,
});

describe('lot quantities', () => {
  it('splits a lot into what is left, what was sold on and what a closing sale wrote off', () => {
    expect(lotQuantities({ quantity: 100, unit: 'kg', status: 'admitted', childrenQuantity: 30.1 })).toEqual({ onHand: 69.9, sold: 30.1, writtenOff: 0 });
    // Sold out with a closing sale: the rest was written off.
    expect(lotQuantities({ quantity: 100, unit: 'kg', status: 'exhausted', childrenQuantity: 97.5 })).toEqual({ onHand: 0, sold: 97.5, writtenOff: 2.5 });
    // A recalled lot is judged by its state before: a sold-out lot stays sold out.
    expect(lotQuantities({ quantity: 100, unit: 'kg', status: 'recalled', priorStatus: 'exhausted', childrenQuantity: 97.5 })).toEqual({ onHand: 0, sold: 97.5, writtenOff: 2.5 });
    expect(lotQuantities({ quantity: 100, unit: 'kg', status: 'recalled', priorStatus: 'held', childrenQuantity: 40 })).toEqual({ onHand: 60, sold: 40, writtenOff: 0 });
    expect(lotQuantities({ quantity: 12, unit: 'box', status: 'destroyed', childrenQuantity: 5 })).toEqual({ onHand: 0, sold: 5, writtenOff: 7 });
  });

  it('rounds to the gram so binary fractions add up, and keeps the three summing to the quantity', () => {
    const q = lotQuantities({ quantity: 0.3, unit: 'kg', status: 'admitted', childrenQuantity: 0.1 + 0.2 });
    expect(q).toEqual({ onHand: 0, sold: 0.3, writtenOff: 0 });
    // Split within the counter's tolerance past what was left: nothing on hand, the excess below zero.
    const over = lotQuantities({ quantity: 1, unit: 'kg', status: 'admitted', childrenQuantity: 1.002 });
    expect(over).toEqual({ onHand: 0, sold: 1.002, writtenOff: -0.002 });
  });

  it('opens a lot with something left; nothing left or destroyed is settled from the start', () => {
    expect(initialProgress(0.001, 'recalled')).toBe('open');
    expect(initialProgress(0, 'exhausted')).toBe('nothingLeft');
    expect(initialProgress(5, 'destroyed')).toBe('nothingLeft');
  });
});

describe('progress marks and the close', () => {
  it('keeps destroyed and nothingLeft final, ignores the same mark, lets the rest change', () => {
    expect(markOutcome('destroyed', 'open')).toBe('final');
    expect(markOutcome('nothingLeft', 'retrieved')).toBe('final');
    expect(markOutcome('retrieved', 'retrieved')).toBe('same');
    expect(markOutcome('open', 'notRecoverable')).toBe('change');
    expect(markOutcome('notRecoverable', 'open')).toBe('change');
  });

  it('counts by progress and closes only with nothing open', () => {
    const counts = countProgress(['open', 'retrieved', 'retrieved', 'destroyed', 'nothingLeft', 'notRecoverable']);
    expect(counts).toEqual({ lots: 6, open: 1, retrieved: 2, destroyed: 1, notRecoverable: 1, nothingLeft: 1 });
    expect(canClose(counts)).toBe(false);
    expect(canClose({ ...counts, open: 0 })).toBe(true);
  });
});

describe('phones and numbers', () => {
  it('masks a mobile to its first three and last four digits for everyone but managers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0595 2288 1234')).toBe('059*****1234');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
    expect(['manager', 'admin', 'inspector', 'receiver', 'vendor'].map(seesPhones)).toEqual([true, true, false, false, false]);
  });

  it('numbers recalls per day, two digits and more past 99', () => {
    expect(nextRecallNumber('2026-12-05', [])).toBe('ZH20261205-01');
    expect(nextRecallNumber('2026-12-05', ['ZH20261204-07', 'ZH20261205-01', 'ZH20261205-02'])).toBe('ZH20261205-03');
    expect(nextRecallNumber('2026-12-05', ['ZH20261205-99'])).toBe('ZH20261205-100');
    expect(nextRecallNumber('2026-12-05', ['ZH20261205-100', 'ZH20261205-99'])).toBe('ZH20261205-101');
  });
});

describe('the recall tree', () => {
  it('places each lot once, in tree order, with depth and children sums', () => {
    const rows = [row('c2', 'r', 10), row('g', 'c1', 5), row('r', null, 100), row('c1', 'r', 20, { createdAt: '2026-03-10T10:00:00.000+08:00' }), row('other', null, 3, { unit: 'box' })];
    const placed = placeTree(rows);
    expect(placed.map((p) => [p.row.lotId, p.depth])).toEqual([
      ['r', 0],
      ['c1', 1],
      ['g', 2],
      ['c2', 1],
      ['other', 0],
    ]);
    expect(placed.find((p) => p.row.lotId === 'r')!.quantities).toEqual({ onHand: 70, sold: 30, writtenOff: 0 });
    expect(placed.find((p) => p.row.lotId === 'c1')!.quantities).toEqual({ onHand: 15, sold: 5, writtenOff: 0 });
    // What is left anywhere, and what left the named lots once (not again for the grandchild).
    expect(unitTotals(placed)).toEqual([
      { unit: 'box', onHand: 3, sold: 0 },
      { unit: 'kg', onHand: 70 + 15 + 5 + 10, sold: 30 },
    ]);
  });

  it('makes a lot whose parent is not listed a root, and walks a 20,000-deep lineage without recursion', () => {
    const deep = Array.from({ length: 20_000 }, (_, i) => row(`L${i}`, i === 0 ? 'outside' : `L${i - 1}`, 20_000 - i, { createdAt: `t${String(i).padStart(6, '0')}` }));
    const placed = placeTree(deep.slice().reverse());
    expect(placed.map((p) => p.depth)).toEqual(deep.map((_, i) => i));
    expect(placed.every((p) => p.quantities.onHand === 1 || p.depth === 19_999)).toBe(true);
  });

  it('sums the quantities without placing the tree to the same figures placing gives, whatever the rows’ order', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const statuses = ['admitted', 'exhausted', 'destroyed', 'recalled', 'held'] as const;
    for (let round = 0; round < 50; round++) {
      const rows: TreeRow[] = [];
      for (let i = 0; i < 200; i++) {
        // Parents among the earlier rows, or outside (a root); quantities in grams.
        const parent = i === 0 || next() < 0.1 ? (next() < 0.5 ? null : 'outside') : `L${Math.floor(next() * i)}`;
        const status = statuses[Math.floor(next() * statuses.length)]!;
        rows.push(
          row(`L${i}`, parent, Math.round(next() * 20_000) / 1000, { unit: next() < 0.8 ? 'kg' : 'box', status, priorStatus: status === 'recalled' ? statuses[Math.floor(next() * 3)]! : null }),
        );
      }
      const shuffled = rows.slice().sort(() => next() - 0.5);
      expect(treeTotals(shuffled)).toEqual(unitTotals(placeTree(rows)));
    }
  });

  it('stores each lot’s place: tree order, depth, what it sold on, its rank by code (ties in tree order)', () => {
    const rows = [row('c2', 'r', 10), row('g', 'c1', 5), row('r', null, 100), row('c1', 'r', 20, { createdAt: '2026-03-10T10:00:00.000+08:00' })];
    const codes: Record<string, string> = { r: 'B', c1: 'D', g: 'A', c2: 'B' };
    const placed = placeTree(rows.map((r) => ({ ...r, codeKey: codes[r.lotId]! })));
    expect(treePositions(placed)).toEqual([
      { lotId: 'r', ord: 0, depth: 0, sold: 30, codeOrd: 1 },
      { lotId: 'c1', ord: 1, depth: 1, sold: 5, codeOrd: 3 },
      { lotId: 'g', ord: 2, depth: 2, sold: 0, codeOrd: 0 },
      { lotId: 'c2', ord: 3, depth: 1, sold: 0, codeOrd: 2 },
    ]);
    const progress = ['open', 'retrieved', 'open', 'nothingLeft'] as const;
    expect(summarize(placed.map((p, i) => ({ ...p, row: { ...p.row, progress: progress[i]! } })))).toEqual({
      counts: { lots: 4, open: 2, retrieved: 1, destroyed: 0, notRecoverable: 0, nothingLeft: 1 },
      quantities: [{ unit: 'kg', onHand: 70 + 15 + 5 + 10, sold: 30 }],
    });
  });
});
