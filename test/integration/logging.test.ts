import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Operator } from '../../shared/contract';
import { createDispatcher, type Handlers } from '../../electron/core/dispatch';
import { deviceEventLogger } from '../../electron/logging/deviceEvents';
import { deferredFileLog, logDirOf, maskPhones, memoryLog, openFileLog } from '../../electron/logging/logger';
import { admitCabbageLot, ADMIN_PIN, apiError, startTestCore, type TestCore } from '../support/core';
import { seedStation, uploadSettings } from '../support/upload';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('the log files', () => {
  it('are no reason to stop: where no log file can be made, logging, flush and close go on without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-log-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // `logs` is taken by a plain file: the folder cannot be made.
    writeFileSync(join(dir, 'logs'), 'not a folder');
    const logging = deferredFileLog(dir);
    logging.log.info({ event: 'early' }, 'before');
    await logging.open();
    logging.log.info({ event: 'late' }, 'after');
    await logging.flush();
    await logging.close();
    expect(readFileSync(join(dir, 'logs'), 'utf8')).toBe('not a folder');
  });

  it('open after the station serves: lines logged before are kept and written first, in order, 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-log-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const logging = deferredFileLog(dir);
    for (let i = 0; i < 3; i++) logging.log.info({ event: 'early', i }, 'before the file');
    expect(readdirSync(dir)).toEqual([]);
    await logging.open();
    logging.log.warn({ event: 'late' }, 'after');
    await logging.close();
    const [file, ...more] = readdirSync(logDirOf(dir));
    expect(more).toEqual([]);
    expect(statSync(join(logDirOf(dir), file!)).mode & 0o777).toBe(0o600);
    const lines = readFileSync(join(logDirOf(dir), file!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; i?: number });
    expect(lines.map((l) => [l.event, l.i])).toEqual([
      ['early', 0],
      ['early', 1],
      ['early', 2],
      ['late', undefined],
    ]);
  });

  it('are JSON lines in <dataDir>/logs, rotated past the size limit, the oldest removed beyond `keep`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-log-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const logging = await openFileLog(dir, { maxBytes: 2048, keep: 3 });
    // Five rounds of ~3 kB: each round fills a file past 2 kB, so each ends with a new file.
    for (let round = 0; round < 5; round++) {
      const rotated = once(logging.stream, 'cleanup-complete');
      for (let i = 0; i < 30; i++) logging.log.info({ round, i, pad: 'x'.repeat(60) }, 'line');
      await rotated;
    }
    logging.log.info({ round: 5 }, 'last');
    await logging.close();
    const files = readdirSync(logDirOf(dir)).sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
    expect(files).toHaveLength(3);
    for (const f of files) {
      expect(f).toMatch(/^station\.\d{4}-\d{2}-\d{2}\.\d+\.log$/);
      if (process.platform !== 'win32') expect(statSync(join(logDirOf(dir), f)).mode & 0o777).toBe(0o600);
    }
    const lines = files.flatMap((f) =>
      readFileSync(join(logDirOf(dir), f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { round: number; msg: string; level: number; time: string }),
    );
    // The first rounds were rotated away; the newest lines are kept, whole.
    expect(lines.some((l) => l.round === 0)).toBe(false);
    expect(lines.at(-1)).toMatchObject({ round: 5, msg: 'last', level: 30 });
    expect(lines.filter((l) => l.round === 4)).toHaveLength(30);
    expect(Date.parse(lines[0].time)).toBeGreaterThan(0);
  });

  it('mask mobile numbers in free text', () => {
    expect(maskPhones('买方 13912345678 电话错误; order 213912345678')).toBe('买方 1********** 电话错误; order 213912345678');
  });
});

