import { validateEpcisDocument } from 'epcis2.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsFor } from '../../shared/domain/upload/epcis';
import type { OutboxKind } from '../../shared/domain/upload/records';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { admitInput, seedStation, startUploadCore, uploadSettings, type UploadCore } from '../support/upload';

let station: UploadCore | undefined;
let other: UploadCore | undefined;
let server: CaptureServer | undefined;
afterEach(async () => {
  await station?.close();
  await other?.close();
  await server?.close();
  station = other = server = undefined;
});

/** Every document the server accepts must pass the EPCIS 2.0 schemas; a failure is a 400 (and a dead letter). */
const schemaCheck = (doc: Record<string, unknown>) => {
  const r = validateEpcisDocument(doc, false);
  return r.success ? null : r.errors.join('; ');
};

const localRecords = (s: UploadCore) =>
  s
    .rows('SELECT o.id, o.kind, o.lot_id, b.payload, o.created_at, o.state FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq ORDER BY o.seq')
    .map((r) => ({ id: r.id as string, kind: r.kind as OutboxKind, lotId: r.lot_id as string | null, payload: JSON.parse(r.payload), at: r.created_at as string, state: r.state as string }));

describe('upload to an EPCIS capture endpoint', () => {
  it('sends entries, overrides, splits with sales and master data once each, schema-valid, in order', async () => {
    server = await startCaptureServer({ reject: schemaCheck });
    station = await startUploadCore();
    const seed = await seedStation(station);
    const a = await station.call('checkEntry', admitInput(seed, 'UPA'));
    expect(a.duplicate).toBe(false);
    const b = await station.call('checkEntry', { ...admitInput(seed, 'UPB'), certificates: [] });
    if (a.duplicate || b.duplicate) throw new Error('fresh lots expected');
    await station.call('overrideEntry', { entryId: b.view.entry.id, outcome: 'hold', reason: '补交合格证' });
    await station.call('splitLot', { parentRaw: admitInput(seed, 'UPA').raw, quantity: 2, unit: 'kg', closing: false, buyer: { name: '食堂', uscc: '91350502MA2Y0XXX04' }, priceFen: 800 });
    await station.call('saveVariety', { name: '上海青', categoryId: (await station.call('listCategories', {}))[0].id, defaultUnit: 'kg' });
    const kinds = localRecords(station).map((r) => r.kind);
    expect(kinds).toEqual(['subject', 'entry', 'entry', 'override', 'split', 'variety']);
    // Event records carry their events serialised when written (the station id was set); master data none.
    const serialised = station.rows('SELECT b.events FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq ORDER BY o.seq');
    expect(serialised.map((r) => r.events === null)).toEqual([true, false, false, false, false, true]);
    for (const r of localRecords(station).filter((x) => x.kind !== 'subject' && x.kind !== 'variety')) {
      const row = station.rows('SELECT b.events FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq WHERE o.id = ?', r.id)[0];
      expect(JSON.parse(row.events)).toEqual(eventsFor(r, { stationId: '3059901' }));
    }

    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 2 }));
    const done = await station.until((s) => s.backlog === 0 && s.sent === 6);
    expect(done).toMatchObject({ target: 'epcis', dead: 0, online: true, lastError: null });

    const local = localRecords(station);
    expect(local.every((r) => r.state === 'sent')).toBe(true);
    // The server holds exactly the local records, each with exactly the events the station maps it to.
    expect([...server.records.keys()].sort()).toEqual(local.map((r) => r.id).sort());
    for (const r of local) {
      const expected = eventsFor(r, { stationId: '3059901' }).map((e) => e.eventID);
      expect([...server.records.get(r.id)!.eventIds].sort()).toEqual(expected.sort());
    }
    expect(server.events.size).toBe(5); // 2 entries + override + split (transformation and sale)
    // Order of first storage follows the outbox order: the split after its parent's entry.
    // (Within one document the header's master data is stored before the events.)
    const order = local.filter((r) => r.kind !== 'subject' && r.kind !== 'variety').map((r) => server!.records.get(r.id)!.order);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('parks a refused record as a dead letter with the reason, holds back its lot, lets other lots pass, and re-sends it', async () => {
    server = await startCaptureServer({
      reject: (doc) => {
        const events = (doc.epcisBody as { eventList: Record<string, unknown>[] }).eventList;
        return events.some((e) => String(e['yp:code']).endsWith('POISON')) ? 'quantityList: lot POISON unknown to the platform' : null;
      },
    });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'POISON'));
    await station.call('checkEntry', admitInput(seed, 'GOOD1'));
    // A later record of the poisoned lot's family must wait behind it.
    await station.call('splitLot', { parentRaw: admitInput(seed, 'POISON').raw, quantity: 1, unit: 'kg', closing: false });
    await station.call('checkEntry', admitInput(seed, 'GOOD2'));
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 10 }));

    const status = await station.until((s) => s.dead === 1 && s.backlog === 1 && s.state === 'idle');
    expect(status).toMatchObject({ blocked: 1, sent: 3 });
    const [dead] = await station.call('listDeadLetters', { limit: 10 });
    expect(dead).toMatchObject({ kind: 'entry', code: '010690000012345410POISON', blocking: 1 });
    expect(dead.reason).toBe('HTTP 400 quantityList: lot POISON unknown to the platform');
    expect(station.rows('SELECT kind, state FROM outbox ORDER BY seq').map((r) => `${r.kind}:${r.state}`)).toEqual(['subject:sent', 'entry:dead', 'entry:sent', 'split:pending', 'entry:sent']);

    server.set({ reject: undefined }); // the platform fixed its side
    expect(await station.call('resendDeadLetters', { ids: [dead.id] })).toEqual({ requeued: 1 });
    await station.until((s) => s.backlog === 0 && s.dead === 0 && s.sent === 5);
    const ord = (kind: string) => server!.records.get(station!.rows('SELECT id FROM outbox WHERE kind = ? ORDER BY seq LIMIT 1', kind)[0].id)!.order;
    expect(ord('split')).toBeGreaterThan(ord('entry'));
  });

  it('pauses the whole queue on 429 with Retry-After, then resumes', async () => {
    server = await startCaptureServer({ faults: { budget: 1, probability: 1, weights: { rateLimit: 1, drop: 0, serverError: 0, timeout: 0, ackLost: 0, slow: 0 }, retryAfter: '1' } });
    station = await startUploadCore();
    await seedStation(station);
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl));
    const limited = await station.until((s) => s.state === 'rateLimited');
    expect(limited.nextAttemptAt).not.toBeNull();
    expect(limited.lastError?.message).toContain('HTTP 429');
    const t0 = Date.now();
    await station.until((s) => s.backlog === 0 && s.sent === 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    expect(server.injected.rateLimit).toBe(1);
  });

  it('treats a wrong token (401) as a settings problem: retried, never dead-lettered', async () => {
    server = await startCaptureServer({ auth: 'Bearer right' });
    station = await startUploadCore();
    await seedStation(station);
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { token: 'wrong' }));
    const failing = await station.until((s) => s.lastError?.message.startsWith('HTTP 401') === true);
    expect(failing.dead).toBe(0);
    await station.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { token: 'right' }));
    await station.until((s) => s.backlog === 0 && s.sent === 1 && s.dead === 0);
  });
});

