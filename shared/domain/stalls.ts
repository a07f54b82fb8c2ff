import type { LotStatus, Role, StallRefusal } from '../contract';

/**
 * Why a seller may not sell a lot on because of stalls (the lot's own state is checked apart).
 * A vendor sells only the lots the gate sent to their stall, unless the market sells market-wide
 * (a single-stall shop). Market staff (receiver, manager, admin) may sell any lot.
 */
export function stallRefusal(seller: { role: Role; stallId: string | null }, lotStallId: string | null, marketWide: boolean): StallRefusal | null {
  if (seller.role !== 'vendor' || marketWide) return null;
  if (!seller.stallId) return 'vendorWithoutStall';
  if (!lotStallId) return 'lotWithoutStall';
  return lotStallId === seller.stallId ? null : 'otherStall';
}

/** Only lots admitted at the gate, or waiting there for their entry test, are sent to a stall. */
export const ASSIGNABLE_STATUSES: readonly LotStatus[] = ['admitted', 'awaitingTest'];
