import type { DayReport, RuleCheck } from '../../../shared/contract';
import { checkWorkPlan } from '../../../shared/domain/workPlanRules';
import type { DisposalFigures } from './disposals';
import type { Rows } from './worker';

/** The report's figures as the work plan's rules read them (shared/domain/workPlanRules.ts). */
export function ruleSection(rows: Rows, report: Omit<DayReport, 'rules' | 'lotCodes' | 'range' | 'dayStart' | 'generatedAt'>, disposals: DisposalFigures, uploadLots: string[]): RuleCheck[] {
  const unchecked = rows.unchecked!.map((r) => r.id as string);
  const untested = (kind: string) => rows.untested!.filter((r) => r.kind === kind).map((r) => r.id as string);
  const { testing } = report;
  return checkWorkPlan({
    entry: { lots: report.intake.total.lots + unchecked.length, unchecked },
    noReport: { ...testing.noReport, untestedIds: untested('noReport') },
    sampling: {
      lots: testing.withReport.lots,
      sampled: testing.withReport.sampled,
      tested: testing.withReport.tested,
      targetRate: testing.withReport.targetRate,
      selectedUntested: untested('sampled'),
    },
    positives: testing.positives,
    disposals: { count: disposals.section.count, evidenceMissing: disposals.evidenceMissing, withoutCertificate: disposals.withoutCertificate },
    upload: { backlog: report.upload.backlog, deadLetters: report.upload.deadLetters, lotIds: uploadLots },
  });
}
