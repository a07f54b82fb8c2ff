import type { Settings } from '../contract';
import { LABEL_40x30 } from './label';
import { DEFAULT_LABEL_URL_TEMPLATE, labelUrlTemplateProblem } from './labelUrl';
import { DEFAULT_WEIGHT_LAYOUTS, weightLayoutProblems } from './weightCode';

/**
 * Keyboard-wedge timing: scanners send keys 1–20 ms apart, people rarely under 30 ms except for
 * overlapping pairs, so four keys at ≤ 30 ms average (no gap over 80 ms) mean a scanner.
 */
export const DEFAULT_SCANNER_TIMING: Settings['scanner'] = { minLength: 4, maxAvgGapMs: 30, maxGapMs: 80 };

export const DEFAULT_SETTINGS: Settings = {
  weightLayouts: DEFAULT_WEIGHT_LAYOUTS.map((l) => ({ ...l, fields: { ...l.fields } })),
  scanner: DEFAULT_SCANNER_TIMING,
  split: { toleranceKg: 0.02 },
  labelTemplateId: LABEL_40x30.id,
  expiry: { warnDays: 3 },
  selling: { marketWide: false },
  signIn: { idleMinutes: 30 },
  pinGuard: { delayAfterFailures: 5, lockAfterFailures: 10 },
  labelUrl: { template: DEFAULT_LABEL_URL_TEMPLATE },
};

/** Problems that schema validation cannot see: overlapping fields, duplicate ids, gap order. */
export function settingsProblems(s: Settings): { path: string; code: string }[] {
  const problems: { path: string; code: string }[] = [];
  s.weightLayouts.forEach((l, i) => {
    for (const p of weightLayoutProblems(l)) problems.push({ path: `weightLayouts.${i}.${p}`, code: 'weightLayout' });
    if (s.weightLayouts.findIndex((o) => o.id === l.id) !== i) problems.push({ path: `weightLayouts.${i}.id`, code: 'duplicate' });
  });
  if (s.scanner.maxGapMs < s.scanner.maxAvgGapMs) problems.push({ path: 'scanner.maxGapMs', code: 'lessThanAverage' });
  if (s.pinGuard.lockAfterFailures <= s.pinGuard.delayAfterFailures) problems.push({ path: 'pinGuard.lockAfterFailures', code: 'notAfterDelay' });
  const urlProblem = labelUrlTemplateProblem(s.labelUrl.template);
  if (urlProblem) problems.push({ path: 'labelUrl.template', code: `labelUrl.${urlProblem}` });
  return problems;
}
