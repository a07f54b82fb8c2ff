/**
 * 日结's one hash rule and what a close must name first. The frozen record is hashed exactly as
 * stored (the report as its JSON text), in a fixed order, so the same columns always give the same
 * hash and an edit to any of them — the report, who, when, the acknowledged rules or the audit
 * chain head — gives another. SHA-256 is injected, as for the audit chain.
 */
import type { DayReport, RuleCheck } from '../contract/report';
import type { Sha256Hex } from './auditChain';

/** One close as stored: `outstanding` and `report` are JSON text, hashed as stored. */
export interface DayCloseFields {
  day: string;
  closedAt: string;
  closedById: string;
  closedByName: string;
  outstanding: string;
  chainSeq: number;
  chainHash: string;
  report: string;
}

const VERSION = 'day-close/v1';

/** A JSON array in a fixed order: no object keys whose order could vary, null kept apart from ''. */
export function canonicalDayClose(f: DayCloseFields): string {
  return JSON.stringify([VERSION, f.day, f.closedAt, f.closedById, f.closedByName, f.outstanding, f.chainSeq, f.chainHash, f.report]);
}

export function dayCloseHash(sha256Hex: Sha256Hex, f: DayCloseFields): string {
  return sha256Hex(canonicalDayClose(f));
}

/** What stands open at a close: the work-plan rules the report does not meet, in the report's order. */
export function outstandingRules(report: Pick<DayReport, 'rules'>): RuleCheck[] {
  return report.rules.filter((r) => !r.met);
}
