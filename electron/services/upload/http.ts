import http from 'node:http';
import https from 'node:https';

export interface PostResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a send attempt came to, as the uploader acts on it. */
export type SendOutcome =
  | { kind: 'ok'; body: string }
  /** Network trouble, timeout, 5xx, 408: the same batch again after a backoff. */
  | { kind: 'retry'; reason: string; reached: boolean; retryAfterMs: number | null }
  /** 429: the whole queue waits (Retry-After when given). */
  | { kind: 'rateLimited'; reason: string; retryAfterMs: number | null }
  /**
   * 401/403/404/405/407, redirects (reached), or a request that could not even be built from the
   * settings (not reached): the station's settings are wrong, not the records.
   */
  | { kind: 'config'; reason: string; reached: boolean }
  /** Any other 4xx: the server refuses these records for good. */
  | { kind: 'reject'; status: number; reason: string };

const MAX_BODY = 64 * 1024;
/** Connection-level failures that mean "no network / nothing there", not "the server is slow". */
const UNREACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly reached: boolean,
  ) {
    super(message);
  }
}

export function createPoster() {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 2 }), https: new https.Agent({ keepAlive: true, maxSockets: 2 }) };
  const inflight = new Set<http.ClientRequest>();

  /** `body` in pieces is written piece by piece (a batch's events are never joined into one string). */
  function post(url: string, body: string | readonly string[], headers: Record<string, string>, timeoutMs: number): Promise<PostResponse> {
    return request('POST', url, typeof body === 'string' ? [body] : body, headers, timeoutMs);
  }

  /** A GET (a capture job's state). */
  function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResponse> {
    return request('GET', url, [], headers, timeoutMs);
  }

  function request(method: 'POST' | 'GET', url: string, pieces: readonly string[], headers: Record<string, string>, timeoutMs: number): Promise<PostResponse> {
    const length = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const mod = secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(u, { method, agent: secure ? agents.https : agents.http, headers: method === 'POST' ? { ...headers, 'Content-Length': String(length) } : headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          inflight.delete(req);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY) });
        });
        res.on('error', (e) => fail(new RequestFailed(`response: ${e.message}`, true)));
        res.on('aborted', () => fail(new RequestFailed('response aborted', true)));
      });
      const fail = (e: RequestFailed) => {
        clearTimeout(timer);
        inflight.delete(req);
        req.destroy();
        reject(e);
      };
      // A whole-request deadline: a server that accepts the body and never answers is a timeout too.
      const timer = setTimeout(() => fail(new RequestFailed(`timeout after ${timeoutMs} ms`, true)), timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => fail(new RequestFailed(`${e.code ?? 'error'}: ${e.message}`, !UNREACHED.has(e.code ?? ''))));
      inflight.add(req);
      req.cork();
      for (const p of pieces) req.write(p);
      req.end();
    });
  }

  return {
    post,
    get,
    /** Aborts requests in flight (station closing). */
    close() {
      for (const r of inflight) r.destroy();
      inflight.clear();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** Retry-After: delta seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - nowMs);
}

/** The server's reason, from a problem+json / JSON body or its text. */
export function reasonOf(res: PostResponse): string {
  let text = res.body.trim();
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const parts = ['title', 'detail', 'message', 'msg', 'error', 'reason'].map((k) => j[k]).filter((v) => typeof v === 'string' && v);
    if (parts.length) text = parts.join(': ');
  } catch {
    // plain text
  }
  return `HTTP ${res.status}${text ? ` ${text.slice(0, 500)}` : ''}`;
}

const CONFIG_STATUSES = new Set([401, 403, 404, 405, 407]);
/** A problem that names the Idempotency-Key header (the IETF Idempotency-Key draft's 409 and 422). */
const NAMES_IDEMPOTENCY_KEY = /idempotency[-_ ]?key/i;

export function classify(res: PostResponse, nowMs: number): SendOutcome {
  const s = res.status;
  // 409 naming the key: a request with this key is still being processed (draft): not yet received.
  if (s === 409 && NAMES_IDEMPOTENCY_KEY.test(res.body)) return { kind: 'retry', reason: reasonOf(res), reached: true, retryAfterMs: retryAfterMs(res.headers['retry-after'], nowMs) };
  // 409 otherwise: the capture repository already has these events (a re-send after a lost ack).
  // 422 naming the key: this key was used before with another body — a batch sent by an older
  // version whose creationDate differed; the key is the hash of the record ids, so the server
  // has these records. Any other 422 is a refusal like any 4xx.
  if ((s >= 200 && s < 300) || s === 409 || (s === 422 && NAMES_IDEMPOTENCY_KEY.test(res.body))) return { kind: 'ok', body: res.body };
  if (s === 429) return { kind: 'rateLimited', reason: reasonOf(res), retryAfterMs: retryAfterMs(res.headers['retry-after'], nowMs) };
  if (s === 408 || s >= 500 || s < 200) return { kind: 'retry', reason: reasonOf(res), reached: true, retryAfterMs: retryAfterMs(res.headers['retry-after'], nowMs) };
  if ((s >= 300 && s < 400) || CONFIG_STATUSES.has(s)) return { kind: 'config', reason: reasonOf(res), reached: true };
  return { kind: 'reject', status: s, reason: reasonOf(res) };
}
