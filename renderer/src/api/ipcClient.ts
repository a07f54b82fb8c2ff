import type { EventName, EventPayload, Input, MethodName, Output, StationClient } from '../../../shared/contract';
import { unwrap, type Envelope } from './envelope';

/** What the Electron preload exposes: one function per contract method. */
export type StationApi = { [M in MethodName]: (input: Input<M>) => Promise<Envelope> };
export interface StationEvents {
  on(event: EventName, handler: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    stationApi?: StationApi;
    stationEvents?: StationEvents;
  }
}

/** Over IPC the main process keeps the session per window, so no session id travels here. */
export function createIpcClient(api: StationApi, events: StationEvents): StationClient {
  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      const send = api[method] as (input: Input<M>) => Promise<Envelope>;
      return unwrap<Output<M>>(await send(input));
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void) {
      return events.on(event, (payload) => handler(payload as EventPayload<E>));
    },
  };
}
