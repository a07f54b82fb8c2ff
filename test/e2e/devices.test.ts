import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocolById } from '../../drivers/scale/protocols';
import { openPtyPair, ScaleSimulator, type PtyPair } from '../../drivers/scale/simulator';
import { ScannerSimulator } from '../../drivers/scanner/simulator';
import { ADMIN_PIN, fillDelivery, isoDay, openDesk, openTab, signInWithPinPad, storedLot, teardown, type Counter, type Station } from './harness';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const SHOWN_MS = 15_000;
const gs1 = (batch: string) => `0106901234567892${'10'}${batch}`;

let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
let scalePty: PtyPair;
let scannerPty: PtyPair;
let scale: ScaleSimulator;
let scanner: ScannerSimulator;

const textOf = (selector: string) => page.textContent(selector);

const opened = teardown();

beforeAll(async () => {
  scalePty = opened.add(await openPtyPair(), (p) => p.close());
  scannerPty = opened.add(await openPtyPair(), (p) => p.close());
  scale = opened.add(new ScaleSimulator({ path: scalePty.b, protocol: protocolById('yaohua-a9')! }), (s) => s.unplug());
  await scale.plug();
  scanner = opened.add(new ScannerSimulator(scannerPty.b), (s) => s.unplug());
  await scanner.plug();
  ({ station, counter, page, db } = opened.add(await openDesk(), (d) => d.stop()));
});

afterAll(opened.close);

