import { describe, expect, it } from 'vitest';
import { daysEndingWith, marketBounds, marketDayOf, marketHours } from '../../../shared/domain/marketDay';

describe('market days', () => {
  it('bounds run from dayStart to dayStart after the last day, as wall-clock prefixes stored times compare with', () => {
    const b = marketBounds('2026-03-10', '2026-03-10', '06:00');
    expect(b).toEqual({ fromAt: '2026-03-10T06:00', toAt: '2026-03-11T06:00' });
    const inRange = (at: string) => at >= b.fromAt && at < b.toAt;
    expect(inRange('2026-03-10T05:59:59.999+08:00')).toBe(false);
    expect(inRange('2026-03-10T06:00:00.000+08:00')).toBe(true);
    expect(inRange('2026-03-11T01:00:00.000+08:00')).toBe(true);
    expect(inRange('2026-03-11T05:59:59.999+08:00')).toBe(true);
    expect(inRange('2026-03-11T06:00:00.000+08:00')).toBe(false);
    expect(marketBounds('2026-02-27', '2026-03-01', '00:00')).toEqual({ fromAt: '2026-02-27T00:00', toAt: '2026-03-02T00:00' });
  });

  it('refuses a range ending before it starts, and a bad day or time', () => {
    expect(() => marketBounds('2026-03-11', '2026-03-10', '06:00')).toThrow(RangeError);
    expect(() => marketBounds('2026-02-30', '2026-03-10', '06:00')).toThrow(RangeError);
    expect(() => marketBounds('2026-03-10', '2026-03-10', '6:00')).toThrow(RangeError);
    expect(() => marketBounds('2026-03-10', '2026-03-10', '24:00')).toThrow(RangeError);
  });

  it('a time before dayStart belongs to the day before', () => {
    expect(marketDayOf('2026-03-01T05:59:00.000+08:00', '06:00')).toBe('2026-02-28');
    expect(marketDayOf('2026-03-01T06:00:00.000+08:00', '06:00')).toBe('2026-03-01');
    expect(marketDayOf('2026-03-01T00:00:00.000+08:00', '00:00')).toBe('2026-03-01');
    // An overnight market opening at 22:00: its day is named after the evening it starts.
    expect(marketDayOf('2026-03-02T03:00:00.000+08:00', '22:00')).toBe('2026-03-01');
  });

  it('hours in the order a market day passes them', () => {
    expect(marketHours('00:00')).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(marketHours('22:30').slice(0, 4)).toEqual([22, 23, 0, 1]);
    expect(marketHours('22:30')).toHaveLength(24);
  });

  it('days ending with a day, oldest first, across a month end', () => {
    expect(daysEndingWith('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysEndingWith('2026-03-02', 30)).toHaveLength(30);
  });
});
