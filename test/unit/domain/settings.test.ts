import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/contract';
import { DEFAULT_SCANNER_TIMING, DEFAULT_SETTINGS, settingsProblems } from '../../../shared/domain/settings';
import { DEFAULT_WEIGHT_LAYOUTS } from '../../../shared/domain/weightCode';

const withSettings = (over: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('settingsProblems', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([]);
    expect(DEFAULT_SETTINGS.scanner).toEqual({ minLength: 4, maxAvgGapMs: 30, maxGapMs: 80 });
    expect(DEFAULT_SETTINGS.weightLayouts).toEqual(DEFAULT_WEIGHT_LAYOUTS);
  });

  it('names each bad field of a weight layout at its index', () => {
    const [first, second] = DEFAULT_WEIGHT_LAYOUTS;
    const broken = { ...second!, fields: { ...second!.fields, weight: [14, 5, 3] as [number, number, number] } };
    expect(settingsProblems(withSettings({ weightLayouts: [first!, broken] }))).toEqual([{ path: 'weightLayouts.1.weight', code: 'weightLayout' }]);
  });

  it('refuses two layouts with one id, naming the later one', () => {
    const [first] = DEFAULT_WEIGHT_LAYOUTS;
    expect(settingsProblems(withSettings({ weightLayouts: [first!, { ...first!, prefix: '21' }] }))).toEqual([{ path: 'weightLayouts.1.id', code: 'duplicate' }]);
  });

  it('refuses a largest gap below the average gap, and accepts them equal', () => {
    expect(settingsProblems(withSettings({ scanner: { ...DEFAULT_SCANNER_TIMING, maxAvgGapMs: 40, maxGapMs: 39 } }))).toEqual([{ path: 'scanner.maxGapMs', code: 'lessThanAverage' }]);
    expect(settingsProblems(withSettings({ scanner: { ...DEFAULT_SCANNER_TIMING, maxAvgGapMs: 40, maxGapMs: 40 } }))).toEqual([]);
  });
});
