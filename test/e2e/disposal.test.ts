import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPtyPair, RunSensorBox, type PtyPair } from '../../drivers/shredder/simulator';
import { gs1Scan } from '../support/core';
import { ADMIN_PIN, isoDay, launchBrowser, seedCounter, signInWithPinPad, startStation, wedgeScan, type Browser, type Counter, type Station, openTab } from './harness';

const INSPECTOR = { name: '林检测', pin: '3579' };
const PARENT = gs1Scan('7', 'XH1');

let station: Station;
let browser: Browser;
let counter: Counter;
let pty: PtyPair;
let box: RunSensorBox;
let childCode: string;

beforeAll(async () => {
  pty = await openPtyPair();
  box = new RunSensorBox({ path: pty.b, heartbeatMs: 300 });
  await box.plug();
  station = await startStation();
  counter = await seedCounter(station);
  const s = counter.adminSession;
  await station.ok('createOperator', { ...INSPECTOR, role: 'inspector' }, s);
  await station.ok('setStationId', { stationId: '3050108', name: '销毁室' }, s);
  await station.ok(
    'checkEntry',
    {
      raw: PARENT,
      source: 'wedge',
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: 40,
      unit: 'kg',
      certificates: [
        { type: 'commitment', number: 'C-XH1', issuer: '绿源蔬菜合作社', issueDate: isoDay() },
        { type: 'testReport', number: 'T-XH1', issuer: '检测站', issueDate: isoDay() },
      ],
    },
    s,
  );
  childCode = (await station.ok('splitLot', { parentRaw: PARENT, quantity: 5, unit: 'kg', closing: false }, s)).code;
  // The fake camera gives the photo steps a picture.
  browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await station?.stop();
  await box?.unplug();
  if (pty) {
    await pty.close();
    await rm(pty.dir, { recursive: true, force: true });
  }
});

it('the admin fits the shredder controller in the device manager', async () => {
  const { page } = browser;
  await signInWithPinPad(page, station.url, '管理员', ADMIN_PIN);
  await openTab(page, 'devices');
  await page.waitForSelector('[data-testid=shredder-panel] [data-testid=shredder-panel-state][data-state=none]');
  await page.click('[data-testid=shredder-mode-serial]');
  await page.fill('[data-testid=shredder-path]', pty.a);
  await page.selectOption('[data-testid=shredder-baud]', '9600');
  await page.click('[data-testid=shredder-save]');
  await page.waitForSelector('[data-testid=shredder-saved]');
  await page.waitForSelector('[data-testid=shredder-panel-state][data-state=connected]', { timeout: 15_000 });
  const row = station.db().prepare(`select value from settings where key = 'shredder'`).get() as { value: string };
  expect(JSON.parse(row.value)).toMatchObject({ mode: 'serial', path: pty.a, baudRate: 9600 });
  await page.click('[data-testid=sign-out]');
}, 60_000);

