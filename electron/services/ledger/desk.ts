import { refused, type LedgerFilters, type LotView, type Operator } from '../../../shared/contract';

/**
 * A receiver's desk is what they recorded: the station keeps no desk id, and every entry check
 * names its operator, so "their own desk" is the gate lots whose entry they made (and the
 * portions later split from those). Managers, admins and inspectors are not limited here.
 */
export function deskFilters(filters: LedgerFilters, by: Operator): { filters: LedgerFilters; ownDesk: boolean } {
  if (by.role !== 'receiver') return { filters, ownDesk: false };
  if (filters.operatorId !== undefined && filters.operatorId !== by.id) throw refused('forbidden', 'another desk', 'notYourDesk');
  return { filters: { ...filters, operatorId: by.id }, ownDesk: true };
}

/** A receiver opens only the pages of their desk's lots; `view.entry` is the gate entry, a portion's included. */
export function assertMayOpen(view: LotView, by: Operator): void {
  if (by.role === 'receiver' && view.entry.createdBy !== by.id) throw refused('forbidden', 'another desk', 'notYourDesk');
}
