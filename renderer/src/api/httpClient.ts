import { ApiError, type EventName, type EventPayload, type Input, type MethodName, type Output, type StationClient } from '../../../shared/contract';
import { unwrap, type Envelope } from './envelope';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface HttpClientOptions {
  /** Origin of the loopback server, e.g. `http://127.0.0.1:5123`. */
  baseUrl: string;
  token: string;
  /** Where the session id survives a page reload (sessionStorage in the browser). */
  storage: KeyValueStore;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** Reconnect delays of the event socket: doubles from `firstMs` up to `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
}

export const SESSION_ID_KEY = 'station.sessionId';
const SESSION_METHODS: ReadonlySet<MethodName> = new Set(['signIn', 'setupAdmin']);

type Listener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions): StationClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const { storage, token } = options;
  const events = new EventSocket(
    `${options.baseUrl.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`,
    options.WebSocket ?? globalThis.WebSocket,
    options.backoff ?? { firstMs: 500, maxMs: 10_000 },
  );

  async function post(method: MethodName, input: unknown): Promise<Envelope> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    const sessionId = storage.getItem(SESSION_ID_KEY);
    if (sessionId) headers['X-Station-Session'] = sessionId;
    const response = await doFetch(`${options.baseUrl}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    // Errors come with 4xx/5xx statuses, but the body is always the envelope: read it either way.
    try {
      return (await response.json()) as Envelope;
    } catch {
      throw new ApiError('internal', `HTTP ${response.status} without an envelope`);
    }
  }

  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      if (method === 'signOut') {
        try {
          return unwrap<Output<M>>(await post(method, input));
        } finally {
          storage.removeItem(SESSION_ID_KEY);
        }
      }
      const envelope = await post(method, input);
      if (!envelope.ok && envelope.error.code === 'notSignedIn') storage.removeItem(SESSION_ID_KEY);
      const value = unwrap<Output<M>>(envelope);
      if (SESSION_METHODS.has(method)) storage.setItem(SESSION_ID_KEY, (value as { sessionId: string }).sessionId);
      return value;
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void) {
      return events.subscribe(event, handler as Listener);
    },
  };
}

/** One WebSocket for all subscriptions, open while anyone listens, reconnecting with backoff. */
class EventSocket {
  private readonly listeners = new Map<string, Set<Listener>>();
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly Socket: typeof WebSocket,
    private readonly backoff: { firstMs: number; maxMs: number },
  ) {}

  subscribe(event: string, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    if (!this.socket && !this.retryTimer) this.open();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(event);
      if (this.listeners.size === 0) this.shut();
    };
  }

  private open() {
    const socket = new this.Socket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
    };
    socket.onmessage = (message) => {
      let parsed: { event?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (typeof parsed.event !== 'string') return;
      for (const listener of [...(this.listeners.get(parsed.event) ?? [])]) listener(parsed.payload);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.listeners.size === 0) return;
      const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.failures++);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.listeners.size > 0) this.open();
      }, delay);
    };
  }

  private shut() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