it('the lot fails its rapid test: it and the child already sold on are held', async () => {
  const { page } = browser;
  await signInWithPinPad(page, station.url, INSPECTOR.name, INSPECTOR.pin);
  await openTab(page, 'testing');
  await page.waitForSelector('[data-testid=testing-screen]');
  await wedgeScan(page, PARENT);
  await page.waitForSelector('[data-testid=test-value]', { timeout: 10_000 });
  await page.fill('[data-testid=test-value]', '71');
  await page.press('[data-testid=test-value]', 'Enter');
  await page.waitForSelector('[data-testid=test-result][data-verdict=positive]', { timeout: 10_000 });
  await expect(page.locator('[data-testid=held-lot]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).resolves.toContain(childCode);
  const db = station.db();
  expect(db.prepare('select code_key, status from lots order by created_at').all()).toEqual([expect.objectContaining({ status: 'held' }), { code_key: childCode, status: 'held' }]);
  expect(db.prepare('select verdict, value from rapid_tests').all()).toEqual([{ verdict: 'positive', value: 71 }]);
}, 60_000);

it('an inspector destroys what is left of the failed lot with a witness; the lot scans 已销毁, its child sold before stays held', async () => {
  const { page } = browser;
  await openTab(page, 'disposal');
  await page.waitForSelector('[data-testid=disposal-waiting]');

  await wedgeScan(page, PARENT);
  // The portion sold before is shown for what it is: with its buyer, not destroyed here.
  await page.waitForSelector('[data-testid=disposal-tree][data-count="1"]', { timeout: 10_000 });
  expect(await page.textContent('[data-testid=disposal-tree]')).toBe('已分装售出 1 个子码：在买方，不在本次销毁之列');
  expect(await page.textContent('[data-testid=disposal-tree-code]')).toBe(childCode);
  await page.fill('[data-testid=disposal-quantity]', '35');
  await page.click('[data-testid=disposal-reason-testFailed]');
  await page.click('[data-testid=disposal-method-shredding]');
  await page.click('[data-testid=disposal-details-next]');

  await page.click('[data-testid=photo-before-take]:not([disabled])', { timeout: 15_000 });
  await page.click('[data-testid=photo-before-next]');

  await page.waitForSelector('[data-testid=disposal-shredding]');
  box.startRun();
  await page.waitForSelector('[data-testid=shredder-state][data-state=running]', { timeout: 10_000 });
  box.stopRun();
  await page.waitForSelector('[data-testid=shredder-run-seen][data-seen=yes]', { timeout: 10_000 });
  await page.click('[data-testid=shredding-done]');

  await page.click('[data-testid=photo-after-take]:not([disabled])', { timeout: 15_000 });
  await page.click('[data-testid=photo-after-next]');

  await page.waitForSelector('[data-testid=disposal-operator]');
  // The pad confirms, it does not sign in; a wrong PIN is caught before the witness is called.
  expect(await page.textContent('[data-testid=pin-submit]')).toBe('确认');
  for (const d of '9999') await page.click(`[data-testid=pin-${d}]`);
  await page.click('[data-testid=pin-submit]');
  await page.waitForSelector('[data-testid=disposal-message]:has-text("操作人 PIN 码错误")');
  expect(await page.isVisible('[data-testid=disposal-operator]')).toBe(true);
  expect(await page.textContent('[data-testid=pin-display]')).toBe('\u00a0');
  for (const d of INSPECTOR.pin) await page.click(`[data-testid=pin-${d}]`);
  await page.click('[data-testid=pin-submit]');
  // The operator is never offered as their own witness.
  await page.waitForSelector('[data-testid=disposal-witness]');
  expect(await page.locator('[data-testid=witness-button]', { hasText: INSPECTOR.name }).count()).toBe(0);
  await page.locator('[data-testid=witness-button]', { hasText: counter.manager.name }).click();
  await page.waitForSelector('[data-testid=disposal-witness-pin]');
  for (const d of '0000') await page.click(`[data-testid=pin-${d}]`);
  await page.click('[data-testid=pin-submit]');
  await page.waitForSelector('[data-testid=disposal-message]:has-text("见证人 PIN 码错误")');
  expect(await page.isVisible('[data-testid=disposal-witness-pin]')).toBe(true);
  for (const d of counter.manager.pin) await page.click(`[data-testid=pin-${d}]`);
  await page.click('[data-testid=pin-submit]');
  await page.click('[data-testid=disposal-confirm-button]');

  await page.waitForSelector('[data-testid=disposal-result]', { timeout: 20_000 });
  expect(await page.getAttribute('[data-testid=disposal-result]', 'data-flag')).toBe('');
  await page.waitForSelector('[data-testid=certificate-link]');
  expect(await page.getAttribute('[data-testid=certificate-link]', 'href')).toMatch(/^blob:/);
  const number = await page.textContent('[data-testid=certificate-number]');
  expect(number).toMatch(/^XH3050108-\d{8}-001$/);

  const db = station.db();
  expect(db.prepare('select code_key, status, zone from lots order by created_at').all()).toEqual([
    expect.objectContaining({ status: 'destroyed', zone: 'none' }),
    expect.objectContaining({ code_key: childCode, status: 'held' }),
  ]);
  const d = db
    .prepare('select certificate_number, quantity, shredder_mode, run_duration_ms, flag, photo_before is not null b, photo_after is not null a, length(certificate_pdf) pdf from disposals')
    .get() as Record<string, unknown>;
  expect(d).toMatchObject({ certificate_number: number, quantity: 35, shredder_mode: 'serial', flag: null, b: 1, a: 1 });
  expect(d.run_duration_ms).toBeGreaterThanOrEqual(0);
  expect(d.pdf).toBeGreaterThan(10_000);
  expect(db.prepare('select prior_status from disposal_lots').all()).toEqual([{ prior_status: 'held' }]);
  // The test's hold stays on the child with its buyer: only the destroyed lot left it.
  expect(db.prepare('select status from holds').all()).toEqual([{ status: 'active' }]);

  // 追溯: the lot, scanned later, is destroyed; nothing is left of it, whatever it weighed when it went in.
  await openTab(page, 'trace');
  await page.fill('[data-testid=trace-input]', PARENT);
  await page.click('[data-testid=trace-submit]');
  await page.waitForSelector('[data-testid=trace-lot][data-status=destroyed]', { timeout: 10_000 });
  expect(await page.textContent('[data-testid=trace-lot]')).toContain('已销毁');
  expect(await page.textContent('[data-testid=trace-lot-remaining]')).toBe('0.000');

  // At the receiving desk, the lot's code scanned later (form empty) raises the red 已销毁 alarm; the
  // child's, the red 扣留 alarm.
  await page.click('[data-testid=sign-out]');
  await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
  await page.waitForSelector('[data-testid=receiving-screen]');
  await wedgeScan(page, PARENT);
  const alarm = await page.waitForSelector('[data-testid=alert-banner][data-status=destroyed]', { timeout: 10_000 });
  expect(await alarm.textContent()).toContain('已销毁');
  await wedgeScan(page, childCode);
  await page.waitForSelector('[data-testid=alert-banner][data-status=held]', { timeout: 10_000 });
  expect(db.prepare('select count(*) as n from entry_checks').get()).toEqual({ n: 1 });

  // At the counter the lot is refused as 已销毁: nothing more is sold from it.
  await openTab(page, 'counter');
  await page.waitForSelector('[data-testid=counter-screen]');
  await wedgeScan(page, PARENT);
  await page.waitForSelector('[data-testid=parent-panel][data-status=destroyed][data-sellable=false]', { timeout: 10_000 });
  expect(await page.textContent('[data-testid=lot-refused]')).toBe('不能分装：此批次已销毁');
  expect(await page.isDisabled('[data-testid=issue-code]')).toBe(true);
}, 120_000);
