import { afterEach, describe, expect, it } from 'vitest';
import { eventsFor } from '../../shared/domain/upload/epcis';
import type { OutboxKind } from '../../shared/domain/upload/records';
import { startCaptureServer, type CaptureJobState, type CaptureServer } from '../fixtures/captureServer';
import { admitInput, FAST_UPLOAD, seedStation, startUploadCore, uploadSettings, type UploadCore } from '../support/upload';

let station: UploadCore | undefined;
let server: CaptureServer | undefined;
afterEach(async () => {
  await station?.close();
  await server?.close();
  station = server = undefined;
});

const states = (s: UploadCore) => s.rows('SELECT kind, state, last_error FROM outbox ORDER BY seq') as { kind: OutboxKind; state: string; last_error: string | null }[];
const poisoned = (doc: Record<string, unknown>) =>
  (doc.epcisBody as { eventList: Record<string, unknown>[] }).eventList.some((e) => String(e['yp:code']).endsWith('POISON')) ? 'quantityList: lot POISON unknown to the platform' : null;

/** Resolves at the first job read that satisfies `pred` (bounded). */
function jobRead(srv: CaptureServer, pred: (j: CaptureJobState) => boolean, timeoutMs = 10_000): Promise<CaptureJobState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such capture job read')), timeoutMs);
    srv.set({
      onJobRead: (j) => {
        if (!pred(j)) return;
        clearTimeout(timer);
        srv.set({ onJobRead: undefined });
        resolve({ ...j });
      },
    });
  });
}

describe('asynchronous EPCIS capture (202 + capture job)', () => {
  it('marks records sent only when their capture job has succeeded, reading it while it runs', async () => {
    server = await startCaptureServer({ captureJobs: { runningReads: 3 } });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'JOB1'));
    await station.call('checkEntry', admitInput(seed, 'JOB2'));
    const finished = jobRead(server, (j) => !j.running);
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));
    const job = await finished;
    expect(job).toMatchObject({ reads: 4, running: false, success: true, errors: [] });
    await station.until((s) => s.backlog === 0 && s.sent === 3);
    expect(server.jobs.size).toBe(1);
    expect(states(station).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    const entries = station.rows(`SELECT o.id, o.kind, o.lot_id, b.payload, o.created_at FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq WHERE o.kind = 'entry'`);
    const ids = entries.flatMap((r) => eventsFor({ id: r.id, kind: 'entry', lotId: r.lot_id, payload: JSON.parse(r.payload), at: r.created_at }, { stationId: '3059901' }).map((e) => e.eventID));
    expect([...server.events.keys()].sort()).toEqual(ids.sort());
    // A fixed batch is forgotten once acknowledged.
    expect(station.rows('SELECT count(*) AS n FROM upload_batches')[0].n).toBe(0);
  });

  it('parks the record a failed job refused as a dead letter with the server’s reason; the rest of the batch goes on', async () => {
    server = await startCaptureServer({ captureJobs: { runningReads: 1 }, reject: poisoned });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'POISON'));
    await station.call('checkEntry', admitInput(seed, 'GOODJ'));
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));
    await station.until((s) => s.backlog === 0 && s.dead === 1 && s.sent === 2);
    const [dead] = await station.call('listDeadLetters', { limit: 10 });
    expect(dead.reason).toBe('capture job failed: quantityList: lot POISON unknown to the platform');
    expect(states(station).map((r) => [r.kind, r.state])).toEqual([
      ['subject', 'sent'],
      ['entry', 'dead'],
      ['entry', 'sent'],
    ]);
    expect(states(station)[1].last_error).toContain('lot POISON unknown');
    // The whole batch's job failed first, then the records went one by one.
    expect([...server.jobs.values()].filter((j) => j.success === false).length).toBe(2);
    expect([...server.events.values()].map((e) => (e as Record<string, unknown>)['yp:code'])).toEqual([expect.stringMatching(/GOODJ$/)]);
  });

  it('sends a batch again, byte for byte, when its job outruns the budget, and the job then counts', async () => {
    server = await startCaptureServer({ captureJobs: { runningReads: 1_000_000 } });
    station = await startUploadCore({ upload: { ...FAST_UPLOAD, captureJobBudgetMs: 40 } });
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'SLOWJOB'));
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));
    const running = await station.until((s) => /still running after/.test(s.lastError?.message ?? ''));
    expect(running).toMatchObject({ state: 'backoff', backlog: 2, sent: 0 });
    expect(states(station).every((r) => r.state === 'pending')).toBe(true);
    server.set({ captureJobs: { runningReads: 0 } });
    await station.until((s) => s.backlog === 0 && s.sent === 2);
    // Every send of the batch carried the same key and the same bytes, and they all named one job.
    expect(server.bodiesByKey.size).toBe(1);
    const [bodies] = [...server.bodiesByKey.values()];
    expect(bodies.length).toBeGreaterThan(1);
    expect(new Set(bodies).size).toBe(1);
    expect(server.jobs.size).toBe(1);
  });

  it('answers a 202 without Location with a clear error and a retry, and sends once the server names its job', async () => {
    server = await startCaptureServer({ captureJobs: { runningReads: 0, omitLocation: true } });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'NOLOC'));
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl));
    const st = await station.until((s) => s.lastError !== null);
    expect(st.lastError!.message).toBe('HTTP 202 without a Location header: the capture job cannot be followed, so the records are not known to be captured');
    expect(st).toMatchObject({ state: 'backoff', backlog: 2, dead: 0, sent: 0 });
    server.set({ captureJobs: { runningReads: 0 } });
    await station.until((s) => s.backlog === 0 && s.sent === 2 && s.lastError === null);
    expect(server.events.size).toBe(1);
  });

  it('loses nothing when the station stops while it reads a job: the records stay pending and go after the restart', async () => {
    server = await startCaptureServer({ captureJobs: { runningReads: 1_000_000 } });
    station = await startUploadCore({ keepDir: true });
    const dir = station.dir;
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'STOPJOB'));
    const polled = jobRead(server, (j) => j.reads >= 2);
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));
    await polled;
    const closed = station;
    await station.close();
    station = undefined;
    // Read from the closed station's data folder: nothing was marked sent while its job ran.
    expect(states(closed).map((r) => r.state)).toEqual(['pending', 'pending']);
    server.set({ captureJobs: { runningReads: 0 } });
    station = await startUploadCore({ dir });
    await station.until((s) => s.backlog === 0 && s.sent === 2);
    expect(server.events.size).toBe(1);
    // The restart sent the same batch under the same key and bytes: the server's job for it counted.
    expect(new Set([...server.bodiesByKey.values()][0]).size).toBe(1);
  });
});

describe('a batch keeps its document across retries', () => {
  it('sends the same bytes under the same Idempotency-Key after failed attempts, creationDate included', async () => {
    server = await startCaptureServer({ faults: { budget: 3, probability: 1, weights: { serverError: 1, drop: 0, timeout: 0, ackLost: 0, slow: 0, rateLimit: 0 } } });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'SAMEBYTES'));
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));
    await station.until((s) => s.backlog === 0 && s.sent === 2);
    expect(server.injected.serverError).toBe(3);
    const [bodies] = [...server.bodiesByKey.values()];
    expect(bodies).toHaveLength(4);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]).creationDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
