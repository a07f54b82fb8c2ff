import type { Step } from './worker';

/**
 * The range's gate lots, one row each with what every section asks of them, made once per report
 * in the worker's temp schema (a read-only connection may write there). Entries are root lots
 * only, found through entry_checks_day (created_at, outcome, lot_id: the entry row itself is never
 * read; the lot row made in the same transaction names the same operator). Split children are
 * counted in `counter`.
 *
 * - selection: the sampler's decision for the lot (noReport: held for 批批检测), null when none;
 * - tested: at least one valid (not invalid-run) rapid test on the lot, whenever it was run.
 */
export const dayLotsStep: Step = {
  name: 'dayLots',
  kind: 'run',
  sql: `
    create temp table r_lots as
    select e.lot_id as id, e.outcome, e.created_at as at, l.created_by as op,
           l.code_key as code, l.variety_id, l.supplier_id, l.stall_id, l.unit, l.quantity, l.status,
           s.reason as selection, s.created_at as selected_at,
           exists (select 1 from rapid_tests t where t.lot_id = e.lot_id and t.verdict <> 'invalid') as tested
      from entry_checks e
      cross join lots l on l.id = e.lot_id
      left join test_selections s on s.lot_id = e.lot_id
     where e.created_at >= @fromAt and e.created_at < @toAt`,
};

/** The range's lots' certificates, one row per lot and certificate: the certificate figures and 产地 read these. */
export const dayCertificatesStep: Step = {
  name: 'dayCertificates',
  kind: 'run',
  sql: `
    create temp table r_certs as
    select r.id as lot, r.unit as lot_unit, r.quantity as lot_quantity, r.status, c.id as cid, c.type, c.issuer, c.number, c.quantity, c.unit
      from r_lots r
      cross join lot_certificates lc on lc.lot_id = r.id
      cross join certificates c on c.id = lc.certificate_id`,
};

/** Report lots: the sampler's pool (admitted, not held for 批批检测), as samplingStatus counts it. */
export const IN_POOL = `outcome = 'admit' and coalesce(selection, '') <> 'noReport'`;
/** Selected for testing out of the pool (keyed, floor or by hand). */
export const SAMPLED = `${IN_POOL} and selection is not null`;
/** Came without a test report and must be tested: the lots held for 批批检测 that were not turned away. */
export const NO_REPORT = `selection = 'noReport' and outcome <> 'reject'`;

/** The verdicts as they stand and the two testing pools' states: one scan, no sort. */
export const dayStatesStep: Step = {
  name: 'states',
  kind: 'all',
  sql: `select coalesce(sum(outcome = 'admit'), 0) as admitted, coalesce(sum(outcome = 'hold'), 0) as awaitingTest, coalesce(sum(outcome = 'reject'), 0) as rejected,
               coalesce(sum(${NO_REPORT}), 0) as noReport, coalesce(sum(${NO_REPORT} and tested), 0) as noReportTested,
               coalesce(sum(${IN_POOL}), 0) as pool, coalesce(sum(${SAMPLED}), 0) as sampled, coalesce(sum(${IN_POOL} and tested), 0) as poolTested
          from r_lots`,
};

/** Per clock hour of entry: lots in, and those of the sampling pool (the intake and sampling charts). */
export const dayHoursStep: Step = {
  name: 'hours',
  kind: 'all',
  sql: `select cast(substr(at, 12, 2) as integer) as hour, count(*) as lots, sum(${IN_POOL}) as pool from r_lots group by hour`,
};
