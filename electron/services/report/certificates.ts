import { CERTIFICATE_TYPES, type DayReport } from '../../../shared/contract';
import type { Rows, Step } from './worker';

/** A certificate counts as near its limit once this share of what it covers is used. */
export const NEAR_LIMIT = 0.9;

export const certificateSteps: Step[] = [
  {
    name: 'certTypes',
    kind: 'all',
    sql: `select c.type, count(distinct r.id) as lots
            from r_lots r join lot_certificates lc on lc.lot_id = r.id join certificates c on c.id = lc.certificate_id
           group by c.type`,
  },
  { name: 'withoutCertificate', kind: 'all', sql: `select count(*) as lots from r_lots r where not exists (select 1 from lot_certificates lc where lc.lot_id = r.id)` },
  {
    // Used as the entry check counts it (lotViews.usedQuantity): every lot on the certificate in
    // its unit, rejected ones excepted, whatever day it came.
    name: 'nearLimit',
    kind: 'all',
    sql: `select * from (
            select c.id as certificateId, c.type, c.number, c.quantity, c.unit,
                   coalesce(sum(l.quantity), 0) as used, count(l.id) as lots
              from (select distinct lc.certificate_id as id from r_lots r join lot_certificates lc on lc.lot_id = r.id) u
              join certificates c on c.id = u.id
              left join lot_certificates lc2 on lc2.certificate_id = c.id
              left join lots l on l.id = lc2.lot_id and l.unit = c.unit and l.status <> 'rejected'
             where c.quantity is not null and c.unit is not null
             group by c.id)
           where used >= quantity * ${NEAR_LIMIT} - 1e-9
           order by used / quantity desc, number`,
  },
];

export function certificateSection(rows: Rows): DayReport['certificates'] {
  const byType = new Map(rows.certTypes!.map((r) => [r.type as string, r.lots as number]));
  return {
    byType: CERTIFICATE_TYPES.map((type) => ({ type, lots: byType.get(type) ?? 0 })),
    withoutCertificate: rows.withoutCertificate![0]!.lots as number,
    nearLimit: rows.nearLimit as unknown as DayReport['certificates']['nearLimit'],
  };
}
