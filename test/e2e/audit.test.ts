import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isoDay, openDesk, openTab, signInWithPinPad, type Counter, type Desk, type Station } from './harness';

/**
 * 审计 in Chromium: the manager checks the chain, someone edits a 拒收 lot to 准入 in the file,
 * and the next check names that lot in red.
 */
let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;

beforeAll(async () => {
  desk = await openDesk();
  ({ station, counter, page } = desk);
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'audit');
  await page.waitForSelector('[data-testid=audit-screen]');
});
afterAll(() => desk?.stop());

async function check(): Promise<string> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/verifyAudit'));
  await page.click('[data-testid=audit-run]');
  await answered;
  return (await page.waitForSelector('[data-testid=audit-result]')).innerText();
}

it('names a lot edited from 拒收 to 准入 in the database file', async () => {
  const rejected = await station.ok(
    'checkEntry',
    {
      raw: '010690123456789210AUDIT1',
      source: 'wedge',
      supplierId: counter.blockedSupplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: 30,
      unit: 'kg',
      certificates: [{ type: 'commitment', number: 'CN-AUDIT1', issuer: '黑名单农场', issueDate: isoDay() }],
    },
    counter.adminSession,
  );
  if (rejected.duplicate) throw new Error('set-up: lot recorded twice');
  expect(rejected.view.lot.status).toBe('rejected');
  expect(await check()).toContain('审计链完整');

  const db = new Database(join(station.dataDir, 'station.db'));
  db.prepare("update lots set status = 'admitted', zone = 'trading' where id = ?").run(rejected.view.lot.id);
  db.close();

  const text = await check();
  expect(text).toContain('审计链被改动');
  const breakLine = page.locator('[data-testid=audit-break]');
  expect(await breakLine.getAttribute('data-kind')).toBe('lotStatus');
  expect(await breakLine.innerText()).toMatch(new RegExp(`^批次 ${rejected.view.lot.codeKey} 的状态在本站之外被改动：最后一条审计记录（第 \\d+ 条）为“已拒收”，现在为“已准入”$`));
  expect(await breakLine.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(198, 40, 40)');
}, 60_000);