describe('device manager, desk scale and serial scanner', () => {
  it('adds a scale by auto-detect and shows its live, stable weight', async () => {
    await signInWithPinPad(page, station.url, '管理员', ADMIN_PIN);
    await openTab(page, 'devices');
    await page.waitForSelector('[data-testid=devices-screen]');
    await page.click('[data-testid=scale-add]');
    await page.fill('[data-testid=scale-name]', '收货台地磅');
    await page.fill('[data-testid=scale-path]', scalePty.a);
    scale.put(2.5);
    await page.click('[data-testid=scale-detect]');
    // One clear answer is taken at once.
    await page.waitForSelector('[data-testid=scale-candidate][data-protocol=yaohua-a9]', { timeout: 30_000 });
    await expect(page.inputValue('[data-testid=scale-protocol]')).resolves.toBe('yaohua-a9');
    await expect(page.inputValue('[data-testid=scale-baud]')).resolves.toBe('9600');
    await page.click('[data-testid=scale-save]');
    // The port the detection probed is opened again by the saved scale. The row once stayed
    // 连接中 on a loaded CI machine while the scale weighed: a list answer older than the
    // 'connected' event had overwritten it (useDeviceRows now takes only the newest answer).
    await page.waitForSelector('[data-testid=scale-row][data-state=connected]', { timeout: 30_000 }).catch(async (e: Error) => {
      const screen = await page.getAttribute('[data-testid=scale-row]', 'data-state');
      const scales = (await station.ok('listScales', {}, counter.adminSession)) as { status: unknown }[];
      throw new Error(`${e.message}\nthe row shows ${screen}; the station says ${JSON.stringify(scales.map((x) => x.status))}`);
    });
    await page.waitForFunction(() => document.querySelector('[data-testid=scale-reading]')?.textContent === '2.500 公斤 · 稳定', undefined, { timeout: SHOWN_MS });
    const [row] = db.prepare('select name, path, protocol_id, baud_rate from scales').all() as { name: string; path: string; protocol_id: string; baud_rate: number }[];
    expect(row).toEqual({ name: '收货台地磅', path: scalePty.a, protocol_id: 'yaohua-a9', baud_rate: 9600 });
  });

  it('adds a serial scanner and shows what it scans, Chinese included', async () => {
    await page.click('[data-testid=scanner-add]');
    await page.fill('[data-testid=scanner-name]', '收货台扫码枪');
    await page.click('[data-testid=scanner-kind-serial]');
    await page.fill('[data-testid=scanner-path]', scannerPty.a);
    await page.click('[data-testid=scanner-save]');
    await page.waitForSelector('[data-testid=scanner-row][data-state=connected]', { timeout: SHOWN_MS });
    await scanner.scan('合格证编号 HG-7', { encoding: 'gb18030', suffix: 'CR' });
    await page.waitForFunction(() => document.querySelector('[data-testid=scanner-last-scan]')?.textContent?.includes('合格证编号 HG-7'), undefined, { timeout: SHOWN_MS });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}devices.png` });
  });

  it('receiving weighs each lot on the desk scale; a scan from the serial scanner records the stable weight only', async () => {
    await openTab(page, 'receiving');
    await page.waitForSelector('[data-testid=receiving-screen]');
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      certificates: [
        { type: 'commitment', number: 'CN-W1', issueDate: isoDay() },
        { type: 'testReport', number: 'TR-W1', issueDate: isoDay() },
      ],
    });
    scale.put(23.45);
    await page.waitForFunction(() => (document.querySelector('[data-testid=quantity]') as HTMLInputElement | null)?.value === '23.450', undefined, { timeout: SHOWN_MS });
    await page.waitForSelector('[data-testid=live-weight][data-state=stable]', { timeout: SHOWN_MS });
    await expect(page.getAttribute('[data-testid=quantity]', 'readonly')).resolves.not.toBeNull();
    await scanner.scan(gs1('W1'), { suffix: 'CRLF' });
    await page.waitForSelector('[data-testid=verdict][data-outcome=admit]', { timeout: SHOWN_MS });
    expect(storedLot(db, gs1('W1'))).toMatchObject({ quantity: 23.45, unit: 'kg', source: 'serial', outcome: 'admit' });

    // The same crate still on the platform is no second lot's weight.
    await scanner.scan(gs1('W2'), { suffix: 'CR' });
    await page.waitForFunction(() => document.querySelector('[data-testid=verdict-message]')?.textContent?.includes('已记录过'), undefined, { timeout: SHOWN_MS });
    expect(storedLot(db, gs1('W2'))).toBeUndefined();

    scale.wobble(60_000);
    await page.waitForSelector('[data-testid=live-weight][data-state=unstable]', { timeout: SHOWN_MS });
    await scanner.scan(gs1('W3'), { suffix: 'CR' });
    await page.waitForFunction(() => document.querySelector('[data-testid=verdict-message]')?.textContent?.includes('不稳定'), undefined, { timeout: SHOWN_MS });
    expect(storedLot(db, gs1('W3'))).toBeUndefined();
    await expect(textOf('[data-testid=live-weight-state]')).resolves.toBe('不稳定');
  });

  it('a 耀华 "=" scale at a weight both digit orders read: 无法确定, confirmed with the known weight', async () => {
    const pty = await openPtyPair();
    const equals = new ScaleSimulator({ path: pty.b, protocol: protocolById('yaohua-equals-reversed')! });
    try {
      equals.put(10);
      await equals.plug();
      await openTab(page, 'devices');
      await page.click('[data-testid=scale-add]');
      await page.fill('[data-testid=scale-name]', '2 号台秤');
      await page.fill('[data-testid=scale-path]', pty.a);
      await page.click('[data-testid=scale-detect]');
      await page.waitForSelector('[data-testid=scale-detect-ambiguous]', { timeout: 30_000 });
      await expect(textOf('[data-testid=scale-detect-ambiguous]')).resolves.toContain('无法确定，请用已知重量确认');
      await expect(page.locator('[data-testid=scale-candidate][data-ambiguous=true]').allTextContents()).resolves.toEqual([
        expect.stringContaining('读数 10.000 公斤'),
        expect.stringContaining('读数 0.010 公斤'),
      ]);
      await page.fill('[data-testid=scale-known-kg]', '10');
      await page.click('[data-testid=scale-known-confirm]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=scale-protocol]') as HTMLSelectElement).value === 'yaohua-equals-reversed', undefined, { timeout: 30_000 });
      await expect(page.locator('[data-testid=scale-candidate]').count()).resolves.toBe(1);
      await expect(page.locator('[data-testid=scale-detect-ambiguous]').count()).resolves.toBe(0);
      await page.click('[data-testid=scale-save]');
      const row = page.locator('[data-testid=scale-row]', { hasText: '2 号台秤' });
      await row.locator('[data-testid=scale-reading]', { hasText: '10.000 公斤 · 稳定' }).waitFor({ timeout: SHOWN_MS });
    } finally {
      await equals.unplug();
      await pty.close();
    }
  });
});
