import type { EventName, EventPayload } from '../../shared/contract';
import type { Dispatch } from './dispatch';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The station's Node side as the transports see it. */
export interface Core {
  dispatch: Dispatch;
  /** Subscribe to pushed events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /**
   * The background page check (quick_check) of the database the station runs on now: resolves
   * when it has finished and, on damage, the station has switched to its recovery state.
   */
  pageCheck?(): Promise<'ok' | 'damaged' | 'notRun' | 'failed'>;
  /** Closes the database at once; resolves when serial ports are released too. */
  close(): Promise<void>;
}
