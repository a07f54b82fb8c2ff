import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLoopbackServer, type LoopbackServer } from '../../electron/transport/http';
import { ADMIN_PIN, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
let server: LoopbackServer;
let base: string;

beforeAll(async () => {
  t = await startTestCore();
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>站</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startLoopbackServer(t.core, { rendererDir, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  t.close();
});

async function post(method: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: any } };
}

async function signIn() {
  const ops = await post('listOperators', {});
  const admin = ops.body.value.find((o: { role: string }) => o.role === 'admin');
  const r = await post('signIn', { operatorId: admin.id, pin: ADMIN_PIN });
  return r.body.value.sessionId as string;
}

describe('loopback server', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the per-start token', () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a CSP that forbids eval, and falls back to index.html for routes', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await page.text()).toContain('<title>站</title>');
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect(await (await fetch(`${base}/receiving`)).text()).toContain('<title>站</title>');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    // The database sits one folder above the renderer: no encoding of ../ may reach it.
    for (const path of ['/..%2fstation.db', '/%2e%2e/station.db', '/assets/..%2f..%2fstation.db']) {
      const res = await fetch(`${base}${path}`);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('SQLite format');
    }
  });

  it('refuses API calls without the token', async () => {
    const r = await post('setupStatus', {}, { authorization: 'Bearer wrong' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('badToken');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/setupStatus', method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${server.token}` } }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('validates payloads and roles exactly like IPC', async () => {
    expect((await post('nope', {})).status).toBe(404);
    const bad = await post('signIn', { operatorId: 'x', pin: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('badRequest');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['operatorId', 'pin']);
    expect((await post('signIn', '{not json')).body.error.code).toBe('badRequest');
    const unsigned = await post('listSubjects', {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('notSignedIn');
    const session = await signIn();
    const ok = await post('listSubjects', {}, { 'x-station-session': session });
    expect(ok.body).toEqual({ ok: true, value: [] });
  });

  it('enforces roles on the Node side: a receiver may not create operators', async () => {
    const admin = await signIn();
    const receiver = await post('createOperator', { name: '收货员小王', role: 'receiver', pin: '1357' }, { 'x-station-session': admin });
    expect(receiver.body.value.role).toBe('receiver');
    const s = (await post('signIn', { operatorId: receiver.body.value.id, pin: '1357' })).body.value.sessionId;
    const denied = await post('createOperator', { name: '越权', role: 'admin', pin: '1111' }, { 'x-station-session': s });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect((await post('signIn', { operatorId: receiver.body.value.id, pin: '0000' })).body.error.code).toBe('badPin');
  });

  it('pushes events over the WebSocket only to holders of the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=wrong`);
    const refusedCode = await new Promise<string>((resolve) => refused.on('error', (e) => resolve(e.message)));
    expect(refusedCode).toContain('401');

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    await new Promise((resolve, reject) => (ws.on('open', resolve), ws.on('error', reject)));
    const message = new Promise<{ event: string; payload: { supplierName: string } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    const session = await signIn();
    const h = { 'x-station-session': session };
    const supplier = (await post('saveSubject', { kind: 'supplier', name: '晋江果蔬', uscc: USCC.b }, h)).body.value;
    const cabbage = (await post('listVarieties', {}, h)).body.value.find((v: { name: string }) => v.name === '白菜');
    const today = new Date().toLocaleDateString('sv');
    const r = await post(
      'checkEntry',
      {
        raw: 'FJ0000000001',
        source: 'wedge',
        supplierId: supplier.id,
        varietyId: cabbage.id,
        quantity: 20,
        unit: 'kg',
        certificates: [{ type: 'commitment', number: 'C1', issuer: '农户', issueDate: today }],
      },
      h,
    );
    expect(r.body.value.view.entry.outcome).toBe('hold');
    expect(await message).toMatchObject({ event: 'entryRecorded', payload: { supplierName: '晋江果蔬' } });
    ws.close();
  });
});
