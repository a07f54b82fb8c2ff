import Database from 'better-sqlite3';
import { validateEpcisDocument } from 'epcis2.js';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import { openAppSecretStore } from '../../electron/secrets/appSecretStore';
import { KEY_FILE, SEALED_FILE, SecretStoreError, openKeyFileStore } from '../../electron/secrets/secretStore';
import { parseLabelQr } from '../../shared/domain/labelUrl';
import { ADMIN_PIN, MIGRATIONS, apiError, signInAdmin } from '../support/core';
import { admitInput, seedStation, startUploadCore, uploadSettings, type UploadCore } from '../support/upload';

const TOKEN = 'tok-7f3a9c-Upload-Secret-e41d';
const DB_FILES = ['station.db', 'station.db-wal', 'station.db-shm'];

let station: UploadCore | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await station?.close();
  station = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'station-secrets-'));
  dirs.push(d);
  return d;
};

/** Every form a secret could take on disk: the PEM, its base64 body, the raw seed, base64 and raw of the others. */
function needles(secrets: { pem: string; sampling: string; token: string }): [string, Buffer][] {
  const key = createPrivateKey(secrets.pem);
  const body = secrets.pem.split('\n').filter((l) => l && !l.startsWith('-----'))[0]!;
  return [
    ['private key PEM', Buffer.from(secrets.pem)],
    ['private key PEM body', Buffer.from(body)],
    ['private key raw seed', key.export({ type: 'pkcs8', format: 'der' }).subarray(-32)],
    ['private key JWK d', Buffer.from(key.export({ format: 'jwk' }).d!)],
    ['sampling secret (raw)', Buffer.from(secrets.sampling, 'base64')],
    ['sampling secret (base64)', Buffer.from(secrets.sampling)],
    ['upload token', Buffer.from(secrets.token)],
  ];
}

/** Which secrets appear in the raw bytes of station.db, -wal and -shm (file: what). */
function secretsInDatabaseFiles(dir: string, secrets: { pem: string; sampling: string; token: string }): string[] {
  const found: string[] = [];
  for (const file of DB_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (const [what, needle] of needles(secrets)) if (bytes.includes(needle)) found.push(`${file}: ${what}`);
  }
  return found;
}

const storedSecrets = (dir: string) => {
  const store = openKeyFileStore(dir);
  return { pem: store.get('stationPrivateKey')!, sampling: store.get('samplingKey')!, token: store.get('uploadToken')! };
};
const secretsOutMigration = () =>
  (JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }).entries.find((e) => e.tag.endsWith('_secrets_out'))!;
const mode = (path: string) => statSync(path).mode & 0o777;
const labelVerifies = (qr: string, publicKeyPem: string) => {
  const parsed = parseLabelQr(qr, '');
  if (!parsed.ok) throw new Error(`not a label: ${qr}`);
  return verify(null, Buffer.from(parsed.signed, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(parsed.signature, 'base64url'));
};

/** A station with an upload token, an admitted lot and a signed split label. */
async function busyStation(s: UploadCore, tag: string) {
  const seed = await seedStation(s);
  await s.call('saveUploadSettings', uploadSettings('none', '', { token: TOKEN }));
  await s.call('checkEntry', admitInput(seed, tag));
  const split = await s.call('splitLot', { parentRaw: admitInput(seed, tag).raw, quantity: 1, unit: 'kg', closing: false, buyer: { name: '刘记饭店', phone: '13800138000' } });
  return { seed, qr: split.qr };
}

describe('secrets at rest', () => {
  it('keeps the signing key, sampling secret and upload token out of station.db, -wal and -shm, running and closed', async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    const { qr } = await busyStation(station, 'SEC1');
    const secrets = storedSecrets(dir);
    // All three exist (the entry's sampling draw made its key), in the key file only.
    expect(createPrivateKey(secrets.pem).asymmetricKeyType).toBe('ed25519');
    expect(Buffer.from(secrets.sampling, 'base64')).toHaveLength(32);
    expect(secrets.token).toBe(TOKEN);
    expect(labelVerifies(qr, (await station.call('getStation', {})).publicKey)).toBe(true);
    expect((await station.call('getUploadSettings', {})).token).toBe(TOKEN);
    expect(statSync(join(dir, 'station.db-wal')).size).toBeGreaterThan(0);
    expect(secretsInDatabaseFiles(dir, secrets)).toEqual([]);
    expect(station.rows('SELECT private_key FROM station')).toEqual([{ private_key: null }]);
    expect(JSON.parse(station.rows(`SELECT value FROM settings WHERE key = 'upload'`)[0]!.value).token).toBe('');

    await station.close();
    station = undefined;
    expect(secretsInDatabaseFiles(dir, secrets)).toEqual([]);
  });

  it('gives the data folder 0700 and the database, its WAL and the key file 0600, narrowing what an older version left', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'station.db'), '');
    chmodSync(join(dir, 'station.db'), 0o644);
    station = await startUploadCore({ dir });
    await busyStation(station, 'MODE1');
    expect(mode(dir)).toBe(0o700);
    for (const file of [...DB_FILES, KEY_FILE]) expect([file, mode(join(dir, file))]).toEqual([file, 0o600]);
  });

  it("writes exports 0600 in a 0700 folder, and one holding buyers' phones says so in the file and the answer", async () => {
    station = await startUploadCore({ dir: tempDir() });
    const { seed } = await busyStation(station, 'EXP1');
    const exported = await station.call('exportUpload', { handOver: true });
    expect(exported.buyerPhones).toBe(true);
    expect(mode(exported.path)).toBe(0o600);
    expect(mode(join(station.dir, 'exports'))).toBe(0o700);
    const text = readFileSync(exported.path, 'utf8');
    expect(text).toContain('13800138000');
    const doc = JSON.parse(text);
    expect(Object.keys(doc.epcisHeader)[0]).toBe('yp:notice');
    expect(doc.epcisHeader['yp:notice']).toBe("含买方电话，注意保密 / Contains buyers' phone numbers: keep confidential");
    expect(validateEpcisDocument(doc, false)).toEqual({ success: true, errors: [] });

    // A sale without a phone: no notice.
    await station.call('splitLot', { parentRaw: admitInput(seed, 'EXP1').raw, quantity: 1, unit: 'kg', closing: false, buyer: { name: '食堂' } });
    const plain = await station.call('exportUpload', { handOver: true });
    expect([plain.records, plain.buyerPhones]).toEqual([1, false]);
    expect(JSON.parse(readFileSync(plain.path, 'utf8')).epcisHeader['yp:notice']).toBeUndefined();
  });
});

