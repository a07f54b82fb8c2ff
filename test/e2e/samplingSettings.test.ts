import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, signInWithPinPad, type Counter, type Desk, type Station, openTab } from './harness';

const SHOWN_MS = 10_000;
const inspector = { name: '林检测', pin: '3579' };

let station: Station;
let desk: Desk;
let page: Page;
let counter: Counter;
let db: Database.Database;

const savedRows = () => db.prepare("select value, updated_by from settings where key = 'sampling'").all() as { value: string; updated_by: string }[];

/** The screen as the test left it, for a look (in the temp folder). */
async function screenshot(name: string) {
  const dir = join(tmpdir(), 'station-screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function fill(field: string, value: string) {
  await page.fill(`[data-testid=sampling-${field}]`, value);
}

beforeAll(async () => {
  desk = await openDesk({ operators: [{ ...inspector, role: 'inspector' }] });
  ({ station, counter, page, db } = desk);
});

afterAll(() => desk?.stop());

describe('sampling rules on the 检测 screen', () => {
  it('a manager opens the collapsed panel and sees the rules in force', async () => {
    await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
    await openTab(page, 'testing');
    await page.waitForSelector('[data-testid=testing-screen]');
    const panel = await page.waitForSelector('[data-testid=sampling-settings]', { timeout: SHOWN_MS });
    expect(await panel.getAttribute('open')).toBeNull();
    expect(await page.isVisible('[data-testid=sampling-targetRate]')).toBe(false);
    await page.click('[data-testid=sampling-settings-toggle]');
    await page.waitForSelector('[data-testid=sampling-targetRate]', { state: 'visible' });
    expect(await page.inputValue('[data-testid=sampling-targetRate]')).toBe('10');
    expect(await page.inputValue('[data-testid=sampling-closingTime]')).toBe('18:00');
    expect(await page.inputValue('[data-testid=sampling-floorMinutesBeforeClose]')).toBe('30');
    expect(await page.inputValue('[data-testid=sampling-newSupplierLots]')).toBe('5');
    await page.waitForSelector('[data-testid=sampling-risk-row][data-category=vegetable][data-level=high]', { timeout: SHOWN_MS });
    await page.waitForSelector('[data-testid=sampling-risk-row][data-category=fruit][data-level=normal]');
  });

  it('refuses bad input with messages in Chinese and saves nothing', async () => {
    await fill('targetRate', '150');
    await fill('closingTime', '25:00');
    await page.click('[data-testid=sampling-settings-save]');
    await expect(page.textContent('[data-testid=sampling-settings-message]')).resolves.toContain('未保存');
    await expect(page.textContent('[data-testid=sampling-error-targetRate]')).resolves.toBe('目标抽检比例须为 1–100 之间的整数（%）');
    await expect(page.textContent('[data-testid=sampling-error-closingTime]')).resolves.toContain('18:00');
    expect(await page.getAttribute('[data-testid=sampling-targetRate]', 'aria-invalid')).toBe('true');
    expect(savedRows()).toEqual([]);
    await page.locator('[data-testid=sampling-settings-toggle]').scrollIntoViewIfNeeded();
    await screenshot('sampling-settings-refused');
  });

  it('saves 20 %, a closing time and a category level: stored with who, shown in the status', async () => {
    // A Chinese input method's full-width digits and colon are read as ASCII.
    await fill('targetRate', '２０');
    await fill('closingTime', '17：30');
    await page.click('[data-testid=sampling-risk-fruit-high]');
    await page.waitForSelector('[data-testid=sampling-risk-row][data-category=fruit][data-level=high]');
    await page.click('[data-testid=sampling-settings-save]');
    await expect(page.waitForSelector('[data-testid=sampling-settings-saved]', { timeout: SHOWN_MS }).then((e) => e.textContent())).resolves.toContain('下一批');
    expect(await page.isVisible('[data-testid=sampling-settings-message]')).toBe(false);
    expect(await page.inputValue('[data-testid=sampling-closingTime]')).toBe('17:30');

    const [row] = savedRows();
    const manager = (await station.ok('listOperators', {})).find((o) => o.name === counter.manager.name)!;
    expect(row!.updated_by).toBe(manager.id);
    const value = JSON.parse(row!.value) as Record<string, unknown>;
    expect(value).toMatchObject({ targetRate: 0.2, closingTime: '17:30', floorMinutesBeforeClose: 30, newSupplierLots: 5 });
    expect(value.categoryRisk).toMatchObject({ fruit: 'high', vegetable: 'high', livestock: 'high', dairy: 'normal' });
    // The day's status now measures against 20 %.
    await page.waitForFunction(() => document.querySelector('[data-testid=sampling-status]')?.textContent?.includes('目标不少于 20%'), undefined, { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=sampling-settings-toggle]')).resolves.toContain('20%');
    await page.locator('[data-testid=sampling-status]').scrollIntoViewIfNeeded();
    await screenshot('sampling-settings-saved');
    await page.click('[data-testid=sign-out]');
  });

  it('an inspector does not see the panel', async () => {
    await signInWithPinPad(page, station.url, inspector.name, inspector.pin);
    await openTab(page, 'testing');
    await page.waitForSelector('[data-testid=sampling-status]', { timeout: SHOWN_MS });
    expect(await page.$('[data-testid=sampling-settings]')).toBeNull();
  });
});
