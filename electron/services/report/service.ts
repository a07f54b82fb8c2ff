import type { DayRange, DayReport, TrendDay } from '../../../shared/contract';
import { addDays } from '../../../shared/domain/entryRules';
import { isoLocal, type Clock } from '../../core/clock';
import { certificateSection, certificateSteps } from './certificates';
import { counterSection, counterSteps } from './counter';
import { dayCertificatesStep, dayHoursStep, dayLotsStep } from './dayLots';
import { disposalSection, disposalSteps } from './disposals';
import { intakeSection, intakeSteps } from './intake';
import { namesFrom, namesStep } from './names';
import { rangeParams } from './range';
import { recallSection, recallSteps } from './recalls';
import { gateFlowSection, gateFlowSteps } from './gateFlow';
import { ruleSection } from './rules';
import { testingSection, testingSteps } from './testing';
import { shiftOf, trendDays, trendSteps } from './trend';
import { uploadSection, uploadSteps } from './upload';
import { verdictSection, verdictSteps } from './verdicts';
import { createReportWorker, type Step } from './worker';

export interface ReportDeps {
  /** station.db: the worker opens it read-only beside the station's own connection (WAL). */
  dbPath: string;
  clock: Clock;
  /** The sampling rules in force: the market day's start and the sampling target. */
  sampling: () => { dayStart: string; targetRate: number };
  /** A report still running after this long is stopped (default 60 s). */
  timeoutMs?: number;
}

const DAY_STEPS = [
  dayLotsStep,
  dayCertificatesStep,
  dayHoursStep,
  namesStep,
  ...intakeSteps,
  ...verdictSteps,
  ...certificateSteps,
  ...testingSteps,
  ...disposalSteps,
  ...counterSteps,
  ...uploadSteps,
  ...recallSteps,
  ...gateFlowSteps,
];
const TREND_STEPS = [dayLotsStep, ...trendSteps];
/** The codes of the lots the rules name (at most 50 per rule), read once the rules are judged. */
const LOT_CODES: Step = { name: 'lotCodes', kind: 'all', sql: `select id, code_key as code from lots where id in (select value from json_each(@ids))` };

/** 日报 and the intake trend (docs/report.md), computed on a worker off the write path. */
export function createReportService(deps: ReportDeps) {
  const worker = createReportWorker(deps.dbPath, deps.timeoutMs ?? 60_000);
  return {
    async day(range: DayRange): Promise<DayReport> {
      const { dayStart, targetRate } = deps.sampling();
      const rows = await worker.run(DAY_STEPS, { ...rangeParams(range.from, range.to, dayStart), shift: shiftOf(dayStart) });
      const names = namesFrom(rows.names!);
      const disposals = disposalSection(rows);
      const { lotIds: uploadLots, ...upload } = uploadSection(rows);
      const sections = {
        intake: intakeSection(rows, names, dayStart),
        verdicts: verdictSection(rows),
        certificates: certificateSection(rows),
        testing: testingSection(rows, dayStart, targetRate),
        disposals: disposals.section,
        counter: counterSection(rows, names),
        upload,
        recalls: recallSection(rows),
        gateFlow: gateFlowSection(rows, range.from, range.to),
      };
      const rules = ruleSection(rows, sections, disposals, uploadLots);
      const ids = [...new Set(rules.flatMap((r) => r.lotIds))];
      const codes = ids.length ? (await worker.run([LOT_CODES], { ids: JSON.stringify(ids) })).lotCodes! : [];
      const lotCodes = Object.fromEntries(codes.map((r) => [r.id as string, r.code as string]));
      return { range: { from: range.from, to: range.to }, dayStart, generatedAt: isoLocal(deps.clock.now()), ...sections, rules, lotCodes };
    },

    async trend(input: { to: string; days: 7 | 30 }): Promise<TrendDay[]> {
      const { dayStart } = deps.sampling();
      const params = { ...rangeParams(addDays(input.to, 1 - input.days), input.to, dayStart), shift: shiftOf(dayStart) };
      return trendDays(await worker.run(TREND_STEPS, params), input.to, input.days);
    },

    /** Stops the report worker (the store is closing). */
    close: worker.close,
  };
}
export type ReportService = ReturnType<typeof createReportService>;
