import { describe, expect, it } from 'vitest';
import { protocolById, SCALE_PROTOCOLS } from '../../../drivers/scale/protocols';
import { toKg } from '../../../drivers/scale/types';

describe('scale protocol registry', () => {
  it('ids are unique and found by id; names carry Chinese and English', () => {
    const ids = SCALE_PROTOCOLS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of SCALE_PROTOCOLS) {
      expect(protocolById(p.id)).toBe(p);
      expect(p.name).toMatch(/[\u4e00-\u9fff].*\/ [A-Za-z]/);
    }
    expect(protocolById('nope')).toBeUndefined();
  });

  it('request/response protocols poll and answer; continuous ones do neither', () => {
    for (const p of SCALE_PROTOCOLS) expect(p.poll === undefined).toBe(p.answer === undefined);
  });
});

describe('toKg', () => {
  it.each([
    [1, 'kg', 1],
    [500, 'g', 0.5],
    [1, 'lb', 0.45359237],
    [2, 'jin', 1],
    [10, 'liang', 0.5],
    [1, 'twCatty', 0.6],
    [1, 'hkCatty', 0.60478982],
  ] as const)('%d %s = %d kg', (value, unit, kg) => {
    expect(toKg(value, unit)).toBeCloseTo(kg, 12);
  });
});
