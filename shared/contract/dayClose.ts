import { z } from 'zod';
import { method } from './spec';
import { ChainHead } from './audit';
import { Id, IsoDate, IsoDateTime } from './entities';
import { DayReport, RuleCheck, WorkPlanRule } from './report';

const CLOSING = ['manager'] as const;

/** A closed day as history lists it: who closed it, when, and whether the frozen record still checks out. */
export const DayCloseSummary = z.object({
  id: Id,
  day: IsoDate,
  closedAt: IsoDateTime,
  closedById: Id,
  closedByName: z.string(),
  /** The work-plan rules not met when the day was closed, acknowledged by whoever closed it. */
  outstanding: z.array(WorkPlanRule),
  /** SHA-256 (hex) over the frozen record: day, who, when, outstanding, audit chain head, report. */
  contentHash: z.string(),
  /**
   * False when the stored record no longer gives its hash, or the hash no longer carries the
   * station's signature: the record was edited after the close.
   */
  intact: z.boolean(),
});
export type DayCloseSummary = z.infer<typeof DayCloseSummary>;

/** One frozen day: the report as it was when the day was closed, and the audit chain head it signed. */
export const DayClose = DayCloseSummary.extend({
  chainHead: ChainHead,
  /** The report as stored; null when the stored text is no longer a report at all. */
  report: DayReport.nullable(),
});
export type DayClose = z.infer<typeof DayClose>;

/** What stands between the manager and closing the day: the unmet rules first, then the report. */
export const DayCloseCheck = z.object({
  day: IsoDate,
  /** The day's close when it is already closed. */
  closed: DayCloseSummary.nullable(),
  /** The work-plan rules the day does not meet yet, in the report's order, each with its lots. */
  outstanding: z.array(RuleCheck),
  report: DayReport,
});
export type DayCloseCheck = z.infer<typeof DayCloseCheck>;

export const dayCloseMethods = {
  /** 日结 check: the day's report and what is still outstanding (untested lots, sampling short, positives open, upload backlog…). */
  getDayCloseCheck: method({ access: CLOSING, input: z.object({ day: IsoDate }).strict(), output: DayCloseCheck }),
  /**
   * 日结: freezes the day's report (who, when, SHA-256, signed audit chain head), once per day.
   * With rules outstanding the manager must say so (`acknowledgeOutstanding`), or nothing is written.
   */
  closeDay: method({ access: CLOSING, input: z.object({ day: IsoDate, acknowledgeOutstanding: z.boolean().default(false) }).strict(), output: DayClose }),
  /** Closed days, newest first, each checked against its hash and signature. */
  listDayCloses: method({ access: CLOSING, input: z.object({ limit: z.number().int().min(1).max(400).default(60) }).strict(), output: z.array(DayCloseSummary) }),
  /** One closed day with its frozen report, checked against its hash and signature. */
  getDayClose: method({ access: CLOSING, input: z.object({ id: Id }).strict(), output: DayClose }),
} as const;
