import { networkInterfaces } from 'node:os';
import type { SyncStatus, UploadSettings } from '../../../shared/contract';
import { batchKey, epcisDocumentParts } from '../../../shared/domain/upload/epcis';
import { buildProvincialBody, mappingProblems, provincialRejection } from '../../../shared/domain/upload/provincial';
import { isoLocal, type Clock } from '../../core/clock';
import { maskPhones, type StationLog } from '../../logging/logger';
import { nodeSha256Hex } from './hash';
import { followCaptureJob } from './captureJob';
import { classify, createPoster, RequestFailed, type SendOutcome } from './http';
import type { Queue, QueuedRow } from './queue';

export interface UploaderOptions {
  /** First retry delay; doubles per consecutive failure up to the cap (default 1 s, 5 min). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Longest pause a Retry-After may impose (default 15 min). */
  rateLimitCapMs?: number;
  /** Whole-request deadline (default 30 s). */
  requestTimeoutMs?: number;
  /** How often an idle queue looks for new rows (default 1 s). */
  idlePollMs?: number;
  /** Least time between two syncStatus events (default 250 ms). */
  statusThrottleMs?: number;
  /** Capture jobs (EPCIS 202): first wait before reading the job, doubling up to the cap; the budget a job gets before the batch is retried (defaults 500 ms, 10 s, 5 min). */
  captureJobFirstMs?: number;
  captureJobCapMs?: number;
  captureJobBudgetMs?: number;
  /** Jitter source (tests). */
  random?: () => number;
}

interface Deps {
  queue: Queue;
  clock: Clock;
  settings: () => UploadSettings;
  settingsGeneration: () => number;
  stationId: () => string | null;
  /** The market's GLN now (outbox.ts marketGlnOf): records mapped at send time use it. */
  marketGln: () => string | null;
  onStatus: (s: SyncStatus) => void;
  log: StationLog;
  options?: UploaderOptions;
}

/** Outcome of building one batch: the request, or rows whose record cannot be mapped at all. */
type Built = { body: string | readonly string[]; headers: Record<string, string>; key: string; auth: Record<string, string> };

/**
 * The upload loop (Node side): one batch in flight at a time, in seq order; marks rows sent only
 * after the server's ack; retries with capped exponential backoff and jitter; pauses the whole
 * queue on 429; finds the refused record of a refused batch by re-sending it one by one.
 */
