import type { EntrySummary, LotStatus } from '../../../../shared/contract';

/** An override arrives under the same entry id: it replaces the row instead of adding one. */
export function mergeEntry(list: EntrySummary[], entry: EntrySummary): EntrySummary[] {
  return list.some((e) => e.entryId === entry.entryId) ? list.map((e) => (e.entryId === entry.entryId ? entry : e)) : [entry, ...list];
}

/** A lot tested, held or destroyed since its entry: its row shows what the lot is now. */
export function applyStatus(list: EntrySummary[], changes: { lotId: string; status: LotStatus }[]): EntrySummary[] {
  const now = new Map(changes.map((c) => [c.lotId, c.status]));
  return list.map((e) => {
    const status = now.get(e.lotId);
    return status && status !== e.status ? { ...e, status } : e;
  });
}
