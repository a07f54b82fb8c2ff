// Offline hand-over files are signed with the exporting station's Ed25519 key; an import verifies
// the signature with the keys this station trusts and refuses, changing nothing, any file that
// was edited, forged, unsigned, of an older format or from a station it does not know.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../../shared/domain/upload/epcis';
import { envelopeShape, fieldAt } from '../../shared/domain/upload/payloadFields';
import type { OutboxRecord } from '../../shared/domain/upload/records';
import { signedBytes, SIGNATURE_KEY } from '../../electron/services/upload/signedExport';
import { nodeSha256Hex } from '../../electron/services/upload/hash';
import { STAFF_PINS } from '../support/testing';
import { admitInput, inspectorAndManager, seedStation, startUploadCore, type UploadCore } from '../support/upload';

type Doc = { epcisHeader: Record<string, any> & { 'yp:export': { stationId: string; records: OutboxRecord<Record<string, any>>[] } }; epcisBody: { eventList: Record<string, any>[] } };

let origin: UploadCore;
let other: UploadCore;
let file: string;
let originKey: KeyObject;

const parse = (text: string) => JSON.parse(text) as Doc;
/** Signs a document as the exporter does: the signature over its text without the signature member. */
const signAs = (doc: Doc, station: string, key: KeyObject) => {
  const { [SIGNATURE_KEY]: _old, ...header } = doc.epcisHeader;
  const unsigned = { ...doc, epcisHeader: header };
  const value = sign(null, Buffer.from(JSON.stringify(unsigned), 'utf8'), key).toString('base64url');
  return JSON.stringify({ ...unsigned, epcisHeader: { ...header, [SIGNATURE_KEY]: { alg: 'Ed25519', station, value } } });
};
/** A record's events recomputed after an edit, put in place of its old ones (what a careful forger does). */
const recompute = (doc: Doc, recordId: string) => {
  const record = doc.epcisHeader['yp:export'].records.find((r) => r.id === recordId)!;
  const rest = doc.epcisBody.eventList.filter((e) => e['yp:recordId'] !== recordId);
  doc.epcisBody.eventList = [...rest, ...eventsFor(record, { stationId: doc.epcisHeader['yp:export'].stationId, sha256Hex: nodeSha256Hex })];
};
const outboxCount = (s: UploadCore) => s.rows('select count(*) n from outbox')[0]!.n as number;
const importInto = async (s: UploadCore, content: string) => {
  const before = outboxCount(s);
  const error = await s.call('importUpload', { content }).then(
    () => null,
    (e: { api: { code: string; params?: Record<string, unknown> } }) => e.api,
  );
  expect(outboxCount(s)).toBe(before); // a refused file changes nothing
  return error;
};

beforeAll(async () => {
  origin = await startUploadCore();
  const s = origin;
  const seed = await seedStation(s);
  const { inspector, manager, as } = await inspectorAndManager(s);
  const lot = admitInput(seed, 'SIGN1', 30);
  await s.call('checkEntry', lot);
  await s.call('splitLot', { parentRaw: lot.raw, quantity: 2, unit: 'kg', closing: false, buyer: { name: '食堂', phone: '13800000000' }, priceFen: 900 });
  await as(inspector.session, 'disposeLot', {
    raw: lot.raw,
    quantity: 28,
    unit: 'kg',
    reason: 'other',
    reasonText: '包装破损',
    method: 'shredding',
    operatorPin: STAFF_PINS.inspector,
    witnessId: manager.id,
    witnessPin: STAFF_PINS.manager,
  });
  const exported = await s.call('exportUpload', { handOver: false });
  file = exported.content!;
  expect(readFileSync(exported.path, 'utf8')).toBe(file);
  originKey = createPrivateKey((JSON.parse(readFileSync(join(s.dir, 'secrets.json'), 'utf8')) as { secrets: { stationPrivateKey: string } }).secrets.stationPrivateKey);
  other = await startUploadCore();
  await other.call('setStationId', { stationId: '3059902', name: '另一台' });
}, 60_000);

afterAll(async () => {
  await origin?.close();
  await other?.close();
});

