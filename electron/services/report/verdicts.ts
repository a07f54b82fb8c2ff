import type { DayReport } from '../../../shared/contract';
import type { Rows, Step } from './worker';

export const verdictSteps: Step[] = [
  { name: 'verdicts', kind: 'all', sql: `select outcome, count(*) as lots from r_lots group by outcome` },
  {
    // A lot refused at the gate counts under each of its reasons; one a manager turned to 拒收 by
    // hand (from 准入 or 待检) counts under 'override': its stored reasons are the earlier verdict's.
    name: 'rejectReasons',
    kind: 'all',
    sql: `select reason, count(*) as lots from (
            select r.id, 'override' as reason from r_lots r
             where r.outcome = 'reject' and r.overridden_from is not null and r.overridden_from <> 'reject'
            union
            select r.id, json_extract(j.value, '$.code') from r_lots r, json_each(r.reasons) j
             where r.outcome = 'reject' and (r.overridden_from is null or r.overridden_from = 'reject')
               and json_extract(j.value, '$.code') not in ('ok', 'productExpiresSoon'))
          group by reason order by lots desc, reason`,
  },
  {
    // Every change of a range lot's verdict, whenever it was made (overrides are few: walked whole).
    name: 'overrides',
    kind: 'all',
    sql: `select r.id as lotId, r.code, o.from_outcome as "from", o.to_outcome as "to", o.reason, op.name as "by", o.created_at as at
            from entry_overrides o
            join r_lots r on r.entry_id = o.entry_id
            join operators op on op.id = o.created_by
           order by o.created_at, o.id`,
  },
];

export function verdictSection(rows: Rows): DayReport['verdicts'] {
  const n = (outcome: string) => (rows.verdicts!.find((r) => r.outcome === outcome)?.lots as number | undefined) ?? 0;
  return {
    admitted: n('admit'),
    awaitingTest: n('hold'),
    rejected: n('reject'),
    rejectedByReason: rows.rejectReasons as unknown as DayReport['verdicts']['rejectedByReason'],
    overrides: rows.overrides as unknown as DayReport['verdicts']['overrides'],
  };
}
