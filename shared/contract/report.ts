import { z } from 'zod';
import { method } from './spec';
import { CERTIFICATE_TYPES, Id, IsoDate, IsoDateTime, Outcome, Reason } from './entities';

const REPORTING = ['manager'] as const;

/**
 * A stretch of market days, both ends included. A market day starts at the sampling settings'
 * `dayStart` (an overnight market's day runs past midnight), not always at 00:00.
 */
export const DayRange = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'rangeOrder' })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, { path: ['to'], message: 'rangeTooLong' });
export type DayRange = z.infer<typeof DayRange>;

/** How much came in: lots, and quantity per unit. Only kg is a weight; 件 / 头 / 箱 are counted apart, never converted. */
export const Amount = z.object({ lots: z.number().int(), kg: z.number(), piece: z.number(), head: z.number(), box: z.number() });
export type Amount = z.infer<typeof Amount>;

/** One row of a breakdown, largest first: what it is (null id, name '': none recorded, e.g. no stall yet — the screen words it), its name, its amount. */
export const BreakdownRow = z.object({ id: z.string().nullable(), name: z.string(), amount: Amount });
export type BreakdownRow = z.infer<typeof BreakdownRow>;

/**
 * The work plan's rules, each met or not for the range:
 * - entryChecked: every lot that came in has an entry check (准入 / 待检 / 拒收);
 * - noReportTested: every lot that came without a test report was tested (100%);
 * - samplingRate: of the lots that came with a report, at least the target share was tested (≥ 10% default);
 * - positivesHandled: every lot positive in a test is held and then destroyed or released, none left selling;
 * - disposalEvidence: every disposal has its shredder run (or a recorded method other than shredding) and its certificate;
 * - uploaded: nothing of the range waits for upload or was refused (dead letter).
 */
export const WORK_PLAN_RULES = ['entryChecked', 'noReportTested', 'samplingRate', 'positivesHandled', 'disposalEvidence', 'uploaded'] as const;
export const WorkPlanRule = z.enum(WORK_PLAN_RULES);
export type WorkPlanRule = z.infer<typeof WorkPlanRule>;

export const RuleCheck = z.object({
  rule: WorkPlanRule,
  met: z.boolean(),
  /**
   * The figures the sentence is made of (each rule's i18n text names them; docs/report.md lists them), e.g.
   * noReportTested { lots: 40, tested: 37, untested: 3 }; samplingRate { lots: 200, sampled: 18, tested: 16, rate: 0.08, target: 0.1, required: 20, missing: 4 }
   * (rate = tested / lots, absent when there are no report lots; sampled = selected, tested or not).
   */
  figures: z.record(z.string(), z.number()),
  /** Lots that keep the rule from being met (oldest first, at most 50), for drilling into. */
  lotIds: z.array(Id).max(50),
});
export type RuleCheck = z.infer<typeof RuleCheck>;

/** 拒收 / 待检 / 准入 changed by hand: who, when, from what to what, and why. */
export const ReportOverride = z.object({ lotId: Id, code: z.string(), from: Outcome, to: Outcome, reason: z.string(), by: z.string(), at: IsoDateTime });

/** A lot positive in a rapid test and where it stands now. */
export const ReportPositive = z.object({
  lotId: Id,
  code: z.string(),
  itemId: z.string(),
  testedAt: IsoDateTime,
  /** held: not yet decided; destroyed: disposed of; released: the hold lifted (e.g. a lab said negative); selling: none of these. */
  outcome: z.enum(['held', 'destroyed', 'released', 'selling']),
});

/** A recall still open (召回), as the report lists it: how many of its lots are still being looked for. */
export const ReportOpenRecall = z.object({
  id: Id,
  /** 召回单号. */
  number: z.string(),
  reason: z.string(),
  /** What it covers, as named when it started (RecallScopeView.label). */
  scopeLabel: z.string(),
  createdAt: IsoDateTime,
  /** Affected lots still 'open' (not yet retrieved, destroyed or written off as not recoverable). */
  openLots: z.number().int(),
  lots: z.number().int(),
});
export type ReportOpenRecall = z.infer<typeof ReportOpenRecall>;

export const ReportRecalls = z.object({
  /** Recalls open now that started before the range ended (as `upload`: as it stands when the report is made; a 日结 freezes it). */
  open: z.number().int(),
  /** Recalls started, closed, lifted within the range's market days. */
  startedInRange: z.number().int(),
  closedInRange: z.number().int(),
  liftedInRange: z.number().int(),
  /** The open ones, oldest first (at most 100; `open` counts them all). */
  openList: z.array(ReportOpenRecall).max(100),
});
export type ReportRecalls = z.infer<typeof ReportRecalls>;

/**
 * 一进口一出口, one market day: lots that came in at the gate and stayed (verdict now not 拒收), lots
 * that left through the exit gate (departures), and exceptions the gate recorded (出口异常).
 */
export const GateFlowDay = z.object({ day: IsoDate, in: Amount, out: Amount, exceptions: z.number().int() });
export type GateFlowDay = z.infer<typeof GateFlowDay>;

