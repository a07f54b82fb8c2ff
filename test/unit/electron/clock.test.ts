import { describe, expect, it } from 'vitest';
import { createClock, pooledRandom } from '../../../electron/core/clock';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('record ids', () => {
  it('draws byte / 256 values from the pool, refilling it when used up', () => {
    const random = pooledRandom(8);
    const values = Array.from({ length: 4096 }, random);
    for (const v of values) expect(Number.isInteger(v * 256) && v >= 0 && v < 1).toBe(true);
    // 4096 uniform bytes: every one of the 256 values turns up, none far more often than its share.
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(counts.size).toBe(256);
    expect(Math.max(...counts.values())).toBeLessThan(48);
  });

  it('makes distinct, time-ordered ULIDs across pool refills', () => {
    let t = Date.parse('2026-12-04T08:00:00Z');
    const clock = createClock(() => new Date(t));
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 500 === 0) t += 1;
      ids.push(clock.id());
    }
    for (const id of ids) expect(id).toMatch(CROCKFORD);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // Random parts differ between milliseconds (the pool is not reused from its start).
    expect(new Set([0, 500, 1000, 1500].map((i) => ids[i]!.slice(10))).size).toBe(4);
  });
});
