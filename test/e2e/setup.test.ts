import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithPinPad, startStation, type Browser, type Station } from './harness';

let station: Station;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  station = await startStation({ firstStart: true });
  browser = await launchBrowser();
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  await station?.stop();
});

describe('first start', () => {
  it('asks for the administrator, refuses mismatched PINs, then signs the new admin in', async () => {
    await page.goto(station.url);
    await page.waitForSelector('[data-testid=setup-form]');
    await page.fill('[data-testid=setup-name]', '站长老陈');
    await page.fill('[data-testid=setup-pin]', '579135');
    await page.fill('[data-testid=setup-pin-again]', '579130');
    await page.click('[data-testid=setup-submit]');
    // Still on the set-up form, nothing created.
    await page.waitForSelector('[data-testid=setup-form] [role=alert]', { timeout: 5_000 });
    expect(station.db().prepare('select count(*) n from operators').get()).toEqual({ n: 0 });

    await page.fill('[data-testid=setup-pin-again]', '579135');
    await page.click('[data-testid=setup-submit]');
    await expect(page.waitForSelector('[data-testid=current-operator]', { timeout: 10_000 }).then((e) => e.textContent())).resolves.toContain('站长老陈');
    const rows = station.db().prepare('select name, role, created_by from operators').all();
    expect(rows).toEqual([{ name: '站长老陈', role: 'admin', created_by: null }]);
  });

  it('shows the admin the README’s first-start checklist, each open step opening its tab', async () => {
    await page.waitForSelector('[data-testid=first-run]');
    const done = await page.$$eval('[data-testid=first-run] li', (items) => items.map((li) => `${li.getAttribute('data-done')} ${li.textContent}`));
    expect(done).toEqual(['true ✓系统管理员', 'false ○设置站点编号', 'false ○添加操作员', 'false ○添加打印机', 'false ○添加电子秤']);
    await page.click('[data-testid=first-run-stationId] button');
    await page.waitForSelector('[data-testid=station-screen]');
    expect(await page.locator('[data-testid=first-run]').count()).toBe(0); // only on the first screen
  });

  it('never shows the set-up form again, even after a reload: the admin signs in with the PIN', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid=sign-out], [data-testid=operator-button]');
    if (await page.locator('[data-testid=sign-out]').count()) await page.click('[data-testid=sign-out]');
    await signInWithPinPad(page, station.url, '站长老陈', '579135');
    expect(await page.locator('[data-testid=setup-form]').count()).toBe(0);
    expect((await station.call('setupAdmin', { name: '冒充者', pin: '1111' })).ok).toBe(false);
  });
});
