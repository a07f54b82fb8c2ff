import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PIN, launchBrowser, openTab, signInWithPinPad, startStation, type Browser, type Station } from './harness';

let station: Station;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = browser.page;
  station = await startStation();
});
afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

describe('支持包导出 on 本站', () => {
  it('writes the zip in the data folder and offers the same bytes as a download', async () => {
    await signInWithPinPad(page, station.url, '管理员', ADMIN_PIN);
    await openTab(page, 'station');
    await page.click('[data-testid=support-bundle-export]');
    const done = await page.waitForSelector('[data-testid=support-bundle-done]', { timeout: 10_000 });
    const path = (await done.getAttribute('data-path'))!;
    expect(path.startsWith(station.dataDir)).toBe(true);
    expect(await done.innerText()).toContain('支持包已保存');
    const link = page.locator('[data-testid=support-bundle-download]');
    expect(await link.getAttribute('download')).toMatch(/^support-station-\d{8}-\d{6}\.zip$/);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), link.click()]);
    const downloaded = readFileSync((await download.path())!);
    const onDisk = readFileSync(path);
    expect(Buffer.from(downloaded).equals(onDisk)).toBe(true);
    const names = Object.keys(unzipSync(new Uint8Array(onDisk)));
    expect(names).toEqual(expect.arrayContaining(['versions.json', 'settings.json', 'devices.json', 'database.json']));
    expect(names.some((n) => /^logs\/station\..+\.log$/.test(n))).toBe(true);
  });
});
