import type { Departure, ExitException, LotView, RefusalReason, Zone } from '../../../../shared/contract';

/** What the desk does with the next scan: let it out, or move it between 贮存区 and 交易区. */
export type DeskMode = 'exit' | 'storage' | 'trading';
export const DESK_MODES: readonly DeskMode[] = ['exit', 'storage', 'trading'];
/** One key per mode, so the desk never needs the mouse. */
export const MODE_KEYS: Record<string, DeskMode> = { F6: 'exit', F7: 'storage', F8: 'trading' };

/** The big panel: each new scan replaces it, nothing waits for a click. */
export type DeskResult =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'allowed'; departure: Departure; duplicate: boolean }
  /** `raw`: what was scanned, for 记为异常 when the goods left anyway; `exceptionable` says it may be. */
  | { kind: 'refused'; message: string; raw: string; reason: RefusalReason | null; exceptionable: boolean }
  | { kind: 'exception'; exception: ExitException }
  | { kind: 'moved'; view: LotView; moved: boolean; to: Zone }
  | { kind: 'notMoved'; message: string };

/** Refusals whose goods may still have left: the gatekeeper records them as an exception. */
const EXCEPTIONABLE: ReadonlySet<string> = new Set(['exitNotSold', 'exitLotStopped', 'unknownLot']);
export const exceptionable = (reason: string | null) => reason !== null && EXCEPTIONABLE.has(reason);

/** A stored time as the desk shows it: 14:05 today, the date too otherwise. */
export const clockText = (at: string) => at.slice(11, 16);