describe('what the station logs', () => {
  let t: TestCore;
  let now = Date.parse('2026-11-25T08:00:00+08:00');
  const start = async () => {
    const mem = memoryLog('info');
    now = Date.parse('2026-11-25T08:00:00+08:00');
    t = await startTestCore({ logging: mem, now: () => new Date(now) });
    cleanup.push(() => t.close());
    return mem;
  };

  it('a wrong PIN and a lockout: the operator id, never the PIN', async () => {
    const mem = await start();
    await t.call('saveSettings', { ...(await t.call('getSettings', {})), pinGuard: { delayAfterFailures: 1, lockAfterFailures: 2 } });
    const vendor = await t.call('createOperator', { name: '陈摊主', role: 'vendor', pin: '1357' });
    expect((await apiError(t.call('signIn', { operatorId: vendor.id, pin: '8642' }))).code).toBe('pinWait');
    now += 31_000;
    expect((await apiError(t.call('signIn', { operatorId: vendor.id, pin: '9753' }))).code).toBe('pinLocked');
    expect((await apiError(t.call('signIn', { operatorId: vendor.id, pin: '1357' }))).code).toBe('pinLocked');
    const pinLines = mem.lines().filter((l) => String(l.event).startsWith('pin'));
    expect(pinLines).toEqual([
      expect.objectContaining({ event: 'pinFailed', operatorId: vendor.id, kind: 'signIn', failures: 1, level: 40 }),
      expect.objectContaining({ event: 'pinLockout', operatorId: vendor.id, kind: 'signIn', failures: 2, level: 40 }),
      expect.objectContaining({ event: 'pinRefused', operatorId: vendor.id, reason: 'pinLocked' }),
    ]);
    for (const pin of ['8642', '9753', '1357', ADMIN_PIN]) expect(mem.text()).not.toContain(pin);
  });

  it('a failed upload: status and attempt, never the token', async () => {
    const mem = await start();
    const server: Server = createServer((_req, res) => res.writeHead(503).end('{"message":"维护中"}'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => new Promise((r) => server.close(r)));
    const token = 'tok-SECRET-51f0c2';
    const seed = await seedStation(t);
    await admitCabbageLot(t, 'LOG1', seed.supplierId);
    const failed = new Promise<void>((resolve) => {
      const off = t.core.onEvent((event, p) => {
        if (event === 'syncStatus' && (p as { state: string }).state === 'backoff' && mem.lines().filter((l) => l.event === 'uploadFailed').length >= 2) {
          off();
          resolve();
        }
      });
    });
    await t.call('saveUploadSettings', uploadSettings('epcis', `http://127.0.0.1:${(server.address() as AddressInfo).port}/capture`, { token }));
    // The first retry comes after a second (the default backoff); bounded by the test timeout.
    await failed;
    const lines = mem.lines().filter((l) => l.event === 'uploadFailed');
    expect(lines[0]).toMatchObject({ outcome: 'retry', target: 'epcis', attempt: 1, level: 40 });
    expect(lines[0].reason).toMatch(/^HTTP 503/);
    expect(lines[1]).toMatchObject({ attempt: 2 });
    expect(mem.text()).not.toContain(token);
  }, 15_000);

  it('devices: one line per change of state, none per weight or scan; print problems as warnings', () => {
    const mem = memoryLog('debug');
    const listen = deviceEventLogger(mem.log);
    listen('scaleStatus', { scaleId: 'S1', state: 'connected', error: null, message: null });
    for (let i = 0; i < 50; i++) listen('weight', { scaleId: 'S1', kg: i, stable: true } as never);
    listen('scaleStatus', { scaleId: 'S1', state: 'connected', error: null, message: null });
    listen('scaleStatus', { scaleId: 'S1', state: 'error', error: 'busy', message: 'port busy' });
    listen('scan', { scannerId: 'N1', text: '13912345678', source: 'serial', encoding: 'utf-8', at: 1 });
    const job = { id: 'J1', lotId: 'L1', code: 'C', purpose: 'labels', printerId: 'P1', templateId: 't', attempts: 2, lastError: 'paperOut' } as const;
    listen('printJob', { ...job, status: 'waiting' } as never);
    listen('printJob', { ...job, status: 'waiting' } as never);
    listen('printJob', { ...job, status: 'done', lastError: null } as never);
    expect(mem.lines().map((l) => [l.event, l.level, l.state ?? l.reason])).toEqual([
      ['device', 30, 'connected'],
      ['device', 40, 'error'],
      ['printJobFailed', 40, 'paperOut'],
      ['device', 30, 'printing'],
    ]);
  });

  it('an internal error in a method: its name and an error id, not its input', async () => {
    const mem = memoryLog();
    const ADMIN_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const admin: Operator = { id: ADMIN_ID, name: '管理员', role: 'admin' } as Operator;
    const handlers = {
      signIn: () => {
        throw new Error('disk I/O error');
      },
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, { operatorFor: () => admin }, mem.log);
    const env = await dispatch('signIn', { operatorId: ADMIN_ID, pin: '975310' });
    expect(env).toMatchObject({ ok: false, error: { code: 'internal', params: { errorId: expect.stringMatching(/^[0-9a-f]{8}$/) } } });
    const errorId = !env.ok && env.error.params?.errorId;
    expect(mem.lines()).toEqual([expect.objectContaining({ event: 'internalError', method: 'signIn', errorId, level: 50, err: expect.objectContaining({ message: 'disk I/O error' }) })]);
    expect(mem.text()).not.toContain('975310');
  });
});
