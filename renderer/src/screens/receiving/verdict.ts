import type { LotView, Outcome, EntryTestSelection } from '../../../../shared/contract';

/** What the big panel shows; each new scan replaces it, nothing waits for a click. */
export type Verdict =
  | { kind: 'idle' }
  | { kind: 'checking' }
  /** `testSelection`: the new lot was picked for a rapid test (no report: always), with why. */
  | { kind: 'result'; duplicate: boolean; view: LotView; testSelection?: EntryTestSelection | null }
  /** Incomplete form or refused scan: nothing was stored. */
  | { kind: 'problem'; message: string }
  | { kind: 'certificate'; number: string };

/** The lot's state right after each verdict (electron/services/lotStatus.ts AFTER_VERDICT). */
export const AFTER_OUTCOME: Record<Outcome, LotView['lot']['status']> = { admit: 'admitted', hold: 'awaitingTest', reject: 'rejected' };
