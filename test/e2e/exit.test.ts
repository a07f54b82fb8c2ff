// 出口查验 (issue 19 item 4) in Chromium: the gatekeeper lets a sold portion out, is stopped in red
// with the siren by a held lot and by an unknown code, flags an unsold lot leaving as an exception,
// and the manager finds it in 出口异常; the same desk moves a lot to storage with one scan (F7).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gs1Scan } from '../support/core';
import { openDesk, openTab, receiveLot, recordTones, signInWithPinPad, wedgeScan, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const SHOWN_MS = 10_000;
const GATEKEEPER = { name: '陈门卫', pin: '2468' };
const SOLD = gs1Scan('7', 'EX-SOLD');
const HELD = gs1Scan('7', 'EX-HELD');
const UNSOLD = gs1Scan('7', 'EX-UNSOLD');
const UNKNOWN = gs1Scan('8', 'NOBODY');

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
let soldChild: string;
let heldChild: string;
let unsoldCode: string;

const result = () => page.locator('[data-testid=exit-result]');
const departures = () => (db.prepare('select count(*) as n from departures').get() as { n: number }).n;
/** The oscillator waves the page started since the last call: the siren is triangle, the admit beep sine. */
const tones = () => page.evaluate(() => (window as unknown as { tones: string[] }).tones.splice(0));

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

beforeAll(async () => {
  desk = await openDesk({ operators: [{ ...GATEKEEPER, role: 'gatekeeper' }] });
  ({ station, page, counter, db } = desk);
  const s = counter.adminSession;
  await station.ok('setStationId', { stationId: '3050110', name: '鲤城农贸市场' }, s);
  for (const [raw, name] of [
    [SOLD, 'EX-SOLD'],
    [HELD, 'EX-HELD'],
    [UNSOLD, 'EX-UNSOLD'],
  ] as const) {
    const { view } = await receiveLot(station, counter, { raw, name, quantity: 40 });
    if (raw === UNSOLD) unsoldCode = view.lot.codeKey;
  }
  soldChild = (await station.ok('splitLot', { parentRaw: SOLD, quantity: 5, unit: 'kg', closing: false, buyer: { name: '张记餐馆' } }, s)).code;
  heldChild = (await station.ok('splitLot', { parentRaw: HELD, quantity: 3, unit: 'kg', closing: false }, s)).code;
  await station.ok('placeHold', { raw: heldChild, note: '买家投诉' }, s);
  await recordTones(page);
}, 120_000);

afterAll(() => desk?.stop());

it('the gatekeeper lets a sold portion out: green, one beep, recorded with the vehicle', async () => {
  await signInWithPinPad(page, station.url, GATEKEEPER.name, GATEKEEPER.pin);
  // The exit desk is the gatekeeper's first (and main) screen.
  await page.waitForSelector('[data-testid=exit-screen][data-mode=exit]', { timeout: SHOWN_MS });
  await page.fill('[data-testid=exit-vehicle]', '闽A12345');
  await tones();
  await wedgeScan(page, soldChild);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=allowed]', { timeout: SHOWN_MS });
  expect(await result().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(27, 127, 59)');
  expect(await tones()).toEqual(['sine']);
  const row = db
    .prepare('select d.vehicle, d.buyer, o.name as by, l.zone from departures d join lots l on l.id = d.lot_id join operators o on o.id = d.created_by where l.code_key = ?')
    .get(soldChild);
  expect(row).toEqual({ vehicle: '闽A12345', buyer: '张记餐馆', by: GATEKEEPER.name, zone: 'none' });
  await page.waitForSelector(`[data-testid=departure-row][data-code="${soldChild}"]`, { timeout: SHOWN_MS });
  expect(await page.locator('[data-testid=departure-row]').count()).toBe(1);
  await screenshot('exit-desk');
});

it('a held lot’s code is refused with the red alarm and the siren, and nothing is recorded', async () => {
  await wedgeScan(page, heldChild);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=refused][data-reason=exitLotStopped]', { timeout: SHOWN_MS });
  expect(await result().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(183, 28, 28)');
  expect(await page.textContent('[data-testid=exit-message]')).toContain('扣留');
  expect(await tones()).toContain('triangle');
  expect(departures()).toBe(1);
  await screenshot('exit-desk-alarm');
});

it('an unknown code is refused in words, with the alarm', async () => {
  await wedgeScan(page, UNKNOWN);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=refused][data-reason=unknownLot]', { timeout: SHOWN_MS });
  expect(await page.textContent('[data-testid=exit-message]')).toContain('未找到此批次');
  expect(await tones()).toContain('triangle');
  expect(departures()).toBe(1);
});