describe('in the app', () => {
  it('signs with a key sealed by the OS keychain: no file of the data folder holds a secret in plain text', async () => {
    const dir = tempDir();
    const sealing = { isEncryptionAvailable: () => true, encryptString: (t: string) => Buffer.from(t).reverse(), decryptString: (b: Buffer) => Buffer.from(b).reverse().toString() };
    const secrets = openAppSecretStore(dir, sealing, () => {}, 'win32');
    const core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, adminPin: ADMIN_PIN, machineRegistryPath: join(dir, 'machine-ids.json'), secrets });
    try {
      const { raw, sessionId } = await signInAdmin(core);
      const call = ((method: string, input: unknown) => raw(method, input, sessionId)) as UploadCore['call'];
      const { qr } = await busyStation({ call } as UploadCore, 'APP1');
      expect(labelVerifies(qr, (await call('getStation', {})).publicKey)).toBe(true);
      const plain = { pem: secrets.get('stationPrivateKey')!, sampling: secrets.get('samplingKey')!, token: secrets.get('uploadToken')! };
      expect(plain.token).toBe(TOKEN);
      expect(existsSync(join(dir, KEY_FILE))).toBe(false);
      const sealed = readFileSync(join(dir, SEALED_FILE));
      for (const [what, needle] of needles(plain)) expect([what, sealed.includes(needle)]).toEqual([what, false]);
      expect(secretsInDatabaseFiles(dir, plain)).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

describe('an existing station from before the move', () => {
  it('moves its secrets out of the database at start: same public key, old labels verify, columns empty, nothing left in the file', async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    const { seed, qr: oldLabel } = await busyStation(station, 'OLD1');
    const before = await station.call('getStation', {});
    await station.close();
    station = undefined;

    // As a station kept them before: signing key in station.private_key, sampler's key in
    // `secrets`, token in the upload settings row, no key file; migration 0016 not yet applied.
    const secrets = storedSecrets(dir);
    const db = new Database(join(dir, 'station.db'));
    db.prepare('UPDATE station SET private_key = ?').run(secrets.pem);
    db.prepare(`INSERT INTO secrets (name, value, created_at) VALUES ('samplingKey', ?, '2026-01-01T00:00:00.000+08:00')`).run(Buffer.from(secrets.sampling, 'base64'));
    db.prepare(`UPDATE settings SET value = json_set(value, '$.token', ?) WHERE key = 'upload'`).run(TOKEN);
    // Migration secrets_out runs again at the next start when it is the newest (its table rebuild copies the key).
    db.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(secretsOutMigration().when);
    db.close();
    rmSync(join(dir, KEY_FILE));
    expect(secretsInDatabaseFiles(dir, secrets).length).toBeGreaterThan(0);

    station = await startUploadCore({ dir });
    expect(storedSecrets(dir)).toEqual(secrets);
    expect(station.rows('SELECT private_key FROM station')).toEqual([{ private_key: null }]);
    expect(station.rows('SELECT name FROM secrets')).toEqual([]);
    expect(JSON.parse(station.rows(`SELECT value FROM settings WHERE key = 'upload'`)[0]!.value).token).toBe('');
    expect(secretsInDatabaseFiles(dir, secrets)).toEqual([]);
    expect(mode(join(dir, KEY_FILE))).toBe(0o600);

    const after = await station.call('getStation', {});
    expect(after.publicKey).toBe(before.publicKey);
    expect(await station.call('verifyLabel', { raw: oldLabel })).toMatchObject({ valid: true, problem: null });
    const next = await station.call('splitLot', { parentRaw: admitInput(seed, 'OLD1').raw, quantity: 1, unit: 'kg', closing: false });
    expect(labelVerifies(next.qr, before.publicKey)).toBe(true);
    expect((await station.call('getUploadSettings', {})).token).toBe(TOKEN);
    await station.close();

    // Started again: nothing left to move, same key.
    station = await startUploadCore({ dir });
    expect(storedSecrets(dir)).toEqual(secrets);
    expect(await station.call('verifyLabel', { raw: next.qr })).toMatchObject({ valid: true });
  });
});

describe('a secret store that lost or garbled the key', () => {
  it('refuses to issue codes in words when the key file is gone, and makes no new identity', async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    const { seed, qr } = await busyStation(station, 'LOST1');
    const before = await station.call('getStation', {});
    await station.close();
    rmSync(join(dir, KEY_FILE));

    station = await startUploadCore({ dir });
    const lots = station.rows('SELECT count(*) AS n FROM lots')[0]!.n;
    const refusal = await apiError(station.call('splitLot', { parentRaw: admitInput(seed, 'LOST1').raw, quantity: 1, unit: 'kg', closing: false }));
    expect(refusal).toMatchObject({ code: 'conflict', params: { reason: 'stationKeyMissing', file: join(dir, KEY_FILE) } });
    expect(station.rows('SELECT count(*) AS n FROM lots')[0]!.n).toBe(lots);
    // Reading and checking go on; the identity on file stays, no key was made for it.
    expect(await station.call('getStation', {})).toEqual(before);
    expect(await station.call('verifyLabel', { raw: qr })).toMatchObject({ valid: true });
    expect(openKeyFileStore(dir).get('stationPrivateKey')).toBeNull();
  });

  it("refuses another station's key: it does not match the public key on file", async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    const { seed } = await busyStation(station, 'OTHER1');
    await station.close();
    openKeyFileStore(dir).set({ stationPrivateKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });

    station = await startUploadCore({ dir });
    const refusal = await apiError(station.call('splitLot', { parentRaw: admitInput(seed, 'OTHER1').raw, quantity: 1, unit: 'kg', closing: false }));
    expect(refusal.params?.reason).toBe('stationKeyMismatch');
  });

  it('does not start on a corrupt key file, and leaves it as it is for recovery', async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    await station.close();
    station = undefined;
    writeFileSync(join(dir, KEY_FILE), '{"format":"yipin-yima-secrets/1","secrets":{"stationPriv');

    const start = createCore({ dataDir: dir, migrationsDir: MIGRATIONS, adminPin: ADMIN_PIN, machineRegistryPath: join(dir, 'machine-ids.json') });
    await expect(start).rejects.toBeInstanceOf(SecretStoreError);
    await expect(start).rejects.toThrow(`密钥文件无法读取，请从备份恢复此文件后再启动：${join(dir, KEY_FILE)}`);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe('{"format":"yipin-yima-secrets/1","secrets":{"stationPriv');
  });

  it('keeps a key found in the store when station.db is started afresh: its labels go on verifying', async () => {
    const dir = tempDir();
    station = await startUploadCore({ dir });
    const { qr } = await busyStation(station, 'KEEP1');
    const before = await station.call('getStation', {});
    await station.close();
    for (const file of DB_FILES) rmSync(join(dir, file), { force: true });

    station = await startUploadCore({ dir });
    expect((await station.call('getStation', {})).publicKey).toBe(before.publicKey);
    await station.call('setStationId', { stationId: before.stationId!, name: before.name! });
    expect(await station.call('verifyLabel', { raw: qr })).toMatchObject({ valid: true });
  });
});