describe('a signed export', () => {
  it("carries the origin's Ed25519 signature over the file's text without the signature member", () => {
    const doc = parse(file);
    expect(doc.epcisHeader['yp:export']).toMatchObject({ format: 'yipin-yima-outbox/2', stationId: '3059901', program: expect.any(String) });
    expect(doc.epcisHeader['yp:export'].records.map((r) => r.kind)).toEqual(['subject', 'entry', 'split', 'disposal']);
    expect(doc.epcisHeader[SIGNATURE_KEY]).toMatchObject({ alg: 'Ed25519', station: '3059901', value: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) });
    // The signed bytes are the file as written with `,"yp:signature":{…}` cut out.
    const member = `,"${SIGNATURE_KEY}":${JSON.stringify(doc.epcisHeader[SIGNATURE_KEY])}`;
    expect(file.split(member)).toHaveLength(2);
    expect(signedBytes(doc)).toBe(file.replace(member, ''));
    // Re-signing the same text with the same key gives the same file (Ed25519 is deterministic).
    expect(signAs(doc, '3059901', originKey)).toBe(file);
  });

  it('every field the services wrote is one the payload shapes know (what a provincial mapping may name)', () => {
    for (const r of parse(file).epcisHeader['yp:export'].records) {
      const leaves = (v: unknown, at: string): string[] => (v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => leaves(x, `${at}.${k}`)) : [at]);
      // originStationId is the export's own addition (the importer maps the records as the origin would).
      const { originStationId: _origin, ...payload } = r.payload;
      for (const path of leaves(payload, 'payload')) expect(fieldAt(envelopeShape(r.kind), path), `${r.kind} ${path}`).not.toBeNull();
    }
  });

  it('is refused by a station that does not trust the origin, and accepted once its key is imported (twice: nothing added)', async () => {
    expect(await importInto(other, file)).toEqual({ code: 'badRequest', message: expect.any(String), params: { reason: 'importUnknownStation', station: '3059901' } });
    const { publicKey } = await origin.call('getStation', {});
    await other.call('importStationKey', { stationId: '3059901', name: '测试摊位', publicKey });
    expect(await other.call('importUpload', { content: file })).toEqual({ records: 4, added: 4, duplicates: 0, fromStation: '3059901' });
    expect(await other.call('importUpload', { content: file })).toEqual({ records: 4, added: 0, duplicates: 4, fromStation: '3059901' });
    // The station's own file verifies with its own key.
    expect(await origin.call('importUpload', { content: file })).toEqual({ records: 4, added: 0, duplicates: 4, fromStation: '3059901' });
  });
});

describe('a forged or edited file is refused in words and changes nothing', () => {
  it('a disposal edited (28 → 3 kg, another witness) with its event ids recomputed', async () => {
    const doc = parse(file);
    const disposal = doc.epcisHeader['yp:export'].records.find((r) => r.kind === 'disposal')!;
    disposal.payload.lots[0].quantity = 3;
    disposal.payload.witness = { id: 'X', name: '假证人' };
    recompute(doc, disposal.id);
    expect((await importInto(other, JSON.stringify(doc)))?.params).toEqual({ reason: 'importBadSignature', station: '3059901' });
  });

  it('a forged supplier record added', async () => {
    const doc = parse(file);
    const supplier = doc.epcisHeader['yp:export'].records[0]!;
    doc.epcisHeader['yp:export'].records.push({ ...supplier, id: '01JFORGEDSUPPLIER0000000000', payload: { ...supplier.payload, name: '假冒合作社', blocked: false } });
    expect((await importInto(other, JSON.stringify(doc)))?.params).toEqual({ reason: 'importBadSignature', station: '3059901' });
  });

  it('an edit re-signed with a key that is not the station’s, under its id or under a station nobody trusts', async () => {
    const doc = parse(file);
    doc.epcisHeader['yp:export'].records.find((r) => r.kind === 'entry')!.payload.lot.quantity = 5;
    const forger = generateKeyPairSync('ed25519').privateKey;
    expect((await importInto(other, signAs(doc, '3059901', forger)))?.params).toEqual({ reason: 'importBadSignature', station: '3059901' });
    expect((await importInto(other, signAs(doc, '3059977', forger)))?.params).toEqual({ reason: 'importUnknownStation', station: '3059977' });
    // The records' station and the signer must be one: a trusted signer cannot vouch under another id.
    const relabelled = parse(file);
    relabelled.epcisHeader['yp:export'].stationId = '3059902';
    expect((await importInto(other, signAs(relabelled, '3059901', originKey)))?.params).toEqual({ reason: 'importBadSignature', station: '3059901' });
  });

  it('the genuine signature spelt another way (a last character whose unused bits differ: the same bytes decoded)', async () => {
    const doc = parse(file);
    const signature = doc.epcisHeader[SIGNATURE_KEY] as { value: string };
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = signature.value.at(-1)!;
    const respelt = signature.value.slice(0, -1) + ALPHABET[ALPHABET.indexOf(last) ^ 1];
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(signature.value, 'base64url'));
    signature.value = respelt;
    expect((await importInto(other, JSON.stringify(doc)))?.params).toEqual({ reason: 'importBadSignature', station: '3059901' });
    // The file as written still imports.
    expect((await importInto(other, file))?.params).toBeUndefined();
  });

  it('the signature removed, or one of another form', async () => {
    const doc = parse(file);
    delete doc.epcisHeader[SIGNATURE_KEY];
    expect((await importInto(other, JSON.stringify(doc)))?.params).toEqual({ reason: 'importUnsigned' });
    doc.epcisHeader[SIGNATURE_KEY] = { alg: 'RS256', station: '3059901', value: 'x' };
    expect((await importInto(other, JSON.stringify(doc)))?.params).toEqual({ reason: 'importUnsigned' });
  });

  it('an empty or broken payload, even under a valid signature: which record, its kind and the field, not an internal error', async () => {
    const empty = parse(file);
    empty.epcisHeader['yp:export'].records[3]!.payload = {};
    expect(await importInto(other, signAs(empty, '3059901', originKey))).toEqual({
      code: 'badRequest',
      message: expect.any(String),
      params: { reason: 'importBadRecord', index: 3, recordKind: 'disposal', field: 'disposalId' },
    });
    const broken = parse(file);
    broken.epcisHeader['yp:export'].records[1]!.payload.lot = null;
    expect((await importInto(other, signAs(broken, '3059901', originKey)))?.params).toEqual({ reason: 'importMalformed', index: 1 });
    const list = parse(file);
    list.epcisHeader['yp:export'].records[2]!.payload = [];
    expect((await importInto(other, signAs(list, '3059901', originKey)))?.params).toEqual({ reason: 'importBadRecord', index: 2, recordKind: 'split', field: '(payload)' });
  });

  it('a file of the unsigned format 1 (former event ids) names its format; a later format the program that wrote it', async () => {
    const old = parse(file);
    delete old.epcisHeader[SIGNATURE_KEY];
    old.epcisHeader['yp:export'] = { ...old.epcisHeader['yp:export'], format: 'yipin-yima-outbox/1' } as Doc['epcisHeader']['yp:export'];
    expect((await importInto(other, JSON.stringify(old)))?.params).toEqual({ reason: 'importOldFormat', format: 'yipin-yima-outbox/1' });
    const later = parse(file);
    later.epcisHeader['yp:export'] = { ...later.epcisHeader['yp:export'], format: 'yipin-yima-outbox/3', program: '9.0.0' } as Doc['epcisHeader']['yp:export'];
    expect((await importInto(other, JSON.stringify(later)))?.params).toEqual({ reason: 'importOtherVersion', version: '9.0.0' });
  });

  it('signed events that differ from this version’s mapping name the program version that wrote them', async () => {
    const doc = parse(file);
    doc.epcisHeader['yp:export'] = { ...doc.epcisHeader['yp:export'], program: '0.0.1' } as Doc['epcisHeader']['yp:export'];
    doc.epcisBody.eventList[0]!.eventID = 'ni:///sha-256;00?ver=CBV2.0';
    expect((await importInto(other, signAs(doc, '3059901', originKey)))?.params).toEqual({ reason: 'importOtherVersion', version: '0.0.1' });
  });
});

