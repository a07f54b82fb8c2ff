// A provincial mapping is checked against the record kinds and their payload fields before it is
// saved (docs/upload.md); one that an older version saved anyway sends nothing.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UploadSettings } from '../../shared/contract';
import { DEFAULT_PROVINCIAL_MAPPING } from '../../shared/domain/upload/provincial';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { admitInput, seedStation, startUploadCore, uploadSettings, type UploadCore } from '../support/upload';

let station: UploadCore | undefined;
let server: CaptureServer | undefined;
/** Data folders kept across a restart, removed after the test. */
const kept: string[] = [];
afterEach(async () => {
  await station?.close();
  await server?.close();
  station = server = undefined;
  for (const dir of kept.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const withMapping = (mapping: unknown): UploadSettings => {
  const s = uploadSettings('provincial', 'http://127.0.0.1:9/records');
  return { ...s, provincial: { ...s.provincial, mapping: mapping as UploadSettings['provincial']['mapping'] } };
};

describe('saving a provincial mapping', () => {
  it('refuses an empty mapping, a misspelt kind, a path records do not have and no record id, naming what is wrong; nothing saved', async () => {
    station = await startUploadCore();
    const before = await station.call('getUploadSettings', {});
    const refusal = (mapping: unknown) => station!.call('saveUploadSettings', withMapping(mapping)).catch((e: { api: unknown }) => e.api);
    expect(await refusal({})).toEqual({
      code: 'badRequest',
      message: expect.any(String),
      params: { reason: 'mappingEmpty' },
      issues: [{ path: 'provincial.mapping', code: 'mappingEmpty' }],
    });
    expect(await refusal({ entyr: { clientId: 'id' } })).toMatchObject({ params: { reason: 'mappingUnknownKind', kind: 'entyr', kinds: expect.stringContaining('entry, override, test') } });
    expect(await refusal({ entry: { clientId: 'id', traceCode: 'payload.lot.cdoe' } })).toMatchObject({
      params: { reason: 'mappingNoField', kind: 'entry', field: 'traceCode', path: 'payload.lot.cdoe' },
    });
    expect(await refusal({ entry: { traceCode: 'payload.lot.code' } })).toMatchObject({ params: { reason: 'mappingNoRecordId', kind: 'entry' } });
    // Every problem is listed as an issue; the message names the first.
    expect(await refusal({ entry: { a: 'payload.x' }, split: {} })).toMatchObject({
      params: { reason: 'mappingNoField', kind: 'entry', field: 'a', path: 'payload.x' },
      issues: ['mappingNoField', 'mappingNoRecordId', 'mappingKindEmpty'].map((code) => ({ path: 'provincial.mapping', code })),
    });
    expect(await station.call('getUploadSettings', {})).toEqual(before);
    expect(station.rows("select count(*) n from settings where key = 'upload'")[0]!.n).toBe(0);
    // A usable mapping is saved.
    const saved = await station.call('saveUploadSettings', withMapping({ entry: { clientId: 'id', traceCode: 'payload.lot.code' } }));
    expect(saved.provincial.mapping).toEqual({ entry: { clientId: 'id', traceCode: 'payload.lot.code' } });
  });

  it('checks a changed mapping whatever the target; one kept as an older version stored it does not block saving an EPCIS address', async () => {
    const first = await startUploadCore({ keepDir: true });
    kept.push(first.dir);
    const s = uploadSettings('epcis', 'http://127.0.0.1:9/capture');
    const nonsense = { ...s, provincial: { ...s.provincial, mapping: { entyr: {} } } };
    expect(await first.call('saveUploadSettings', nonsense).catch((e: { api: { params: unknown } }) => e.api.params)).toMatchObject({ reason: 'mappingUnknownKind' });
    await first.call('saveUploadSettings', s);
    await first.close();
    const db = new Database(join(first.dir, 'station.db'));
    db.prepare(`update settings set value = json_set(value, '$.provincial.mapping', json('{"entyr":{}}')) where key = 'upload'`).run();
    db.close();
    station = await startUploadCore({ dir: first.dir });
    const saved = await station.call('saveUploadSettings', { ...nonsense, batchSize: 5 });
    expect([saved.target, saved.batchSize, saved.provincial.mapping]).toEqual(['epcis', 5, { entyr: {} }]);
    // Choosing the provincial target checks it.
    expect(await station.call('saveUploadSettings', { ...nonsense, target: 'provincial' }).catch((e: { api: { params: unknown } }) => e.api.params)).toMatchObject({
      reason: 'mappingUnknownKind',
    });
  });
});

describe('a mapping saved by an older version', () => {
  it('sends nothing and marks nothing sent until a valid mapping is saved: the problem shows as the current error', async () => {
    const bodies: unknown[] = [];
    server = await startCaptureServer({
      reject: (doc) => {
        bodies.push(doc);
        return null;
      },
    });
    const first = await startUploadCore({ keepDir: true });
    const dir = first.dir;
    kept.push(dir);
    const seed = await seedStation(first);
    await first.call('checkEntry', admitInput(seed, 'MAP1'));
    await first.call('saveUploadSettings', uploadSettings('none', ''));
    await first.close();
    const db = new Database(join(dir, 'station.db'));
    db.prepare(`update settings set value = json_set(value, '$.target', 'provincial', '$.endpoint', ?, '$.provincial.mapping', json('{"entry":{}}')) where key = 'upload'`).run(server.recordsUrl);
    db.close();

    station = await startUploadCore({ dir });
    const stuck = await station.until((s) => s.lastError !== null);
    expect(stuck).toMatchObject({ target: 'provincial', sent: 0, dead: 0, lastError: { message: 'provincial mapping unusable (mappingKindEmpty entry): save a valid mapping' } });
    expect(bodies).toEqual([]);
    expect(station.rows('select distinct state from outbox')).toEqual([{ state: 'pending' }]);

    const fixed = withMapping({ ...DEFAULT_PROVINCIAL_MAPPING });
    await station.call('saveUploadSettings', { ...fixed, endpoint: server.recordsUrl });
    await station.until((s) => s.backlog === 0 && s.sent === 2);
    const records = bodies.flatMap((b) => (b as { records: Record<string, unknown>[] }).records);
    expect(records.map((r) => r.clientId)).toEqual(station.rows('select id from outbox order by seq').map((r) => r.id));
    expect(records.every((r) => Object.keys(r).length > 1)).toBe(true);
  });
});
