import { describe, expect, it } from 'vitest';
import { ruleSentence } from '../../../electron/services/exports/words';

describe('export words: the sampling rule', () => {
  const figures = { lots: 92, sampled: 8, tested: 8, rate: 8 / 92, target: 0.1, required: 10, missing: 2 };

  it('short of selections: every figure in words, none left as an English name', () => {
    expect(ruleSentence('samplingRate', false, { ...figures, toSelect: 2 })).toBe('有检测报告 92 批，已抽中 8 批，已检测 8 批，应检测 10 批，抽检率 8.7% < 10%，还差 2 批');
  });

  it('enough selected (after the floor): the lots await their tests, and toSelect is never listed as an unknown figure', () => {
    expect(ruleSentence('samplingRate', false, { ...figures, sampled: 10, toSelect: 0 })).toBe('有检测报告 92 批，已抽中 10 批，已检测 8 批，应检测 10 批，抽检率 8.7% < 10%，待检测 2 批');
  });

  it('a report frozen before toSelect existed reads as before', () => {
    expect(ruleSentence('samplingRate', false, figures)).toBe('有检测报告 92 批，已抽中 8 批，已检测 8 批，应检测 10 批，抽检率 8.7% < 10%，还差 2 批');
  });
});
