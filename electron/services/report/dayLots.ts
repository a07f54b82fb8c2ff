import type { Step } from './worker';

/**
 * The range's gate lots, one row each with what every section asks of them, made once per report
 * in the worker's temp schema (a read-only connection may write there). Entries are root lots
 * only, found through entry_checks_day (created_at, …); split children are counted in `counter`.
 *
 * - selection: the sampler's decision for the lot (noReport: held for 批批检测), null when none;
 * - tested: at least one valid (not invalid-run) rapid test on the lot, whenever it was run;
 * - origin: the issuer of its origin-exit certificate, else of its quarantine certificate.
 */
export const dayLots = (withOrigin: boolean): Step => ({
  name: 'dayLots',
  kind: 'run',
  sql: `
    create temp table r_lots as
    select e.lot_id as id, e.id as entry_id, e.outcome, e.overridden_from, e.reasons, e.created_at as at, e.created_by as op,
           l.code_key as code, l.variety_id, v.category_id, l.supplier_id, l.stall_id, l.unit, l.quantity,
           s.reason as selection, s.created_at as selected_at,
           exists (select 1 from rapid_tests t where t.lot_id = e.lot_id and t.verdict <> 'invalid') as tested,
           ${
             withOrigin
               ? `(select c.issuer from lot_certificates lc join certificates c on c.id = lc.certificate_id
                    where lc.lot_id = e.lot_id and c.type in ('originExit', 'quarantine') order by c.type <> 'originExit', c.id limit 1)`
               : 'null'
           } as origin
      from entry_checks e
      join lots l on l.id = e.lot_id
      join varieties v on v.id = l.variety_id
      left join test_selections s on s.lot_id = e.lot_id
     where e.created_at >= @fromAt and e.created_at < @toAt`,
});

/** Report lots: the sampler's pool (admitted, not held for 批批检测), as samplingStatus counts it. */
export const IN_POOL = `outcome = 'admit' and coalesce(selection, '') <> 'noReport'`;
/** Selected for testing out of the pool (keyed, floor or by hand). */
export const SAMPLED = `${IN_POOL} and selection is not null`;
/** Came without a test report and must be tested: the lots held for 批批检测 that were not turned away. */
export const NO_REPORT = `selection = 'noReport' and outcome <> 'reject'`;