describe('exporting', () => {
  it('needs the signing key: without it a refusal naming the key file, nothing handed over', async () => {
    const first = await startUploadCore({ keepDir: true });
    const dir = first.dir;
    try {
      await seedStation(first);
      await first.close();
      rmSync(join(dir, 'secrets.json'));
      const keyless = await startUploadCore({ dir });
      try {
        expect((await keyless.call('exportUpload', { handOver: true }).catch((e: { api: unknown }) => e.api)) as object).toMatchObject({
          code: 'conflict',
          params: { reason: 'exportNoKey', file: join(dir, 'secrets.json') },
        });
        expect(keyless.rows('select distinct state from outbox')).toEqual([{ state: 'pending' }]);
      } finally {
        await keyless.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs the station id: the file is signed with the station key and found by it', async () => {
    const fresh = await startUploadCore();
    try {
      await fresh.call('saveSubject', { kind: 'supplier', name: '南安合作社' });
      expect((await fresh.call('exportUpload', { handOver: true }).catch((e: { api: unknown }) => e.api)) as object).toMatchObject({ params: { reason: 'exportNoStationId' } });
      expect(fresh.rows("select count(*) n from outbox where state = 'pending'")[0]!.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('records handed over, exported again', () => {
  it('a hand-over leaves nothing waiting; 再次导出 writes the same records again, signed, and they stay handed over', async () => {
    const records = (text: string) => parse(text).epcisHeader['yp:export'].records.map((r) => r.id);
    const handed = await origin.call('exportUpload', { handOver: true });
    expect(handed.records).toBe(4);
    expect(origin.rows('select distinct state from outbox')).toEqual([{ state: 'exported' }]);
    expect((await origin.call('exportUpload', { handOver: false })).records).toBe(0);

    const again = await origin.call('exportUpload', { handOver: true, records: 'handedOver' });
    expect(again).toMatchObject({ records: 4, fileName: expect.stringMatching(/-4-again\.epcis\.json$/) });
    expect(records(again.content!)).toEqual(records(handed.content!));
    expect(readFileSync(again.path, 'utf8')).toBe(again.content);
    expect(origin.rows('select distinct state from outbox')).toEqual([{ state: 'exported' }]);
    // A station that trusts the origin verifies it; what it already has is not queued twice.
    expect(await other.call('importUpload', { content: again.content! })).toEqual({ records: 4, added: 0, duplicates: 4, fromStation: '3059901' });
  });
});
