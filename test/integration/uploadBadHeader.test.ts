import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SyncStatus } from '../../shared/contract';
import { DEFAULT_UPLOAD_SETTINGS } from '../../electron/store/settingsTable';
import { apiError, startTestCore, USCC } from '../support/core';
import { signInServeAdmin, startServeProcess, type ServeProcess } from '../support/serveProcess';

/**
 * A token or prefix typed with a Chinese IME (full-width space), pasted with a line break, or
 * holding any non-ASCII character cannot go into an HTTP header: Node throws while building the
 * request. Such values are refused when saved, and one already stored by an older version is an
 * upload failure shown on 同步, never the end of the station process.
 */

const BAD_VALUES = ['abc\u3000def', 'abc\r\nX-Injected: 1', 'abc\ndef', '令牌123', 'tokén', 'a\u0000b', 'a\u007fb'];

describe('saving upload settings', () => {
  it('refuses a token or prefix that is not a valid header value, and keeps what was saved', async () => {
    const t = await startTestCore();
    try {
      const good = { ...DEFAULT_UPLOAD_SETTINGS, target: 'epcis' as const, endpoint: 'http://127.0.0.1:9/capture', token: 'good-token' };
      await t.call('saveUploadSettings', good);
      for (const bad of BAD_VALUES) {
        const token = await apiError(t.call('saveUploadSettings', { ...good, token: bad }));
        expect(token, JSON.stringify(bad)).toMatchObject({ code: 'badRequest', issues: [{ path: 'token', code: 'headerValue' }] });
        const prefix = await apiError(t.call('saveUploadSettings', { ...good, tokenPrefix: `Bearer${bad}` }));
        expect(prefix, JSON.stringify(bad)).toMatchObject({ code: 'badRequest', issues: [{ path: 'tokenPrefix', code: 'headerValue' }] });
      }
      expect(await t.call('getUploadSettings', {})).toEqual(good);
      // Printable ASCII, spaces inside included, is what a header carries.
      const ascii = { ...good, token: 'Ab0-._~+/= !#$%&*?@[]^`{|}', tokenPrefix: 'Token ' };
      expect(await t.call('saveUploadSettings', ascii)).toEqual(ascii);
    } finally {
      t.close();
    }
  });
});

describe('a bad token stored by an older version', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-badtoken-'));
  let station: ServeProcess | undefined;
  afterAll(async () => {
    await station?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The next syncStatus pushed over the station's WebSocket that passes `test`, bounded. */
  function nextStatus(s: ServeProcess, test: (st: SyncStatus) => boolean): Promise<SyncStatus> {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/events?token=${s.token}`);
    return new Promise<SyncStatus>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such syncStatus within 15 s')), 15_000);
      ws.on('message', (data) => {
        const { event, payload } = JSON.parse(String(data)) as { event: string; payload: SyncStatus };
        if (event === 'syncStatus' && test(payload)) {
          clearTimeout(timer);
          resolve(payload);
        }
      });
      ws.on('error', reject);
    }).finally(() => ws.close());
  }

  it('starts the station, which reports the failure on 同步 and keeps running', async () => {
    // First start: a record to upload, nothing to upload it to.
    station = await startServeProcess({ dataDir });
    const session = await signInServeAdmin(station);
    expect((await station.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }, session)).body.ok).toBe(true);
    await station.stop();

    // What an older version let an admin save: a token with an IME's full-width space.
    const db = new Database(join(dataDir, 'station.db'));
    const stored = { ...DEFAULT_UPLOAD_SETTINGS, target: 'epcis', endpoint: 'http://127.0.0.1:9/capture', token: 'abc\u3000def' };
    db.prepare("insert into settings (key, value, updated_at, updated_by) select 'upload', ?, '2026-01-01T00:00:00+08:00', id from operators limit 1").run(JSON.stringify(stored));
    db.close();

    station = await startServeProcess({ dataDir });
    const admin = await signInServeAdmin(station);
    const now = (await station.call('getSyncStatus', {}, admin)).body.value as SyncStatus;
    const failed = now.lastError ? now : await nextStatus(station, (st) => st.lastError !== null);
    expect(failed.state).toBe('backoff');
    expect(failed.backlog).toBeGreaterThan(0);
    expect(failed.lastError!.message).toMatch(/Authorization/);
    // Tried again after the backoff, and still there.
    await nextStatus(station, (st) => st.state === 'backoff' && st.lastError!.at !== failed.lastError!.at);
    expect(station.exited(), station.stderr()).toBeNull();

    // The admin sees the stored value and can put it right.
    const settings = (await station.call('getUploadSettings', {}, admin)).body.value;
    expect(settings.token).toBe('abc\u3000def');
    const fixed = await station.call('saveUploadSettings', { ...settings, token: 'abc def' }, admin);
    expect(fixed.body).toMatchObject({ ok: true, value: { token: 'abc def' } });
    expect(station.exited(), station.stderr()).toBeNull();
  }, 60_000);
});
