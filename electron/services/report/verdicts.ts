import type { DayReport } from '../../../shared/contract';
import { rangeStates } from './dayLots';
import type { Rows, Step } from './worker';

export const verdictSteps: Step[] = [
  {
    // A lot refused at the gate counts under each of its reasons; one a manager turned to 拒收 by
    // hand (from 准入 or 待检) counts under 'override': its stored reasons are the earlier verdict's.
    name: 'rejectReasons',
    kind: 'all',
    sql: `select reason, count(*) as lots from (
            select e.lot_id, 'override' as reason from r_lots r cross join entry_checks e on e.lot_id = r.id
             where r.outcome = 'reject' and e.overridden_from is not null and e.overridden_from <> 'reject'
            union
            select e.lot_id, json_extract(j.value, '$.code') from r_lots r cross join entry_checks e on e.lot_id = r.id, json_each(e.reasons) j
             where r.outcome = 'reject' and (e.overridden_from is null or e.overridden_from = 'reject')
               and json_extract(j.value, '$.code') not in ('ok', 'productExpiresSoon'))
          group by reason order by lots desc, reason`,
  },
  {
    // Every change of a range lot's verdict, whenever it was made (overrides are few: walked whole).
    name: 'overrides',
    kind: 'all',
    sql: `select l.id as lotId, l.code_key as code, o.from_outcome as "from", o.to_outcome as "to", o.reason, op.name as "by", o.created_at as at
            from entry_overrides o
            cross join entry_checks e on e.id = o.entry_id
            cross join lots l on l.id = e.lot_id
            join operators op on op.id = o.created_by
           where e.created_at >= @fromAt and e.created_at < @toAt
           order by o.created_at, o.id`,
  },
];

export function verdictSection(rows: Rows): DayReport['verdicts'] {
  const { admitted, awaitingTest, rejected } = rangeStates(rows);
  return {
    admitted,
    awaitingTest,
    rejected,
    rejectedByReason: rows.rejectReasons as unknown as DayReport['verdicts']['rejectedByReason'],
    overrides: rows.overrides as unknown as DayReport['verdicts']['overrides'],
  };
}