export function createUploader(deps: Deps) {
  const o = deps.options ?? {};
  const base = o.backoffBaseMs ?? 1000;
  const cap = o.backoffCapMs ?? 5 * 60_000;
  const rateCap = o.rateLimitCapMs ?? 15 * 60_000;
  const timeoutMs = o.requestTimeoutMs ?? 30_000;
  const idleMs = o.idlePollMs ?? 1000;
  const throttleMs = o.statusThrottleMs ?? 250;
  const random = o.random ?? Math.random;
  const poster = createPoster();

  let closed = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let failures = 0;
  let pausedUntil = 0;
  /** Rows still to send one at a time, after a batch was refused. */
  let isolate = 0;
  let state: SyncStatus['state'] = 'disabled';
  let online: boolean | null = null;
  let lastError: SyncStatus['lastError'] = null;
  let lastSuccessAt: string | null = deps.queue.lastSentAt();
  let drain: { done: number; startedAt: string } | null = null;
  let lastEmit = 0;
  let emitTimer: NodeJS.Timeout | null = null;
  let netSignature = interfacesSignature();

  const now = () => deps.clock.now();

  function status(): SyncStatus {
    const c = deps.queue.counts();
    const target = deps.settings().target;
    return {
      target,
      state,
      online,
      backlog: c.pending,
      blocked: c.blocked,
      dead: c.dead,
      sent: c.sent,
      lastSuccessAt,
      lastError,
      nextAttemptAt: pausedUntil > Date.now() ? isoLocal(new Date(pausedUntil)) : null,
      drain: drain && c.pending > 0 ? { done: drain.done, total: drain.done + c.pending, startedAt: drain.startedAt } : null,
    };
  }

  function emit(force = false) {
    if (closed) return;
    const t = Date.now();
    if (force || t - lastEmit >= throttleMs) {
      if (emitTimer) clearTimeout(emitTimer);
      emitTimer = null;
      lastEmit = t;
      deps.onStatus(status());
    } else if (!emitTimer) {
      emitTimer = setTimeout(() => emit(true), throttleMs - (t - lastEmit));
      emitTimer.unref();
    }
  }

  function setState(next: SyncStatus['state']) {
    if (next === state) return;
    state = next;
    emit(true);
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        if (wake === done) wake = null;
        resolve();
      }
      wake = done;
    });
  }

  function backoffMs(): number {
    const ceiling = Math.min(cap, base * 2 ** Math.min(30, failures - 1));
    // "Equal jitter": at least half the step, so retries spread out but never come back at once.
    return ceiling / 2 + random() * (ceiling / 2);
  }

  function interfacesSignature(): string {
    try {
      return Object.entries(networkInterfaces())
        .flatMap(([name, addrs]) => (addrs ?? []).filter((a) => !a.internal).map((a) => `${name}/${a.address}`))
        .sort()
        .join(',');
    } catch {
      return '';
    }
  }

  function build(rows: QueuedRow[], cfg: UploadSettings): Built {
    const stationId = deps.stationId();
    const key = batchKey(
      rows.map((r) => r.id),
      nodeSha256Hex,
    );
    const auth: Record<string, string> = cfg.token ? { [cfg.tokenHeader]: `${cfg.tokenPrefix}${cfg.token}` } : {};
    if (cfg.target === 'epcis') {
      // The same bytes on every retry under this key: the creationDate of the first send.
      const creationDate = deps.queue.batchCreationDate(key, isoLocal(now()));
      return {
        body: epcisDocumentParts(rows, { stationId, marketGln: deps.marketGln(), creationDate, sha256Hex: nodeSha256Hex }),
        headers: { 'Content-Type': 'application/ld+json', 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0', 'Idempotency-Key': key, ...auth },
        key,
        auth,
      };
    }
    return { body: JSON.stringify(buildProvincialBody(rows, cfg.provincial, stationId)), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...auth }, key, auth };
  }

  async function send(built: Built, cfg: UploadSettings): Promise<SendOutcome> {
    // A mapping saved by an older version may be nonsense: nothing goes out (and nothing is
    // marked sent as `{}`) until the admin saves a mapping that passes the check.
    const mapping = cfg.target === 'provincial' ? mappingProblems(cfg.provincial.mapping) : [];
    if (mapping.length) {
      const first = mapping[0];
      const where = 'kind' in first ? ` ${first.kind}${'field' in first ? `.${first.field}` : ''}` : '';
      return { kind: 'config', reason: `provincial mapping unusable (${first.reason}${where}): save a valid mapping`, reached: false };
    }
    try {
      const res = await poster.post(cfg.endpoint, built.body, built.headers, timeoutMs);
      // EPCIS 2.0 capture is asynchronous: 202 names a capture job, and only its result counts.
      if (cfg.target === 'epcis' && res.status === 202) {
        return await followCaptureJob(
          res,
          cfg.endpoint,
          { Accept: 'application/json', ...built.auth },
          {
            get: poster.get,
            sleep,
            closed: () => closed,
            timeoutMs,
            firstMs: o.captureJobFirstMs ?? 500,
            capMs: o.captureJobCapMs ?? 10_000,
            budgetMs: o.captureJobBudgetMs ?? 5 * 60_000,
          },
        );
      }
      const outcome = classify(res, Date.now());
      if (outcome.kind === 'ok' && cfg.target === 'provincial') {
        const refused = provincialRejection(res.body, cfg.provincial);
        if (refused) return { kind: 'reject', status: res.status, reason: refused };
      }
      return outcome;
    } catch (e) {
      if (e instanceof RequestFailed) return { kind: 'retry', reason: e.message, reached: e.reached, retryAfterMs: null };
      // Node refused to build the request (a header value an older version let through, say):
      // retried and shown on 同步 until the settings are fixed, never the end of the process.
      return { kind: 'config', reason: `request not sent: ${e instanceof Error ? e.message : String(e)}`, reached: false };
    }
  }

  /** One line per failed request: what the server or network said, and how many tries so far (never the token or the body). */
  function logFailure(outcome: Exclude<SendOutcome, { kind: 'ok' }>, cfg: UploadSettings, rows: QueuedRow[]) {
    deps.log.warn(
      {
        event: 'uploadFailed',
        target: cfg.target,
        outcome: outcome.kind,
        status: outcome.kind === 'reject' ? outcome.status : undefined,
        reason: maskPhones(outcome.reason.slice(0, 300)),
        attempt: failures + 1,
        records: rows.length,
        firstSeq: rows[0].seq,
      },
      `upload ${outcome.kind}`,
    );
  }

  async function loop(): Promise<void> {
    while (!closed) {
      const cfg = deps.settings();
      if (cfg.target === 'none' || !cfg.endpoint) {
        setState('disabled');
        await sleep(idleMs);
        continue;
      }
      const wait = pausedUntil - Date.now();
      if (wait > 0) {
        if (online === false && interfacesSignature() !== netSignature) {
          // The network came back (or changed): try now instead of sitting out the backoff.
          netSignature = interfacesSignature();
          pausedUntil = 0;
          continue;
        }
        await sleep(online === false ? Math.min(wait, 1000) : wait);
        continue;
      }
      const rows = deps.queue.next(isolate > 0 ? 1 : cfg.batchSize);
      if (rows.length === 0) {
        isolate = 0;
        drain = null;
        setState('idle');
        await sleep(idleMs);
        continue;
      }
      let built: Built;
      try {
        built = build(rows, cfg);
      } catch (e) {
        // A record that cannot even be mapped: isolate it and park it with the reason.
        if (rows.length > 1) isolate = rows.length;
        else deps.queue.dead(rows[0].seq, `mapping: ${(e as Error).message}`);
        continue;
      }
      drain ??= { done: 0, startedAt: isoLocal(now()) };
      setState('sending');
      const generation = deps.settingsGeneration();
      const outcome = await send(built, cfg);
      if (closed) return; // the store may be closed already: touch nothing
      if (generation !== deps.settingsGeneration() && outcome.kind !== 'ok') continue; // settings changed meanwhile: rebuild
      const seqs = rows.map((r) => r.seq);
      const at = isoLocal(now());
      if (outcome.kind !== 'ok') logFailure(outcome, cfg, rows);
      switch (outcome.kind) {
        case 'ok':
          deps.queue.sent(seqs, at);
          deps.queue.batchAcknowledged(built.key);
          failures = 0;
          online = true;
          lastSuccessAt = at;
          lastError = null;
          if (isolate > 0) isolate -= rows.length;
          drain.done += rows.length;
          emit();
          break;
        case 'reject':
          online = true;
          if (rows.length > 1) {
            deps.queue.failed(seqs, outcome.reason);
            isolate = rows.length;
          } else {
            deps.queue.dead(rows[0].seq, outcome.reason);
            if (isolate > 0) isolate--;
            lastError = { message: outcome.reason, at };
          }
          emit(true);
          break;
        case 'rateLimited':
          online = true;
          deps.queue.failed(seqs, outcome.reason);
          pausedUntil = Date.now() + Math.min(rateCap, outcome.retryAfterMs ?? (failures++, backoffMs()));
          lastError = { message: outcome.reason, at };
          setState('rateLimited');
          emit(true);
          break;
        case 'retry':
        case 'config':
          failures++;
          // A request never sent says nothing about the network.
          if (outcome.kind === 'retry' || outcome.reached) online = outcome.kind === 'config' || outcome.reached;
          if (!online) netSignature = interfacesSignature();
          deps.queue.failed(seqs, outcome.reason);
          pausedUntil = Date.now() + Math.max(backoffMs(), outcome.kind === 'retry' && outcome.retryAfterMs !== null ? Math.min(rateCap, outcome.retryAfterMs) : 0);
          lastError = { message: outcome.reason, at };
          setState('backoff');
          emit(true);
          break;
      }
    }
  }

  return {
    start() {
      if (running || closed) return;
      // Whatever the loop meets (a store error, a bug), the station keeps running: the failure
      // is shown on 同步 and the loop starts again after a backoff.
      const run = (): Promise<void> =>
        loop().catch((e: unknown) => {
          if (closed) return;
          deps.log.error({ event: 'uploadLoopError', err: e, attempt: failures + 1 }, 'upload loop stopped; restarting after a backoff');
          failures++;
          pausedUntil = Date.now() + backoffMs();
          lastError = { message: `upload stopped: ${e instanceof Error ? e.message : String(e)}`, at: isoLocal(now()) };
          state = 'backoff';
          emit(true);
          return run();
        });
      running = run();
    },
    status,
    /** "Sync now": cuts a backoff short; a server's rate-limit pause still holds. */
    syncNow() {
      if (state !== 'rateLimited') {
        pausedUntil = 0;
        failures = 0;
      }
      wake?.();
      return status();
    },
    /** Something changed (a dead row re-queued, settings saved): look again now. */
    kick() {
      wake?.();
      emit(true);
    },
    close(): Promise<void> {
      closed = true;
      if (emitTimer) clearTimeout(emitTimer);
      poster.close();
      wake?.();
      return running ?? Promise.resolve();
    },
    post: poster.post,
  };
}
export type Uploader = ReturnType<typeof createUploader>;
