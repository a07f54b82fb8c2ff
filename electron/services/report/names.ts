import type { Step } from './worker';

/** Names of what the report groups by: small master-data tables, read in the report's snapshot. */
export const namesStep: Step = {
  name: 'names',
  kind: 'all',
  sql: `select 'variety' as kind, id, name from varieties
        union all select 'category', id, name_zh from categories
        union all select 'subject', id, name from subjects
        union all select 'operator', id, name from operators`,
};

export type Names = (kind: 'variety' | 'category' | 'subject' | 'operator', id: string | null) => string;

/** A lookup over the names step's rows; nothing recorded (a lot with no stall yet) reads as ''. */
export function namesFrom(rows: readonly Record<string, unknown>[]): Names {
  const map = new Map(rows.map((r) => [`${r.kind as string}:${r.id as string}`, r.name as string]));
  return (kind, id) => (id === null ? '' : (map.get(`${kind}:${id}`) ?? id));
}
