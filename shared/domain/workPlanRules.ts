/**
 * The district work plan's daily rules (docs/report.md), judged from a report's figures: pure, so
 * both sides of every threshold are unit-tested without a database. Each rule gives the figures its
 * sentence is made of and the lots that keep it from being met (oldest first, at most 50).
 */
import type { RuleCheck } from '../contract';
import { requiredSamples } from './sampling';

export const RULE_LOT_LIMIT = 50;

export type PositiveOutcome = 'held' | 'destroyed' | 'released' | 'selling';

export interface WorkPlanFigures {
  /** Lots that came in at the gate, and those of them without an entry check (ids, oldest first). */
  entry: { lots: number; unchecked: readonly string[] };
  /** Lots that came without a test report (批批检测), how many of them were tested, and some of those not (oldest first). */
  noReport: { lots: number; tested: number; untestedIds: readonly string[] };
  /**
   * Report lots (the sampler's pool), how many were selected and how many tested, against the
   * target share; `selectedUntested`: some selected, not yet tested (what testing would mend).
   */
  sampling: { lots: number; sampled: number; tested: number; targetRate: number; selectedUntested: readonly string[] };
  /** One per lot positive in a test of the range, with where it stands now. */
  positives: readonly { lotId: string; outcome: PositiveOutcome }[];
  /** Disposals of the range: lots of those shredded without a detected run, and of those without their certificate. */
  disposals: { count: number; evidenceMissing: readonly string[]; withoutCertificate: readonly string[] };
  /** Upload records of the range still waiting and refused, and the lots they belong to. */
  upload: { backlog: number; deadLetters: number; lotIds: readonly string[] };
}

const ids = (...lists: (readonly string[])[]): string[] => [...new Set(lists.flat())].sort().slice(0, RULE_LOT_LIMIT);

/** Every rule of WORK_PLAN_RULES, in that order. */
export function checkWorkPlan(f: WorkPlanFigures): RuleCheck[] {
  const unchecked = f.entry.unchecked.length;
  const untested = f.noReport.lots - f.noReport.tested;
  const s = f.sampling;
  const required = requiredSamples(s.lots, s.targetRate);
  const missing = Math.max(0, required - s.tested);
  // Short of selections (what the sampling floor mends), as against selected and not yet tested.
  const toSelect = Math.max(0, required - s.sampled);
  const by = (o: PositiveOutcome) => f.positives.filter((p) => p.outcome === o);
  const open = [...by('held'), ...by('selling')].map((p) => p.lotId);
  return [
    { rule: 'entryChecked', met: unchecked === 0, figures: { lots: f.entry.lots, checked: f.entry.lots - unchecked, unchecked }, lotIds: ids(f.entry.unchecked) },
    { rule: 'noReportTested', met: untested === 0, figures: { lots: f.noReport.lots, tested: f.noReport.tested, untested }, lotIds: ids(f.noReport.untestedIds) },
    {
      rule: 'samplingRate',
      met: missing === 0,
      // No report lots: nothing to sample, and no rate to state.
      figures: { lots: s.lots, sampled: s.sampled, tested: s.tested, ...(s.lots > 0 && { rate: s.tested / s.lots }), target: s.targetRate, required, missing, toSelect },
      lotIds: missing > 0 ? ids(s.selectedUntested) : [],
    },
    {
      rule: 'positivesHandled',
      met: open.length === 0,
      figures: { positives: f.positives.length, destroyed: by('destroyed').length, released: by('released').length, held: by('held').length, selling: by('selling').length },
      lotIds: ids(open),
    },
    {
      rule: 'disposalEvidence',
      met: f.disposals.evidenceMissing.length === 0 && f.disposals.withoutCertificate.length === 0,
      figures: { disposals: f.disposals.count, evidenceMissing: f.disposals.evidenceMissing.length, withoutCertificate: f.disposals.withoutCertificate.length },
      lotIds: ids(f.disposals.evidenceMissing, f.disposals.withoutCertificate),
    },
    {
      rule: 'uploaded',
      met: f.upload.backlog === 0 && f.upload.deadLetters === 0,
      figures: { backlog: f.upload.backlog, deadLetters: f.upload.deadLetters },
      lotIds: ids(f.upload.lotIds),
    },
  ];
}
