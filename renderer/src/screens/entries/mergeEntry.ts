import type { EntrySummary } from '../../../../shared/contract';

/** An override arrives under the same entry id: it replaces the row instead of adding one. */
export function mergeEntry(list: EntrySummary[], entry: EntrySummary): EntrySummary[] {
  return list.some((e) => e.entryId === entry.entryId) ? list.map((e) => (e.entryId === entry.entryId ? entry : e)) : [entry, ...list];
}
