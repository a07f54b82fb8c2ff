import type { Amount, BreakdownRow } from '../../../shared/contract';

export const noAmount = (): Amount => ({ lots: 0, kg: 0, piece: 0, head: 0, box: 0 });

/** Kilograms to the gram: sums of many floats otherwise show 1234.5000000001. */
const grams = (kg: number) => Math.round(kg * 1000) / 1000;

/** Adds `lots` lots of `quantity` in `unit`: only kg is a weight, the other units are counted apart. */
export function addTo(a: Amount, unit: string, lots: number, quantity: number): Amount {
  a.lots += lots;
  if (unit === 'kg') a.kg = grams(a.kg + quantity);
  else if (unit === 'piece' || unit === 'head' || unit === 'box') a[unit] += quantity;
  return a;
}

/** One collator for every sort: `localeCompare(…, 'zh')` builds one per call (slow over 2,000 suppliers). */
export const byName = new Intl.Collator('zh').compare;

/** Breakdown rows by key, largest first (lots, then kg), ties by name. */
export function breakdown<R>(rows: readonly R[], key: (r: R) => string | null, name: (id: string | null) => string, amount: (r: R, into: Amount) => void): BreakdownRow[] {
  const byKey = new Map<string | null, BreakdownRow>();
  for (const r of rows) {
    const id = key(r);
    let row = byKey.get(id);
    if (!row) byKey.set(id, (row = { id, name: name(id), amount: noAmount() }));
    amount(r, row.amount);
  }
  return [...byKey.values()].sort((a, b) => b.amount.lots - a.amount.lots || b.amount.kg - a.amount.kg || byName(a.name, b.name));
}
