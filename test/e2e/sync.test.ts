// 同步 screen end to end: a real station (`serve`), a real loopback EPCIS capture server and
// Chromium. The harness starts `serve` from the command line, which has no way to pass
// CoreOptions.upload, so the uploader runs with its default timings (1 s idle poll, 250 ms status
// throttle); nothing here waits on a network backoff, so that is fast enough.
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { gs1Scan } from '../support/core';
import { ADMIN_PIN, openDesk, openTab, receiveLot, signInWithPinPad, teardown, type Counter, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const SHOWN_MS = 15_000;
const TOKEN = 'e2e-platform-token';
const RECEIVER = { name: '王收货', pin: '2468' };
const MANAGER = { name: '李经理', pin: '135790' };
const STATION_ID = '3059902';

let station: Station;
let capture: CaptureServer;
let page: Page;
let counter: Counter;
let db: Database.Database;
/** The entry recorded while upload was not set up yet (sent once the admin sets it up). */
let firstEntryId: string;

/** An admitted entry recorded over the API (as the receiving desk would), returning its record id. */
async function recordEntry(batch: string): Promise<{ entryId: string; raw: string }> {
  const raw = gs1Scan('4567', batch);
  const result = await receiveLot(station, counter, { raw, name: batch, quantity: 12 });
  return { entryId: result.view.entry.id, raw };
}

const outboxCount = (state: string) => (db.prepare('select count(*) as n from outbox where state = ?').get(state) as { n: number }).n;
const text = (testId: string) => page.locator(`[data-testid=${testId}]`).first().innerText();
/** Waits until a data-testid element's data-value (or text) is the given value. */
const waitValue = (testId: string, value: number) => page.waitForSelector(`[data-testid=${testId}][data-value="${value}"]`, { timeout: SHOWN_MS });
const waitState = (state: string) => page.waitForSelector(`[data-testid=sync-state][data-state=${state}]`, { timeout: SHOWN_MS });

async function openSync(name: string, pin: string) {
  await signInWithPinPad(page, station.url, name, pin);
  await openTab(page, 'sync');
  await page.waitForSelector('[data-testid=sync-state]');
}

async function signOut() {
  await page.click('[data-testid=sign-out]');
  await page.waitForSelector('[data-testid=operator-button]');
}

const opened = teardown();

beforeAll(async () => {
  capture = opened.add(await startCaptureServer({ auth: `Bearer ${TOKEN}` }), (c) => c.close());
  ({ station, counter, page, db } = opened.add(await openDesk(), (d) => d.stop()));
  await station.ok('setStationId', { stationId: STATION_ID, name: '同步测试站' }, counter.adminSession);
}, 60_000);

afterAll(opened.close);

it('a manager sees 未配置上传 with the backlog, exports the waiting records and imports the file back (nothing added twice); a wrong file is refused in words', async () => {
  firstEntryId = (await recordEntry('SYNC1')).entryId;
  const pending = outboxCount('pending');
  expect(pending).toBeGreaterThanOrEqual(2); // the seeded suppliers and the entry

  await openSync(MANAGER.name, MANAGER.pin);
  await waitState('disabled');
  await expect(text('sync-state')).resolves.toBe('未配置上传');
  await waitValue('sync-backlog', pending);
  await expect(page.getAttribute('[data-testid=sync-online]', 'data-online')).resolves.toBe('unknown');
  await expect(page.isDisabled('[data-testid=sync-now]')).resolves.toBe(true);
  // Settings are the admin's; the manager has the hand-over.
  await expect(page.locator('[data-testid=upload-settings]').count()).resolves.toBe(0);
  await page.waitForSelector('[data-testid=sync-dead-none]');

  // Export without hand-over: the records stay queued here.
  await page.click('[data-testid=sync-export]');
  const exported = await page.waitForSelector(`[data-testid=sync-exported][data-records="${pending}"]`, { timeout: SHOWN_MS });
  const path = (await exported.getAttribute('data-path'))!;
  expect(path.startsWith(join(station.dataDir, 'exports'))).toBe(true);
  await expect(text('sync-exported-count')).resolves.toBe(`已导出 ${pending} 条记录`);
  await expect(text('sync-exported-path')).resolves.toBe(`文件位置：${path}`);
  const file = readFileSync(path, 'utf8');
  expect((JSON.parse(file) as { epcisHeader: { 'yp:export': { records: unknown[] } } }).epcisHeader['yp:export'].records).toHaveLength(pending);
  expect(outboxCount('pending')).toBe(pending);

  // The same file imported here: every record is already known.
  await page.setInputFiles('[data-testid=sync-import-file]', { name: 'upload.epcis.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForSelector(`[data-testid=sync-imported][data-records="${pending}"][data-added="0"][data-duplicates="${pending}"]`, { timeout: SHOWN_MS });
  await expect(text('sync-imported-counts')).resolves.toBe(`文件中 ${pending} 条记录：新增 0 条，重复 ${pending} 条`);
  await expect(text('sync-imported-from')).resolves.toBe(`来源站点：${STATION_ID}`);
  expect(outboxCount('pending')).toBe(pending);

  // Files that are not an export: a clear message, nothing queued.
  await page.setInputFiles('[data-testid=sync-import-file]', { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
  await expect(page.waitForSelector('[data-testid=sync-import-message]')).resolves.toBeTruthy();
  await expect(text('sync-import-message')).resolves.toBe('这个文件不是本程序导出的上传文件，未导入');
  await page.setInputFiles('[data-testid=sync-import-file]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"type": "EPCISDoc') });
  await page.waitForFunction(() => document.querySelector('[data-testid=sync-import-message]')?.textContent === '这个文件不是 JSON 文件，未导入', undefined, { timeout: SHOWN_MS });
  // One record's quantity changed by hand: the station's signature no longer matches the file.
  const doc = JSON.parse(file) as { epcisHeader: { 'yp:export': { records: { kind: string; payload: { lot: { quantity: number } } }[] } } };
  doc.epcisHeader['yp:export'].records.find((r) => r.kind === 'entry')!.payload.lot.quantity = 13;
  const tampered = JSON.stringify(doc);
  await page.setInputFiles('[data-testid=sync-import-file]', { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
  const badSignature = `文件签名不符：导出后内容被改动过（或不是站点 ${STATION_ID} 导出的），未导入`;
  await page.waitForFunction((expected) => document.querySelector('[data-testid=sync-import-message]')?.textContent === expected, badSignature, { timeout: SHOWN_MS });
  expect(outboxCount('pending')).toBe(pending);
  await signOut();
});

it('the admin sets up EPCIS upload in the settings (bad mapping and bad address refused in words); the backlog drains to 已全部上传 and the platform has the entry', async () => {
  const entry = await recordEntry('SYNC2');
  await openSync('管理员', ADMIN_PIN);
  await waitState('disabled');
  await page.click('[data-testid=upload-settings-toggle]');
  await page.waitForSelector('[data-testid=upload-save]');

  // A provincial mapping that is JSON but names no record kind there is: the station's words, at the field; nothing saved.
  await page.click('[data-testid=upload-target-provincial]');
  await page.fill('[data-testid=upload-endpoint]', `${capture.url}/records`);
  const defaultMapping = await page.inputValue('[data-testid=upload-mapping]');
  await page.fill('[data-testid=upload-mapping]', '{ "entyr": { "clientId": "id" } }');
  await page.click('[data-testid=upload-save]');
  const misspelt =
    '字段映射中的「entyr」不是记录类型，未保存：可用的类型为 entry, override, test, hold, holdRelease, split, disposal, stallAssignment, recall, recallProgress, recallClose, recallLift, departure, subject, variety, testItem, places';
  await page.waitForFunction((expected) => document.querySelector('[data-testid=upload-error-mapping]')?.textContent === expected, misspelt, { timeout: SHOWN_MS });
  await expect(text('upload-message')).resolves.toBe(misspelt);
  await page.fill('[data-testid=upload-mapping]', defaultMapping);

  // A provincial mapping that is not JSON: translated message, nothing saved.
  await page.fill('[data-testid=upload-mapping]', '{ "entry": { "clientId": "id", ');
  await page.click('[data-testid=upload-save]');
  await expect(page.waitForSelector('[data-testid=upload-message]')).resolves.toBeTruthy();
  await expect(text('upload-message')).resolves.toBe('字段映射不是有效的 JSON，未保存：请检查括号、引号和逗号');
  await expect(text('upload-error-mapping')).resolves.toBe('字段映射不是有效的 JSON，未保存：请检查括号、引号和逗号');
  await expect(page.getAttribute('[data-testid=upload-mapping]', 'aria-invalid')).resolves.toBe('true');
  const saved = () => db.prepare(`select value from settings where key = 'upload'`).get() as { value: string } | undefined;
  expect(saved()).toBeUndefined();

  // EPCIS with an address that is not a URL: the station's field issue, at the field.
  await page.click('[data-testid=upload-target-epcis]');
  await page.fill('[data-testid=upload-endpoint]', 'capture-server');
  await page.click('[data-testid=upload-save]');
  await page.waitForSelector('[data-testid=upload-error-endpoint]', { timeout: SHOWN_MS });
  await expect(text('upload-error-endpoint')).resolves.toBe('格式不正确');
  await expect(text('upload-message')).resolves.toBe('输入有误，请检查后重试：endpoint: 格式不正确');
  expect(saved()).toBeUndefined();

  // The real address and token; one record per request, answered slowly, so the drain shows.
  capture.set({ faults: { budget: 1000, probability: 1, weights: { slow: 1, drop: 0, serverError: 0, timeout: 0, ackLost: 0, rateLimit: 0 }, slowMs: 600 } });
  await page.fill('[data-testid=upload-endpoint]', capture.captureUrl);
  await page.fill('[data-testid=upload-token]', TOKEN);
  await expect(page.getAttribute('[data-testid=upload-token]', 'type')).resolves.toBe('password');
  await page.fill('[data-testid=upload-batchSize]', '1');
  const backlog = outboxCount('pending');
  await page.click('[data-testid=upload-save]');
  await page.waitForSelector('[data-testid=upload-saved]', { timeout: SHOWN_MS });
  expect(JSON.parse(saved()!.value)).toMatchObject({ target: 'epcis', endpoint: capture.captureUrl, token: '', tokenHeader: 'Authorization', tokenPrefix: 'Bearer ', batchSize: 1 });
  // The token is kept in the key file, not in station.db (docs/secrets.md).
  expect(JSON.parse(readFileSync(join(station.dataDir, 'secrets.json'), 'utf8')).secrets.uploadToken).toBe(TOKEN);
  await expect(page.getAttribute('[data-testid=sync-target]', 'data-target')).resolves.toBe('epcis');

  const drain = await page.waitForSelector('[data-testid=sync-drain]', { timeout: SHOWN_MS });
  expect(Number(await drain.getAttribute('data-total'))).toBe(backlog);
  await page.waitForSelector('[data-testid=sync-state][data-state=sending]', { timeout: SHOWN_MS });

  await waitState('allSent');
  await expect(text('sync-state')).resolves.toBe('已全部上传');
  capture.set({ faults: undefined });
  await waitValue('sync-backlog', 0);
  await waitValue('sync-sent', outboxCount('sent'));
  expect(outboxCount('sent')).toBe(backlog);
  await expect(page.getAttribute('[data-testid=sync-online]', 'data-online')).resolves.toBe('yes');
  await expect(text('sync-online')).resolves.toBe('在线');
  await expect(text('sync-last-success')).resolves.toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d$/);
  await expect(page.locator('[data-testid=sync-last-error]').count()).resolves.toBe(0);
  await expect(page.locator('[data-testid=sync-drain]').count()).resolves.toBe(0);

  // What the platform received: both entries, as EPCIS receiving events read at this station's desk.
  for (const id of [firstEntryId, entry.entryId]) {
    const stored = capture.records.get(id);
    expect(stored, id).toBeDefined();
    const [eventId] = [...stored!.eventIds];
    expect(capture.events.get(eventId)).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'receiving',
      'yp:recordKind': 'entry',
      readPoint: { id: `urn:yipin-yima:station:${STATION_ID}` },
    });
  }
  expect(capture.records.size).toBe(backlog);
  await signOut();
});

it("a record the platform refuses becomes a dead letter with the server's reason and holds back its lot; a receiver only sees it, a manager resends it once the platform is fixed", async () => {
  capture.set({ reject: (doc) => (JSON.stringify(doc).includes('REFUSED1') ? 'quantityList: lot REFUSED1 unknown to the platform' : null) });
  const refused = await recordEntry('REFUSED1');
  await openSync(MANAGER.name, MANAGER.pin);
  await waitValue('sync-dead', 1);
  await waitState('refused');
  await expect(text('sync-state')).resolves.toBe('有记录被平台拒收');
  await expect(text('sync-last-error-message')).resolves.toBe('HTTP 400 quantityList: lot REFUSED1 unknown to the platform');

  // A later record of the same lot waits behind it.
  await station.ok('overrideEntry', { entryId: refused.entryId, outcome: 'hold', reason: '复核：送检' }, counter.adminSession);
  await waitValue('sync-blocked', 1);
  await waitValue('sync-backlog', 1);
  const row = await page.waitForSelector(`[data-testid=sync-dead-letter][data-id="${refused.entryId}"][data-blocking="1"]`, { timeout: SHOWN_MS });
  expect(await row.$eval('[data-testid=sync-dead-kind]', (e) => e.textContent)).toBe('入场查验');
  const [letter] = await station.ok('listDeadLetters', { limit: 10 }, counter.adminSession);
  expect(letter).toMatchObject({ id: refused.entryId, kind: 'entry', blocking: 1 });
  expect(letter!.code).toMatch(/REFUSED1$/);
  expect(await row.$eval('[data-testid=sync-dead-code]', (e) => e.textContent)).toBe(letter!.code);
  expect(await row.$eval('[data-testid=sync-dead-reason]', (e) => e.textContent)).toBe('HTTP 400 quantityList: lot REFUSED1 unknown to the platform');
  expect(await row.$eval('[data-testid=sync-dead-blocking]', (e) => e.textContent)).toBe('1 条');
  expect(capture.records.has(refused.entryId)).toBe(false);

  // The picture for docs/sync.md: the refusal, its reason and the resend.
  await page.check(`[data-testid=sync-dead-letter][data-id="${refused.entryId}"] [data-testid=sync-dead-select]`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}sync.png` });
  await signOut();

  // A receiver sees the state and the refusal, but cannot resend, export or change settings.
  await openSync(RECEIVER.name, RECEIVER.pin);
  await page.waitForSelector(`[data-testid=sync-dead-letter][data-id="${refused.entryId}"]`, { timeout: SHOWN_MS });
  for (const hidden of ['sync-resend', 'sync-dead-select', 'sync-select-all', 'sync-transfer', 'upload-settings']) {
    await expect(page.locator(`[data-testid=${hidden}]`).count(), hidden).resolves.toBe(0);
  }
  await signOut();

  // The platform fixed its side; the manager resends, and the held-back override follows.
  capture.set({ reject: undefined });
  await openSync(MANAGER.name, MANAGER.pin);
  await page.click('[data-testid=sync-resend]');
  await expect(page.waitForSelector('[data-testid=sync-dead-message]')).resolves.toBeTruthy();
  await expect(text('sync-dead-message')).resolves.toBe('请先选择要重新发送的记录');
  await page.click('[data-testid=sync-select-all]');
  await page.click('[data-testid=sync-resend]');
  await page.waitForSelector('[data-testid=sync-resent]', { timeout: SHOWN_MS });
  await expect(text('sync-resent')).resolves.toBe('已重新排队 1 条，正在上传');
  await waitState('allSent');
  await waitValue('sync-dead', 0);
  await waitValue('sync-blocked', 0);
  await waitValue('sync-backlog', 0);
  await page.waitForSelector('[data-testid=sync-dead-none]', { timeout: SHOWN_MS });
  await expect(page.locator('[data-testid=sync-last-error]').count()).resolves.toBe(0);

  const overrideId = (db.prepare(`select id from outbox where kind = 'override'`).get() as { id: string }).id;
  expect(capture.records.get(refused.entryId)).toBeDefined();
  expect(capture.records.get(overrideId)).toBeDefined();
  expect(capture.records.get(overrideId)!.order).toBeGreaterThan(capture.records.get(refused.entryId)!.order);
  const overrideEvent = capture.events.get([...capture.records.get(overrideId)!.eventIds][0]!) as Record<string, unknown>;
  expect(overrideEvent).toMatchObject({ action: 'OBSERVE', bizStep: 'receiving', 'yp:overrideOf': refused.entryId });
  expect(outboxCount('dead')).toBe(0);
  await waitValue('sync-sent', outboxCount('sent'));
  await signOut();
});

it('with upload switched off, the admin exports and hands over the waiting records: this PC no longer queues them', async () => {
  await openSync('管理员', ADMIN_PIN);
  await page.click('[data-testid=upload-settings-toggle]');
  await page.click('[data-testid=upload-target-none]');
  await page.click('[data-testid=upload-save]');
  await page.waitForSelector('[data-testid=upload-saved]', { timeout: SHOWN_MS });
  await waitState('disabled');
  const sentBefore = capture.records.size;

  const offline = await recordEntry('SYNC3');
  // No push while upload is off: the screen re-reads the backlog on its own.
  await waitValue('sync-backlog', 1);
  await page.check('[data-testid=sync-hand-over]');
  await page.click('[data-testid=sync-export]');
  await page.waitForSelector('[data-testid=sync-exported][data-records="1"]', { timeout: SHOWN_MS });
  await expect(text('sync-exported-count')).resolves.toBe('已导出并移交 1 条记录');
  await page.waitForSelector('[data-testid=sync-download]');
  expect((db.prepare('select state from outbox where id = ?').get(offline.entryId) as { state: string }).state).toBe('exported');
  await waitValue('sync-backlog', 0);
  expect(capture.records.size).toBe(sentBefore);

  // The file was lost: every record handed over is written again, and stays handed over.
  const handedOver = (db.prepare("select count(*) as n from outbox where state = 'exported'").get() as { n: number }).n;
  await page.click('[data-testid=sync-export-again]');
  await page.waitForSelector(`[data-testid=sync-exported][data-records="${handedOver}"]`, { timeout: SHOWN_MS });
  await expect(text('sync-exported-count')).resolves.toBe(`已再次导出 ${handedOver} 条已移交的记录`);
  expect(await page.getAttribute('[data-testid=sync-exported]', 'data-path')).toMatch(/-again\.epcis\.json$/);
  expect((db.prepare('select state from outbox where id = ?').get(offline.entryId) as { state: string }).state).toBe('exported');
  await waitValue('sync-backlog', 0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator('[data-testid=sync-transfer]').screenshot({ path: `${SCREENSHOTS}sync-transfer.png` });
});