it('an unsold lot leaving is refused, then flagged as an exception the manager finds in 出口异常', async () => {
  await wedgeScan(page, UNSOLD);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=refused][data-reason=exitNotSold]', { timeout: SHOWN_MS });
  expect(await page.textContent('[data-testid=exit-message]')).toContain('尚未售出');
  await page.click('[data-testid=exit-record-exception]');
  await page.waitForSelector('[data-testid=exit-result][data-verdict=exception]', { timeout: SHOWN_MS });
  const exception = db.prepare('select x.kind, x.vehicle, x.lot_status, l.code_key from exit_exceptions x join lots l on l.id = x.lot_id').all();
  expect(exception).toEqual([{ kind: 'unsold', vehicle: '闽A12345', lot_status: 'admitted', code_key: unsoldCode }]);
  expect(departures()).toBe(1);
  // 出口异常 is the manager's, not the gatekeeper's.
  expect(await page.locator('[data-testid=tab-exitExceptions]').count()).toBe(0);

  await page.click('[data-testid=sign-out]');
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'exitExceptions');
  const row = page.locator('[data-testid=exit-exception-row]');
  await row.first().waitFor({ timeout: SHOWN_MS });
  expect(await row.count()).toBe(1);
  expect(await row.getAttribute('data-kind')).toBe('unsold');
  expect(await row.getAttribute('data-code')).toBe(unsoldCode);
  expect(await row.textContent()).toContain('未售出货物出场');
});

it('the manager moves the unsold lot to storage with one scan at the same desk (F7)', async () => {
  await openTab(page, 'exit');
  await page.waitForSelector('[data-testid=exit-screen]', { timeout: SHOWN_MS });
  // Held like a person holds a key: a key within 150 ms before a scan would count as part of it.
  await page.keyboard.press('F7', { delay: 200 });
  await page.waitForSelector('[data-testid=exit-screen][data-mode=storage]', { timeout: SHOWN_MS });
  await wedgeScan(page, UNSOLD);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=moved]', { timeout: SHOWN_MS });
  expect((db.prepare('select zone from lots where code_key = ?').get(unsoldCode) as { zone: string }).zone).toBe('storage');
  // The held portion may not go back on sale.
  await page.keyboard.press('F8', { delay: 200 });
  await page.waitForSelector('[data-testid=exit-screen][data-mode=trading]', { timeout: SHOWN_MS });
  await wedgeScan(page, heldChild);
  await page.waitForSelector('[data-testid=exit-result][data-verdict=notMoved]', { timeout: SHOWN_MS });
  expect(await page.textContent('[data-testid=exit-message]')).toContain('不能移入交易区');
});

it('追溯 shows where each lot is: the stored lot in 贮存区, the portion that left as 已出场', async () => {
  await openTab(page, 'trace');
  for (const [raw, zone, words] of [
    [UNSOLD, 'storage', '贮存区'],
    [soldChild, 'none', '已出场'],
  ] as const) {
    await wedgeScan(page, raw);
    const cell = page.locator(`[data-testid=trace-lot-zone][data-zone=${zone}]`);
    await cell.waitFor({ timeout: SHOWN_MS });
    expect((await cell.textContent())?.trim()).toBe(words);
  }
});
