import type { PostResponse, SendOutcome } from './http';
import { reasonOf } from './http';

/**
 * The asynchronous capture interface of the EPCIS 2.0 REST binding: `POST /capture` answers 202
 * with a `Location` header naming a capture job; the job is read until `running` is false, then
 * `success` says whether the document was captured and `errors` why not. Records are sent only
 * when the job succeeded.
 */
export interface CaptureJobDeps {
  get: (url: string, headers: Record<string, string>, timeoutMs: number) => Promise<PostResponse>;
  /** Waits, unless the uploader is woken or closed first. */
  sleep: (ms: number) => Promise<void>;
  closed: () => boolean;
  timeoutMs: number;
  /** First wait before reading the job; doubles up to `capMs`; the job is given `budgetMs` in all. */
  firstMs: number;
  capMs: number;
  budgetMs: number;
}

interface CaptureJob {
  running?: unknown;
  success?: unknown;
  errors?: unknown;
}

/** What the server said went wrong: each error's title / detail (problem objects) or its text. */
export function jobErrors(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : errors === undefined || errors === null ? [] : [errors];
  const parts = list.map((e) => {
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object') {
      const o = e as Record<string, unknown>;
      const text = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : null);
      const words = [text('title'), text('detail')].filter((v) => v !== null);
      return words.length ? words.join(': ') : (text('message') ?? text('type') ?? JSON.stringify(o));
    }
    return String(e);
  });
  return parts.join('; ').slice(0, 500) || 'no reason given';
}

export async function followCaptureJob(accepted: PostResponse, endpoint: string, headers: Record<string, string>, deps: CaptureJobDeps): Promise<SendOutcome> {
  const location = accepted.headers.location;
  if (!location) {
    return { kind: 'retry', reason: 'HTTP 202 without a Location header: the capture job cannot be followed, so the records are not known to be captured', reached: true, retryAfterMs: null };
  }
  let url: string;
  try {
    url = new URL(location, endpoint).toString();
  } catch {
    return { kind: 'retry', reason: `HTTP 202 with an unusable Location: ${location.slice(0, 200)}`, reached: true, retryAfterMs: null };
  }
  const started = Date.now();
  let wait = deps.firstMs;
  for (;;) {
    await deps.sleep(wait);
    if (deps.closed()) return { kind: 'retry', reason: 'station closing while the capture job ran', reached: true, retryAfterMs: null };
    const res = await deps.get(url, headers, deps.timeoutMs);
    if (res.status !== 200) return { kind: 'retry', reason: `capture job ${url}: ${reasonOf(res)}`, reached: true, retryAfterMs: null };
    let job: CaptureJob;
    try {
      job = JSON.parse(res.body) as CaptureJob;
    } catch {
      return { kind: 'retry', reason: `capture job ${url}: not JSON`, reached: true, retryAfterMs: null };
    }
    if (job.running === false) {
      if (job.success === true) return { kind: 'ok', body: res.body };
      return { kind: 'reject', status: 202, reason: `capture job failed: ${jobErrors(job.errors)}` };
    }
    if (Date.now() - started + wait > deps.budgetMs) {
      // Sent again later under the same key and bytes: the server answers with the same job or dedupes.
      return { kind: 'retry', reason: `capture job ${url} still running after ${Math.round((Date.now() - started) / 1000)} s`, reached: true, retryAfterMs: null };
    }
    wait = Math.min(deps.capMs, wait * 2);
  }
}