/** 日报: what a manager needs to prove the day (or range) kept the work plan's rules. */
export const DayReport = z.object({
  range: z.object({ from: IsoDate, to: IsoDate }),
  /** The market day's start (HH:MM) the range was cut at. */
  dayStart: z.string(),
  generatedAt: IsoDateTime,
  /** Lots that came in at the gate (children split at the counter are in `counter`, not here). */
  intake: z.object({
    total: Amount,
    byCategory: z.array(BreakdownRow),
    byVariety: z.array(BreakdownRow),
    bySupplier: z.array(BreakdownRow),
    /** 产地: the issuer of the lot's origin-exit or quarantine certificate; none recorded otherwise. */
    byOrigin: z.array(BreakdownRow),
    byStall: z.array(BreakdownRow),
    byOperator: z.array(BreakdownRow),
    /** Lots checked in per clock hour, summed over the range's days: the intake chart. 24 entries in the market day's order, from the hour `dayStart` falls in (06, 07, …, 05). */
    byHour: z.array(z.object({ hour: z.number().int().min(0).max(23), lots: z.number().int() })).length(24),
  }),
  /** Entry verdicts as they stand now (after overrides). */
  verdicts: z.object({
    admitted: z.number().int(),
    awaitingTest: z.number().int(),
    rejected: z.number().int(),
    /** 拒收 by reason (a lot refused for two reasons counts under both). */
    rejectedByReason: z.array(z.object({ reason: Reason.shape.code, lots: z.number().int() })),
    overrides: z.array(ReportOverride),
  }),
  certificates: z.object({
    /** Lots carrying at least one certificate of each type. */
    byType: z.array(z.object({ type: z.enum(CERTIFICATE_TYPES), lots: z.number().int() })),
    withoutCertificate: z.number().int(),
    /**
     * Certificates whose lots of the range used at least 90% of the quantity they cover (in its
     * unit, rejected lots excepted, as the entry check counts it): the 100 most used, fullest first.
     */
    nearLimit: z.array(z.object({ certificateId: Id, type: z.enum(CERTIFICATE_TYPES), number: z.string(), quantity: z.number(), unit: z.string(), used: z.number(), lots: z.number().int() })).max(100),
    /** How many certificates are near their limit in all (nearLimit lists at most 100). */
    nearLimitTotal: z.number().int(),
  }),
  testing: z.object({
    /** Lots that came without a test report (held for 批批检测, not turned away), and how many of them have a valid test. */
    noReport: z.object({ lots: z.number().int(), tested: z.number().int() }),
    /**
     * The sampler's pool — lots admitted and not held for 批批检测 (with a report, or of a category
     * exempt from it) — how many were selected (sampled) and how many have a valid test, against the target share.
     */
    withReport: z.object({ lots: z.number().int(), sampled: z.number().int(), tested: z.number().int(), targetRate: z.number() }),
    tests: z.number().int(),
    invalidRuns: z.number().int(),
    positives: z.array(ReportPositive),
    /** Through the range, per clock hour in the market day's order (as intake.byHour): report lots in so far and those sampled so far (the sampling chart). */
    samplingByHour: z.array(z.object({ hour: z.number().int().min(0).max(23), reportLots: z.number().int(), sampled: z.number().int() })).length(24),
  }),
  disposals: z.object({
    count: z.number().int(),
    amount: Amount,
    byMethod: z.object({ shredding: z.number().int(), other: z.number().int() }),
    /** Shredding recorded without a detected shredder run. */
    evidenceMissing: z.number().int(),
    list: z.array(z.object({ disposalId: Id, certificateNumber: z.string(), lotId: Id, code: z.string(), method: z.enum(['shredding', 'other']), evidence: z.boolean(), at: IsoDateTime })),
  }),
  /** Child codes issued at the counters, per stall. */
  counter: z.object({ byStall: z.array(z.object({ stallId: Id.nullable(), name: z.string(), childCodes: z.number().int(), sold: Amount })) }),
  /** Upload as it stands now, for the range's records. */
  upload: z.object({ backlog: z.number().int(), deadLetters: z.number().int(), lastSuccessAt: IsoDateTime.nullable() }),
  rules: z.array(RuleCheck).length(WORK_PLAN_RULES.length),
  /** 召回 (issue 17): the recalls still open, and those started, closed or lifted in the range. Absent in reports frozen before it. */
  recalls: ReportRecalls.default({ open: 0, startedInRange: 0, closedInRange: 0, liftedInRange: 0, openList: [] }),
  /** In vs. out per market day of the range, oldest first (出口查验). Absent in reports frozen before it. */
  gateFlow: z.object({ days: z.array(GateFlowDay) }).default({ days: [] }),
  /** The code of each lot the rules name (id → code): a manager reads codes, not ids. Absent in reports frozen before it. */
  lotCodes: z.record(z.string(), z.string()).default({}),
});
export type DayReport = z.infer<typeof DayReport>;

/** One market day in a trend. */
export const TrendDay = z.object({
  day: IsoDate,
  lots: z.number().int(),
  kg: z.number(),
  admitted: z.number().int(),
  awaitingTest: z.number().int(),
  rejected: z.number().int(),
  /** Tested share of the day's report lots (as the samplingRate rule reads it); null when none came. */
  sampledRate: z.number().nullable(),
});
export type TrendDay = z.infer<typeof TrendDay>;

export const reportMethods = {
  /** 日报 for a market day or a range of days; computed off the write path (a read-only connection in a worker). */
  getDayReport: method({ access: REPORTING, input: DayRange, output: DayReport }),
  /** The 7- or 30-day trend ending with `to`, one entry per market day, oldest first. */
  getIntakeTrend: method({ access: REPORTING, input: z.object({ to: IsoDate, days: z.union([z.literal(7), z.literal(30)]) }), output: z.array(TrendDay) }),
} as const;
