import type { TFunction } from 'i18next';
import type { Amount, DayReport, RuleCheck, WorkPlanRule } from '../../../../shared/contract';

/** A share in percent, at most one decimal: 0.08 → "8%", 0.125 → "12.5%". */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

const quantity = (n: number) => String(Math.round(n * 100) / 100);

/** "12 批 · 340.5 公斤 · 20 件": lots always, each unit only when there is some (件/头/箱 never turned into kg). */
export function amountText(t: TFunction, a: Amount): string {
  const parts = [t('report.amount.lots', { count: a.lots })];
  for (const unit of ['kg', 'piece', 'head', 'box'] as const) if (a[unit] > 0) parts.push(t(`report.amount.${unit}`, { value: quantity(a[unit]) }));
  return parts.join(' · ');
}

/** Figures that are shares (0–1) and read as percent in the sentence. */
const SHARES = new Set(['rate', 'target']);

/** The figure counting what a rule checks: when it is 0 the rule is met with nothing to check, and says so. */
const CHECKED: Partial<Record<WorkPlanRule, string>> = {
  entryChecked: 'lots',
  noReportTested: 'lots',
  samplingRate: 'lots',
  positivesHandled: 'positives',
  disposalEvidence: 'disposals',
};

/**
 * Sampling short only of tests: enough lots are selected (the floor would add none), they are not
 * tested yet. Reports frozen before `toSelect` existed read as short of selections.
 */
export const samplingAwaitsTests = (check: RuleCheck) => !check.met && check.figures.toSelect === 0;

/** A rule's state in words from its figures: "3 批无检测报告的未检测", "抽检率 8% < 10%，还需抽检 4 批". */
export function ruleSentence(t: TFunction, check: RuleCheck): string {
  const { figures } = check;
  const counted = CHECKED[check.rule];
  if (check.met && counted && figures[counted] === 0) return t(`report.rule.${check.rule}.none`);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(figures)) params[k] = SHARES.has(k) ? percent(v) : v;
  // Positives not dealt with: held awaiting a decision, or still selling.
  if (check.rule === 'positivesHandled') params.open = (figures.held ?? 0) + (figures.selling ?? 0);
  if (check.rule === 'samplingRate' && samplingAwaitsTests(check)) return t('report.rule.samplingRate.unmetSelected', params);
  return t(`report.rule.${check.rule}.${check.met ? 'met' : 'unmet'}`, params);
}

/** The codes the report itself names (positives, disposals, overrides) by lot id: a rule's lot button shows the code where it is known. */
export function knownCodes(report: Pick<DayReport, 'testing' | 'disposals' | 'verdicts' | 'lotCodes'>): Map<string, string> {
  const codes = new Map<string, string>(Object.entries(report.lotCodes));
  for (const { lotId, code } of [...report.testing.positives, ...report.disposals.list, ...report.verdicts.overrides]) codes.set(lotId, code);
  return codes;
}
