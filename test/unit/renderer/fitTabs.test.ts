import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitTabs } from '../../../renderer/src/screens/nav/fitTabs';

describe('top bar tabs in one row', () => {
  it('shows every tab when they fit, with no 更多', () => {
    expect(fitTabs([100, 100, 100], 312, 80, 6, 0)).toEqual({ shown: [0, 1, 2], overflow: [] });
  });

  it('moves what does not fit under 更多, keeping room for the 更多 button', () => {
    // 600 − 80 − 6 = 514 of room: four tabs of 100 with gaps take 418, a fifth would need 524.
    expect(fitTabs([100, 100, 100, 100, 100, 100], 600, 80, 6, 0)).toEqual({ shown: [0, 1, 2, 3], overflow: [4, 5] });
  });

  it('always shows the current tab, in its place', () => {
    expect(fitTabs([100, 100, 100, 100, 100, 100], 600, 80, 6, 5)).toEqual({ shown: [0, 1, 2, 5], overflow: [3, 4] });
  });

  it('never overflows the row and never loses a tab', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 40, max: 160 }), { minLength: 1, maxLength: 15 }), fc.integer({ min: 200, max: 1400 }), fc.nat(), (widths, available, pick) => {
        const current = pick % widths.length;
        const { shown, overflow } = fitTabs(widths, available, 80, 6, current);
        expect([...shown, ...overflow].sort((a, b) => a - b)).toEqual(widths.map((_, i) => i));
        expect(shown).toContain(current);
        const used = shown.reduce((s, i) => s + widths[i]!, 0) + 6 * (shown.length - 1) + (overflow.length ? 80 + 6 : 0);
        // Only the current tab alone may not fit (a window narrower than one tab and 更多).
        if (shown.length > 1) expect(used).toBeLessThanOrEqual(available);
      }),
    );
  });
});
