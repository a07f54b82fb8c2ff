import { CERTIFICATE_TYPES, type DayReport } from '../../../shared/contract';
import type { Rows, Step } from './worker';

/** A certificate counts as near its limit once this share of what it covers is used. */
export const NEAR_LIMIT = 0.9;
/** The most used of them are listed; `nearLimitTotal` counts them all. */
export const NEAR_LIMIT_LISTED = 100;

export const certificateSteps: Step[] = [
  { name: 'certTypes', kind: 'all', sql: `select type, count(distinct lot) as lots from r_certs group by type` },
  { name: 'withoutCertificate', kind: 'all', sql: `select (select count(*) from r_lots) - (select count(distinct lot) from r_certs) as lots` },
  {
    // Used as the entry check counts it (lotViews.usedQuantity: its unit, rejected lots excepted),
    // by the range's lots. The total is counted beside the list rather than by a window, so the
    // ordering keeps only the 100 it lists instead of sorting every certificate.
    name: 'nearLimit',
    kind: 'all',
    sql: `with near as materialized (
            select * from (
              select cid as certificateId, type, number, quantity, unit,
                     coalesce(sum(case when lot_unit = unit and status <> 'rejected' then lot_quantity end), 0) as used,
                     count(case when lot_unit = unit and status <> 'rejected' then 1 end) as lots
                from r_certs where quantity is not null and unit is not null group by cid)
             where used >= quantity * ${NEAR_LIMIT} - 1e-9)
          select *, (select count(*) from near) as total from near
           order by used / quantity desc, number
           limit ${NEAR_LIMIT_LISTED}`,
  },
];

export function certificateSection(rows: Rows): DayReport['certificates'] {
  const byType = new Map(rows.certTypes!.map((r) => [r.type as string, r.lots as number]));
  return {
    byType: CERTIFICATE_TYPES.map((type) => ({ type, lots: byType.get(type) ?? 0 })),
    withoutCertificate: rows.withoutCertificate![0]!.lots as number,
    nearLimit: rows.nearLimit!.map(({ total: _total, ...c }) => c) as DayReport['certificates']['nearLimit'],
    nearLimitTotal: (rows.nearLimit![0]?.total as number | undefined) ?? 0,
  };
}
