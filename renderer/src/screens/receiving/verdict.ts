import type { EntryCheck, LotView, Outcome } from '../../../../shared/contract';

/** What the big panel shows; each new scan replaces it, nothing waits for a click. */
export type Verdict =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'result'; duplicate: boolean; view: LotView }
  /** Incomplete form or refused scan: nothing was stored. */
  | { kind: 'problem'; message: string }
  | { kind: 'certificate'; number: string };

const STATUS_AFTER: Record<Outcome, LotView['lot']['status']> = { admit: 'admitted', hold: 'held', reject: 'rejected' };

/** The view after a manager changed the verdict, without another round trip. */
export function overridden(view: LotView, entry: EntryCheck): LotView {
  return { ...view, entry, lot: { ...view.lot, status: STATUS_AFTER[entry.outcome] } };
}
