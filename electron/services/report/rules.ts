import type { DayReport, RuleCheck } from '../../../shared/contract';
import { checkWorkPlan } from '../../../shared/domain/workPlanRules';
import type { DisposalFigures } from './disposals';
import type { Rows } from './worker';

/** The report's figures as the work plan's rules read them (shared/domain/workPlanRules.ts). */
export function ruleSection(rows: Rows, report: Omit<DayReport, 'rules' | 'range' | 'dayStart' | 'generatedAt'>, disposals: DisposalFigures, uploadLots: string[]): RuleCheck[] {
  const ids = (name: string) => rows[name]!.map((r) => r.id as string);
  const unchecked = ids('unchecked');
  const { testing } = report;
  return checkWorkPlan({
    entry: { lots: report.intake.total.lots + unchecked.length, unchecked },
    noReport: { lots: testing.noReport.lots, untested: ids('untestedNoReport') },
    sampling: {
      lots: testing.withReport.lots,
      sampled: testing.withReport.sampled,
      tested: testing.withReport.tested,
      targetRate: testing.withReport.targetRate,
      selectedUntested: ids('selectedUntested'),
    },
    positives: testing.positives,
    disposals: { count: disposals.section.count, evidenceMissing: disposals.evidenceMissing, withoutCertificate: disposals.withoutCertificate },
    upload: { backlog: report.upload.backlog, deadLetters: report.upload.deadLetters, lotIds: uploadLots },
  });
}
