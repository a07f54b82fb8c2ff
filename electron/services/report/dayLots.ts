import type { Rows, Step } from './worker';

/**
 * The range's gate lots, one row each with what every section asks of them, made once per report
 * in the worker's temp schema (a read-only connection may write there). Entries are root lots
 * only, found through entry_checks_day (created_at, outcome, lot_id: the entry row itself is never
 * read; the lot row made in the same transaction names the same operator). Split children are
 * counted in `counter`.
 *
 * - at: the entry's local time to the minute; hour: its clock hour;
 * - selection: the sampler's decision for the lot (noReport: held for 批批检测), null when none;
 * - selected_hour: the clock hour it was made, -1 when after the range (the next morning);
 * - tested: at least one valid (not invalid-run) rapid test on the lot, whenever it was run;
 * - gate: a gate lot made in the range (the entry-check rule compares their count with all such lots).
 * Narrow on purpose: every section scans it again.
 */
export const dayLotsStep: Step = {
  name: 'dayLots',
  kind: 'run',
  sql: `
    create temp table r_lots as
    select e.lot_id as id, e.outcome, substr(e.created_at, 1, 16) as at, cast(substr(e.created_at, 12, 2) as integer) as hour, l.created_by as op,
           l.variety_id, l.supplier_id, l.stall_id, l.unit, l.quantity, l.status, s.reason as selection,
           case when s.created_at >= @toAt then -1 else cast(substr(s.created_at, 12, 2) as integer) end as selected_hour,
           exists (select 1 from rapid_tests t where t.lot_id = e.lot_id and t.verdict <> 'invalid') as tested,
           l.parent_lot_id is null and l.created_at >= @fromAt and l.created_at < @toAt as gate
      from entry_checks e
      cross join lots l on l.id = e.lot_id
      left join test_selections s on s.lot_id = e.lot_id
     where e.created_at >= @fromAt and e.created_at < @toAt`,
};

/**
 * The range's lots' certificates, one row per lot and certificate: the certificate figures and 产地
 * read these. `lot` is the lot's r_lots rowid (the figures only count and group by it: an integer
 * sorts and dedups faster than the lot's text id). Through certificates_report, which holds every
 * column read here: the planner would take the id's own index and then read each row, twice the
 * lookups.
 */
export const dayCertificatesStep: Step = {
  name: 'dayCertificates',
  kind: 'run',
  sql: `
    create temp table r_certs as
    select r.rowid as lot, r.unit as lot_unit, r.quantity as lot_quantity, r.status, c.id as cid, c.type, c.issuer, c.number, c.quantity, c.unit
      from r_lots r
      cross join lot_certificates lc on lc.lot_id = r.id
      cross join certificates c indexed by certificates_report on c.id = lc.certificate_id`,
};

/** Report lots: the sampler's pool (admitted, not held for 批批检测), as samplingStatus counts it. */
export const IN_POOL = `outcome = 'admit' and coalesce(selection, '') <> 'noReport'`;
/** Selected for testing out of the pool (keyed, floor or by hand). */
export const SAMPLED = `${IN_POOL} and selection is not null`;
/** Came without a test report and must be tested: the lots held for 批批检测 that were not turned away. */
export const NO_REPORT = `coalesce(selection, '') = 'noReport' and outcome <> 'reject'`;

/**
 * Per clock hour of entry: lots in, the verdicts as they stand and the testing pools' states (one
 * scan; the whole range's figures are the hours' sums): the intake and sampling charts read it too.
 */
export const dayHoursStep: Step = {
  name: 'hours',
  kind: 'all',
  sql: `select hour, count(*) as lots, sum(outcome = 'admit') as admitted, sum(outcome = 'hold') as awaitingTest, sum(outcome = 'reject') as rejected,
               sum(${NO_REPORT}) as noReport, sum(${NO_REPORT} and tested) as noReportTested,
               sum(${IN_POOL}) as pool, sum(${SAMPLED}) as sampled, sum(${IN_POOL} and tested) as poolTested
          from r_lots group by hour`,
};

/** The hours step's figures summed over the range. */
export function rangeStates(rows: Rows): Record<'lots' | 'admitted' | 'awaitingTest' | 'rejected' | 'noReport' | 'noReportTested' | 'pool' | 'sampled' | 'poolTested', number> {
  const sum = { lots: 0, admitted: 0, awaitingTest: 0, rejected: 0, noReport: 0, noReportTested: 0, pool: 0, sampled: 0, poolTested: 0 };
  for (const h of rows.hours!) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += h[k] as number;
  return sum;
}
