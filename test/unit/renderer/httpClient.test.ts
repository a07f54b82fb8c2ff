import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../shared/contract';
import { createHttpClient, SESSION_ID_KEY } from '../../../renderer/src/api/httpClient';

const BASE = 'http://127.0.0.1:5178';
const OPERATOR = { id: '01JZ0000000000000000000000', name: '王收货', role: 'receiver', active: true, createdAt: '2026-01-01T08:00:00+08:00', createdBy: null };

class MemoryStorage {
  private readonly data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch answering from a queue of [status, body] pairs and recording every request. */
function fakeFetch(...answers: [number, unknown][]) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), headers: init!.headers as Record<string, string>, body: JSON.parse(String(init!.body)) });
    const [status, body] = answers.shift()!;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  close() {
    this.closed = true;
  }
  /** What the server side does. */
  send(event: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ event, payload }) });
  }
  drop() {
    this.onclose?.();
  }
}

function client(fetch: typeof globalThis.fetch, storage = new MemoryStorage()) {
  const c = createHttpClient({
    baseUrl: BASE,
    token: 'tok en',
    storage,
    fetch,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    backoff: { firstMs: 100, maxMs: 400 },
  });
  return { c, storage };
}

afterEach(() => {
  FakeSocket.made = [];
  vi.useRealTimers();
});

describe('HTTP client', () => {
  it('posts the input with the token, and the session id once signed in', async () => {
    const { fetch, sent } = fakeFetch([200, { ok: true, value: { sessionId: 's-1', operator: OPERATOR } }], [200, { ok: true, value: [] }]);
    const { c, storage } = client(fetch);
    await c.call('signIn', { operatorId: OPERATOR.id, pin: '2468' });
    expect(storage.getItem(SESSION_ID_KEY)).toBe('s-1');
    await expect(c.call('listVarieties', {})).resolves.toEqual([]);

    expect(sent[0]).toMatchObject({ url: `${BASE}/api/signIn`, body: { operatorId: OPERATOR.id, pin: '2468' } });
    expect(sent[0]!.headers.Authorization).toBe('Bearer tok en');
    expect(sent[0]!.headers['X-Station-Session']).toBeUndefined();
    expect(sent[1]!.headers['X-Station-Session']).toBe('s-1');
  });

  it('throws the envelope error as an ApiError, whatever the status', async () => {
    const { fetch } = fakeFetch([400, { ok: false, error: { code: 'badScan', message: 'unreadable', params: { reason: 'badCheckDigit', expected: '2', got: '3' } } }]);
    const error = await client(fetch)
      .c.call('lookupCode', { raw: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'badScan', params: { reason: 'badCheckDigit', expected: '2', got: '3' } });
  });

  it('drops the session on notSignedIn and on sign-out', async () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_ID_KEY, 'old');
    const { fetch } = fakeFetch([401, { ok: false, error: { code: 'notSignedIn', message: 'sign in first' } }]);
    await expect(client(fetch, storage).c.call('listEntries', {})).rejects.toMatchObject({ code: 'notSignedIn' });
    expect(storage.getItem(SESSION_ID_KEY)).toBeNull();

    storage.setItem(SESSION_ID_KEY, 's-2');
    const out = fakeFetch([500, 'gateway exploded']);
    await expect(client(out.fetch, storage).c.call('signOut', {})).rejects.toMatchObject({ code: 'internal' });
    expect(storage.getItem(SESSION_ID_KEY)).toBeNull();
  });
});

describe('HTTP client events', () => {
  it('shares one socket, delivers by event name, reconnects with backoff and closes when unused', async () => {
    vi.useFakeTimers();
    const { c } = client(fakeFetch().fetch);
    const alerts: unknown[] = [];
    const entries: unknown[] = [];
    const offAlert = c.on('alert', (p) => alerts.push(p));
    const offEntries = c.on('entryRecorded', (p) => entries.push(p));
    expect(FakeSocket.made).toHaveLength(1);
    expect(FakeSocket.made[0]!.url).toBe('ws://127.0.0.1:5178/events?token=tok%20en');

    FakeSocket.made[0]!.send('alert', { codeKey: 'k', status: 'held', at: 'now' });
    expect(alerts).toEqual([{ codeKey: 'k', status: 'held', at: 'now' }]);
    expect(entries).toEqual([]);

    FakeSocket.made[0]!.drop();
    vi.advanceTimersByTime(99);
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.made[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.made).toHaveLength(3);

    offAlert();
    expect(FakeSocket.made[2]!.closed).toBe(false);
    offEntries();
    expect(FakeSocket.made[2]!.closed).toBe(true);
  });
});
