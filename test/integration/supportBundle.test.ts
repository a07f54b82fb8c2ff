import { unzipSync, strFromU8 } from 'fflate';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { admitCabbageLot, apiError, gs1Scan, MIGRATIONS, ROOT, startTestCore, type TestCore } from '../support/core';
import { seedStation, uploadSettings } from '../support/upload';

const TOKEN = 'tok-BUNDLE-7c1e55';
const SAMPLING_SECRET = 'sampling-secret-BUNDLE-0123456789';
const PHONE = '13912345678';

let t: TestCore;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('the support bundle', () => {
  it('holds the logs, settings, versions, devices and database figures, and no PIN, token, key, secret or buyer phone', async () => {
    // A platform that refuses every record, quoting the buyer's phone in its answer.
    const server = createServer((_req, res) => res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: `买方电话 ${PHONE} 格式不符` })));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => new Promise((r) => server.close(r)));
    t = await startTestCore({ deterministic: { seed: 7, samplingSecret: SAMPLING_SECRET } });
    cleanup.push(() => t.close());

    const seed = await seedStation(t);
    await admitCabbageLot(t, 'SB1', seed.supplierId);
    await t.call('splitLot', { parentRaw: gs1Scan('1', 'SB1'), quantity: 2, unit: 'kg', buyer: { name: '刘记饭店', phone: PHONE }, closing: false });
    const admin = (await t.call('listOperators', {})).find((o) => o.role === 'admin')!;
    expect((await apiError(t.call('signIn', { operatorId: admin.id, pin: '864209' }))).code).toBe('badPin');
    const refused = new Promise<void>((resolve) => {
      const off = t.core.onEvent((event, p) => {
        if (event === 'syncStatus' && (p as { dead: number }).dead > 0) {
          off();
          resolve();
        }
      });
    });
    await t.call('saveUploadSettings', uploadSettings('epcis', `http://127.0.0.1:${(server.address() as AddressInfo).port}/capture`, { token: TOKEN }));
    await refused;

    const bundle = await t.call('exportSupportBundle', {});
    expect(bundle.fileName).toMatch(/^support-3059901-\d{8}-\d{6}\.zip$/);
    expect(bundle.path).toBe(join(t.dir, 'exports', bundle.fileName));
    const onDisk = readFileSync(bundle.path);
    expect(bundle.bytes).toBe(onDisk.length);
    expect(Buffer.from(bundle.content!, 'base64').equals(onDisk)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(bundle.path).mode & 0o777).toBe(0o600);

    const files = unzipSync(new Uint8Array(onDisk));
    const names = Object.keys(files);
    expect(names).toEqual(bundle.files);
    expect(names.slice(0, 5)).toEqual(['bundle.json', 'versions.json', 'settings.json', 'devices.json', 'database.json']);
    const logNames = names.filter((n) => n.startsWith('logs/'));
    expect(logNames.length).toBeGreaterThanOrEqual(1);
    for (const n of logNames) expect(n).toMatch(/^logs\/station\.\d{4}-\d{2}-\d{2}\.\d+\.log$/);
    const text = (n: string) => strFromU8(files[n]);
    const read = (n: string) => JSON.parse(text(n));

    const versions = read('versions.json');
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(versions).toMatchObject({
      app: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      node: process.versions.node,
      sqlite: expect.stringMatching(/^3\.\d+\.\d+$/),
      migrations: { applied: journal.entries.length, latest: journal.entries.at(-1)!.tag, known: journal.entries.length },
    });
    const settings = read('settings.json');
    expect(settings.upload).toMatchObject({ target: 'epcis', tokenSet: true, tokenHeader: 'Authorization' });
    expect(settings.upload).not.toHaveProperty('token');
    expect(settings.station.pinGuard).toBeDefined();
    expect(read('devices.json')).toMatchObject({ printers: [], scales: [], scanners: [], shredder: { state: expect.any(String) } });
    const db = read('database.json');
    expect(db.rows).toMatchObject({ lots: 2, splits: 1, operators: 1, pin_failures: 1 });
    expect(db.files.db).toBeGreaterThan(0);

    // The logs say what happened: the wrong PIN (by operator), the refused uploads (phone masked).
    const logLines = logNames.flatMap((n) =>
      text(n)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
    expect(logLines).toContainEqual(expect.objectContaining({ event: 'pinFailed', operatorId: admin.id }));
    expect(logLines).toContainEqual(expect.objectContaining({ event: 'uploadFailed', outcome: 'reject', status: 422, reason: expect.stringContaining('1**********') }));

    // The key lives in the data folder's secret file now (docs/secrets.md), never in the bundle.
    const privateKey = (JSON.parse(readFileSync(join(t.dir, 'secrets.json'), 'utf8')).secrets.stationPrivateKey as string).split('\n')[1];
    const everything = names.map(text).join('\n');
    for (const secret of [TOKEN, SAMPLING_SECRET, Buffer.from(SAMPLING_SECRET).toString('hex'), Buffer.from(SAMPLING_SECRET).toString('base64'), privateKey, PHONE, '864209']) {
      expect(everything).not.toContain(secret);
    }
  }, 20_000);
});
