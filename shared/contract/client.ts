import type { EventName, EventPayload } from './events';
import type { Input, MethodName, Output } from './methods';

/** What the renderer talks to; an IPC client and an HTTP/WS client both implement it. */
export interface StationClient {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}
