import type { DayReport } from '../../../shared/contract';
import type { Rows, Step } from './worker';

/** The open recalls the report lists (ReportRecalls.openList). */
const LISTED = 100;

export const recallSteps: Step[] = [
  {
    // Open recalls through recalls_status; each one's lots through recall_lots' key (recall_id first).
    name: 'recallsOpen',
    kind: 'all',
    sql: `select r.id, r.number, r.reason, r.scope_label as scopeLabel, r.created_at as createdAt,
                 (select count(*) from recall_lots rl where rl.recall_id = r.id) as lots,
                 (select count(*) from recall_lots rl where rl.recall_id = r.id and rl.progress = 'open') as openLots
            from recalls r
           where r.status = 'open' and r.created_at < @toAt
           order by r.created_at, r.id`,
  },
  {
    // Recalls are few (a handful a year): the whole table is read.
    name: 'recallsInRange',
    kind: 'all',
    sql: `select coalesce(sum(created_at >= @fromAt and created_at < @toAt), 0) as started,
                 coalesce(sum(closed_at >= @fromAt and closed_at < @toAt), 0) as closed,
                 coalesce(sum(lifted_at >= @fromAt and lifted_at < @toAt), 0) as lifted
            from recalls`,
  },
];

export function recallSection(rows: Rows): DayReport['recalls'] {
  const open = rows.recallsOpen as unknown as DayReport['recalls']['openList'];
  const range = rows.recallsInRange![0]!;
  return {
    open: open.length,
    startedInRange: range.started as number,
    closedInRange: range.closed as number,
    liftedInRange: range.lifted as number,
    openList: open.slice(0, LISTED).map((r) => ({ id: r.id, number: r.number, reason: r.reason, scopeLabel: r.scopeLabel, createdAt: r.createdAt, openLots: r.openLots, lots: r.lots })),
  };
}