describe('provincial JSON adapter', () => {
  it('maps fields by the configured table, sends the token header, and reads a 200 { code } refusal', async () => {
    const bodies: unknown[] = [];
    server = await startCaptureServer({
      auth: 'Token abc',
      reject: (doc) => {
        bodies.push(doc);
        return null;
      },
    });
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'PROV1'));
    const settings = uploadSettings('provincial', server.recordsUrl, { token: 'abc', tokenPrefix: 'Token ' });
    await station.call('saveUploadSettings', { ...settings, provincial: { ...settings.provincial, okField: 'code', okValue: 0 } });
    await station.until((s) => s.backlog === 0 && s.sent === 2);
    const records = bodies.flatMap((b) => (b as { records: Record<string, unknown>[] }).records);
    const entry = records.find((r) => r.bizType === 'ENTRY')!;
    const id = station.rows("SELECT id FROM outbox WHERE kind = 'entry'")[0].id;
    expect(entry).toEqual({
      clientId: id,
      bizType: 'ENTRY',
      stationId: '3059901',
      traceCode: '010690000012345410PROV1',
      productName: '白菜',
      supplierName: '南安合作社',
      supplierCreditCode: '91350100M000100Y43',
      weight: 10,
      unit: 'kg',
      checkResult: '1',
      certNos: 'CN-PROV1,TR-PROV1',
      operateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Unmapped kinds go as { clientId, kind, at, stationId, data }.
    expect(records.find((r) => r.kind === 'subject')).toMatchObject({ clientId: expect.any(String), data: { name: '南安合作社' } });
  });
});

describe('file export and import', () => {
  it('exports waiting records for a never-online station and imports them elsewhere once, with the same event ids', async () => {
    station = await startUploadCore();
    const seed = await seedStation(station);
    await station.call('checkEntry', admitInput(seed, 'FILE1'));
    await station.call('splitLot', { parentRaw: admitInput(seed, 'FILE1').raw, quantity: 1, unit: 'kg', closing: false });
    const exported = await station.call('exportUpload', { handOver: true });
    expect(exported.records).toBe(3);
    expect(exported.path.startsWith(station.dir)).toBe(true);
    const doc = JSON.parse(exported.content!);
    expect(validateEpcisDocument(doc, false)).toEqual({ success: true, errors: [] });
    expect(station.rows('SELECT DISTINCT state FROM outbox')).toEqual([{ state: 'exported' }]);
    expect((await station.call('exportUpload', { handOver: true })).records).toBe(0);

    other = await startUploadCore();
    await other.call('setStationId', { stationId: '3059902', name: '另一台' });
    // The file is signed by 3059901: another station imports it once it trusts that key (uploadTransfer.test.ts: the refusals).
    await other.call('importStationKey', { stationId: '3059901', name: '测试摊位', publicKey: (await station.call('getStation', {})).publicKey });
    const tampered = JSON.parse(exported.content!);
    tampered.epcisHeader['yp:export'].records[1].payload.lot.quantity = 999;
    expect((await other.call('importUpload', { content: JSON.stringify(tampered) }).catch((e) => e.api)).params).toEqual({ reason: 'importBadSignature', station: '3059901' });
    expect(await other.call('importUpload', { content: exported.content! })).toEqual({ records: 3, added: 3, duplicates: 0, fromStation: '3059901' });
    expect(await other.call('importUpload', { content: exported.content! })).toEqual({ records: 3, added: 0, duplicates: 3, fromStation: '3059901' });

    server = await startCaptureServer({ reject: schemaCheck });
    await other.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl));
    await other.until((s) => s.backlog === 0 && s.sent === 3);
    const exportedIds = (doc.epcisBody.eventList as { eventID: string }[]).map((e) => e.eventID).sort();
    expect([...server.events.keys()].sort()).toEqual(exportedIds);
  });
});
