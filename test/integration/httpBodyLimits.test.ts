import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../electron/core/clock';
import { bodyLimit, DEFAULT_BODY_LIMIT } from '../../electron/transport/bodyLimits';
import { startLoopbackServer, type LoopbackServer } from '../../electron/transport/http';
import { gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';

/**
 * Each method takes a body as large as its contract allows and no larger: a certificate with
 * four phone photos is saved in browser mode; anything over a method's limit is answered with
 * 413 and a translatable error, never a connection reset.
 */

let t: TestCore;
let server: LoopbackServer;
let base: string;
let supplierId: string;
let cabbage: string;
const MB = 1024 * 1024;

beforeAll(async () => {
  t = await startTestCore();
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>站</title>');
  server = await startLoopbackServer(t.core, { rendererDir, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
  supplierId = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!.id;
});
afterAll(async () => {
  await server.close();
  t.close();
});

async function post(method: string, body: string) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, 'x-station-session': t.session },
    body,
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: any } };
}

/** A phone photo as the certificate form sends it: a JPEG data URL just under the contract's 2,000,000 characters. */
const photo = () => `data:image/jpeg;base64,${randomBytes(1_480_000).toString('base64')}`;
const today = localDay(new Date());
const entry = (batch: string, photos: number) => ({
  raw: gs1Scan('1', batch),
  source: 'wedge',
  supplierId,
  varietyId: cabbage,
  quantity: 10,
  unit: 'kg',
  certificates: [
    ...Array.from({ length: photos }, (_, i) => ({ type: 'commitment', number: `CN-${i}`, issuer: '合作社', issueDate: today, photo: photo() })),
    { type: 'testReport', number: 'TR-1', issuer: '检测中心', issueDate: today },
  ],
});
const counts = () => ({ lots: t.rows('select count(*) n from lots')[0].n, photos: t.rows('select count(*) n from certificates where photo is not null')[0].n });

describe('request body limits', () => {
  it('saves a certificate set with four phone photos in browser mode', async () => {
    const body = JSON.stringify(entry('P4', 4));
    expect(body.length).toBeGreaterThan(7 * MB);
    const r = await post('checkEntry', body);
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(counts()).toEqual({ lots: 1, photos: 4 });
  });

  it('answers 413 with a translatable error over a method’s limit, and writes nothing', async () => {
    const before = counts();
    const huge = JSON.stringify({ ...entry('P14', 0), pad: 'x'.repeat(26 * MB) });
    const r = await post('checkEntry', huge);
    expect(r).toEqual({ status: 413, body: { ok: false, error: { code: 'tooLarge', message: 'request too large', params: { limitMb: 25 } } } });
    expect(counts()).toEqual(before);
    // A call without photos keeps a small limit.
    const small = await post('setupStatus', JSON.stringify({ pad: 'x'.repeat(DEFAULT_BODY_LIMIT) }));
    expect(small).toMatchObject({ status: 413, body: { error: { code: 'tooLarge', params: { limitMb: 1 } } } });
    expect((await post('setupStatus', '{}')).body).toEqual({ ok: true, value: { needsAdmin: false } });
  });

  it('answers 413 to a chunked body without a length, too', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${base}/api/setupStatus`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(256 * 1024);
      for (let i = 0; i < 8; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'tooLarge' } });
  });

  it('gives the photo-carrying methods room for everything their contract allows', () => {
    const fullEntry = JSON.stringify({
      ...entry('F'.repeat(20), 0),
      certificates: Array.from({ length: 10 }, () => ({
        type: 'commitment',
        number: 'N'.repeat(64),
        issuer: '发'.repeat(100),
        issueDate: today,
        validUntil: today,
        quantity: 9_999_999.999,
        unit: 'kg',
        // Control characters are the longest to write in JSON: six bytes each.
        raw: '\u0000'.repeat(4096),
        photo: `data:image/jpeg;base64,${'A'.repeat(2_000_000 - 23)}`,
      })),
    });
    expect(Buffer.byteLength(fullEntry)).toBeLessThan(bodyLimit('checkEntry'));
    const fullDisposal = JSON.stringify({
      raw: '码'.repeat(4096),
      quantity: 1,
      unit: 'kg',
      reason: 'other',
      reasonText: '因'.repeat(200),
      method: 'other',
      methodText: '法'.repeat(200),
      photoBefore: `data:image/png;base64,${'A'.repeat(2_000_000)}`,
      photoAfter: `data:image/png;base64,${'A'.repeat(2_000_000)}`,
    });
    expect(Buffer.byteLength(fullDisposal)).toBeLessThan(bodyLimit('disposeLot'));
    expect(bodyLimit('importUpload')).toBeGreaterThan(200_000_000 * 1.2);
    expect(bodyLimit('setupStatus')).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimit('no such method')).toBe(DEFAULT_BODY_LIMIT);
  });
});
