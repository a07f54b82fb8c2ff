import type { DayReport } from '../../../shared/contract';
import type { Rows, Step } from './worker';

const OPEN = `o.state in ('pending', 'dead') and o.created_at >= @fromAt and o.created_at < @toAt`;

export const uploadSteps: Step[] = [
  // Through outbox_state_seq: only the waiting and refused rows are read, never the sent millions.
  { name: 'uploadOpen', kind: 'all', sql: `select o.state, count(*) as n from outbox o where ${OPEN} group by o.state` },
  { name: 'uploadLots', kind: 'all', sql: `select distinct o.lot_id as id from outbox o where ${OPEN} and o.lot_id is not null order by o.lot_id limit 50` },
  { name: 'uploadLast', kind: 'all', sql: `select max(sent_at) as at from outbox where state = 'sent'` },
];

export function uploadSection(rows: Rows): DayReport['upload'] & { lotIds: string[] } {
  const n = (state: string) => (rows.uploadOpen!.find((r) => r.state === state)?.n as number | undefined) ?? 0;
  return { backlog: n('pending'), deadLetters: n('dead'), lastSuccessAt: (rows.uploadLast![0]?.at as string | null) ?? null, lotIds: rows.uploadLots!.map((r) => r.id as string) };
}
