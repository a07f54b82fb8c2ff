import type { LotStatus } from '../../../shared/contract';

/**
 * A list that shows lots, patched from the `lotStatus` event: a lot tested, held or destroyed
 * since the list loaded shows what it is now. Rows of other lots stay the same objects.
 */
export function patchLotStatus<T extends { lotId: string }>(list: T[], changes: { lotId: string; status: LotStatus }[], field: { [K in keyof T]: T[K] extends LotStatus ? K : never }[keyof T]): T[] {
  const now = new Map(changes.map((c) => [c.lotId, c.status]));
  return list.map((row) => {
    const status = now.get(row.lotId);
    return status && status !== (row[field] as LotStatus) ? { ...row, [field]: status } : row;
  });
}
