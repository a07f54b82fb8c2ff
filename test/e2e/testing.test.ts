import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLabel } from '../../shared/domain/codeLabel';
import { ADMIN_PIN, fillDelivery, openDesk, openTab, receiveLot, signInWithPinPad, storedLot, wedgeScan, type Counter, type Desk, type Station } from './harness';

const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const SHOWN_MS = 10_000;
const inspector = { name: '林检测', pin: '3579' };
// `UPDATE_SCREENSHOTS=1` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');

let station: Station;
let desk: Desk;
let page: Page;
let counter: Counter;
let db: Database.Database;

/** A lot (白菜 unless said) recorded at the gate over the API, without a test report: held for 批批检测. */
async function receiveWithoutReport(batch: string, variety = '白菜') {
  const result = await receiveLot(station, counter, { raw: gs1(batch), name: batch, quantity: 30, report: false, variety });
  expect(result.testSelection).toMatchObject({ reason: 'noReport' });
  return result.view.lot;
}

/** Waits for the result panel; on timeout says what the screen showed instead. */
async function result(verdict: string) {
  try {
    return await page.waitForSelector(`[data-testid=test-result][data-verdict=${verdict}]`, { timeout: SHOWN_MS });
  } catch (e) {
    const shown = await page.evaluate(() => ({
      result: document.querySelector('[data-testid=test-result]')?.textContent,
      message: document.querySelector('[data-testid=testing-message]')?.textContent,
      warning: document.querySelector('[data-testid=scan-warning]')?.textContent,
    }));
    throw new Error(`no ${verdict} result: ${JSON.stringify(shown)}`, { cause: e });
  }
}

/** Scans a lot on the 检测 tab and waits until that lot (not the previous one) is on screen. */
async function showLot(batch: string, codeKey: string) {
  await wedgeScan(page, gs1(batch));
  await page.waitForSelector(`[data-testid=test-lot][data-code="${codeLabel(codeKey)}"]`, { timeout: SHOWN_MS });
}

/** Scans a lot to test with a reading (the enzyme test). */
async function scanLot(batch: string, codeKey: string) {
  await showLot(batch, codeKey);
  await page.waitForSelector('[data-testid=test-value]', { timeout: SHOWN_MS });
}

/** The item choices the form offers, as their data-testid suffixes. */
const offeredItems = () => page.locator('[data-testid^=test-item-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('test-item-'.length)));

/** The screen as the test left it, for a look (in the temp folder). */
async function screenshot(name: string) {
  const dir = join(tmpdir(), 'station-screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

beforeAll(async () => {
  desk = await openDesk({ operators: [{ ...inspector, role: 'inspector' }] });
  ({ station, counter, page, db } = desk);
});

afterAll(() => desk?.stop());

describe('receiving verdict', () => {
  it('says a lot without a test report must be tested', async () => {
    await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
    await page.waitForSelector('[data-testid=receiving-screen]');
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '40',
      certificates: [{ type: 'commitment', number: 'CN-GATE-1' }],
    });
    await wedgeScan(page, gs1('GATE1'));
    const banner = await page.waitForSelector('[data-testid=verdict][data-outcome=hold] [data-testid=verdict-test-selection][data-reason=noReport]', { timeout: SHOWN_MS });
    expect(await banner.textContent()).toContain('无检测报告：须检测');
    const lot = storedLot(db, gs1('GATE1'))!;
    expect(db.prepare('select reason, has_report, p from test_selections where lot_id = ?').all(lot.id)).toEqual([{ reason: 'noReport', has_report: 0, p: 1 }]);
    await page.click('[data-testid=sign-out]');
  });
});

describe('testing screen (检测)', () => {
  let positiveLot: { id: string; codeKey: string };
  let negativeLot: { id: string; codeKey: string };

  beforeAll(async () => {
    positiveLot = await receiveWithoutReport('POS1');
    negativeLot = await receiveWithoutReport('NEG1');
    await signInWithPinPad(page, station.url, inspector.name, inspector.pin);
    await openTab(page, 'testing');
    await page.waitForSelector('[data-testid=testing-screen]');
  });

  it('lists the no-report lots in the queue with the reason in words', async () => {
    const row = await page.waitForSelector(`[data-testid=queue-row][data-lot-id="${positiveLot.id}"][data-reason=noReport][data-verdict=pending]`, { timeout: SHOWN_MS });
    expect(await row.textContent()).toContain('无检测报告');
    await page.waitForSelector(`[data-testid=queue-row][data-lot-id="${negativeLot.id}"]`, { timeout: SHOWN_MS });
  });

  it('records enzyme inhibition 62% as positive: red, held, the lot listed; the DB holds it', async () => {
    await scanLot('POS1', positiveLot.codeKey);
    await page.fill('[data-testid=test-kit-lot]', 'KIT-0425');
    await page.fill('[data-testid=test-value]', '62');
    await page.press('[data-testid=test-value]', 'Enter');
    await result('positive');
    await expect(page.textContent('[data-testid=test-result-word]')).resolves.toContain('阳性');
    const colour = await page.$eval('[data-testid=test-result]', (el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(183, 28, 28)');
    await expect(page.locator('[data-testid=held-lot]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).resolves.toEqual([codeLabel(positiveLot.codeKey)]);

    expect(db.prepare('select status, zone from lots where id = ?').get(positiveLot.id)).toEqual({ status: 'held', zone: 'awaitingTest' });
    const test = db.prepare('select id, item_id, value, unit, threshold, verdict, kit_lot from rapid_tests where lot_id = ?').get(positiveLot.id) as Record<string, unknown>;
    expect(test).toMatchObject({ item_id: 'opCarbamate', value: 62, unit: '%', threshold: 50, verdict: 'positive', kit_lot: 'KIT-0425' });
    expect(db.prepare('select reason, status, test_id from holds where lot_id = ?').all(positiveLot.id)).toEqual([{ reason: 'testPositive', status: 'active', test_id: test.id }]);
    await page.waitForSelector(`[data-testid=hold-row][data-code="${codeLabel(positiveLot.codeKey)}"]`, { timeout: SHOWN_MS });
    await page.waitForSelector(`[data-testid=queue-row][data-lot-id="${positiveLot.id}"][data-verdict=positive]`, { timeout: SHOWN_MS });
    await screenshot('testing-positive');
  });

  it('records a negative on another lot: green, released to trading', async () => {
    await scanLot('NEG1', negativeLot.codeKey);
    await page.fill('[data-testid=test-value]', '18.5');
    await page.press('[data-testid=test-value]', 'Enter');
    await result('negative');
    await expect(page.textContent('[data-testid=test-result]')).resolves.toContain('已放行');
    const colour = await page.$eval('[data-testid=test-result]', (el) => getComputedStyle(el).backgroundColor);
    expect(colour).toBe('rgb(27, 127, 59)');
    expect(db.prepare('select status, zone from lots where id = ?').get(negativeLot.id)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(db.prepare('select verdict, value from rapid_tests where lot_id = ?').all(negativeLot.id)).toEqual([{ verdict: 'negative', value: 18.5 }]);
    expect(db.prepare('select count(*) as n from holds where lot_id = ?').get(negativeLot.id)).toEqual({ n: 0 });
  });
});

describe('test items by category (检测项目)', () => {
  let apple: { id: string; codeKey: string };
  let tofu: { id: string; codeKey: string };

  beforeAll(async () => {
    apple = await receiveWithoutReport('APPLE1', '苹果');
    tofu = await receiveWithoutReport('TOFU1', '豆腐');
  });

  it('a fruit lot held for testing is tested with the fruit pesticide item and released', async () => {
    expect(db.prepare('select status, zone from lots where id = ?').get(apple.id)).toEqual({ status: 'awaitingTest', zone: 'awaitingTest' });
    await page.click('[data-testid=sign-out]');
    await signInWithPinPad(page, station.url, inspector.name, inspector.pin);
    await openTab(page, 'testing');
    await page.waitForSelector('[data-testid=testing-screen]');
    await scanLot('APPLE1', apple.codeKey);
    // Only what applies to fruit is offered.
    expect(await offeredItems()).toEqual(['opCarbamate']);
    await page.fill('[data-testid=test-value]', '21.5');
    await page.press('[data-testid=test-value]', 'Enter');
    await result('negative');
    await expect(page.textContent('[data-testid=test-result]')).resolves.toContain('已放行');
    const panel = await page.waitForSelector('[data-testid=test-lot][data-status=admitted]', { timeout: SHOWN_MS });
    expect(await panel.textContent()).toContain('已准入');
    expect(db.prepare('select status, zone from lots where id = ?').get(apple.id)).toEqual({ status: 'admitted', zone: 'trading' });
    expect(db.prepare('select item_id, value, verdict from rapid_tests where lot_id = ?').all(apple.id)).toEqual([{ item_id: 'opCarbamate', value: 21.5, verdict: 'negative' }]);
    await page.click('[data-testid=sign-out]');
  });

  it('an admin adds a test item in the screen (bad fields named first) and the form offers it for its category', async () => {
    await signInWithPinPad(page, station.url, '管理员', ADMIN_PIN);
    await openTab(page, 'testItems');
    await page.waitForSelector('[data-testid=test-items-screen]');
    await page.waitForSelector('[data-testid=test-item-row][data-id=opCarbamate]', { timeout: SHOWN_MS });
    await expect(page.locator('[data-testid=coverage-chip][data-gap=true]').count()).resolves.toBe(0);
    await expect(page.getAttribute('[data-testid=coverage-chip][data-category=fruit]', 'data-count')).resolves.toBe('1');
    const before = db.prepare('select count(*) as n from test_items').get();

    await page.click('[data-testid=test-item-add]');
    await page.fill('[data-testid=item-nameZh]', '硼砂');
    await page.fill('[data-testid=item-methodZh]', '姜黄试纸法');
    await page.click('[data-testid=item-kind-quantitative]');
    await page.fill('[data-testid=item-min]', '10');
    await page.fill('[data-testid=item-max]', '5');
    await page.click('[data-testid=test-item-save]');
    await expect(page.textContent('[data-testid=item-error-unit]')).resolves.toBe('定量项目须填写单位');
    await expect(page.textContent('[data-testid=item-error-max]')).resolves.toBe('量程上限须大于下限');
    await expect(page.textContent('[data-testid=item-error-categoryIds]')).resolves.toBe('至少选择一个品类');
    expect(db.prepare('select count(*) as n from test_items').get()).toEqual(before);

    await page.click('[data-testid=item-kind-qualitative]');
    await page.click('[data-testid=item-category-soy]');
    await page.fill('[data-testid=item-nameEn]', 'Borax');
    // Each corrected field lost its mark.
    await expect(page.locator('[data-testid^=item-error-]').count()).resolves.toBe(0);
    await page.$eval('[data-testid=test-item-form]', (form) => form.scrollTo(0, 0));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'test-items.png') });
    await page.click('[data-testid=test-item-save]');
    await expect(page.waitForSelector('[data-testid=test-items-status]', { timeout: SHOWN_MS }).then((e) => e.textContent())).resolves.toBe('已保存：硼砂');
    const borax = db.prepare("select id, kind, unit, category_ids, active, updated_by from test_items where name_zh = '硼砂'").get() as Record<string, unknown>;
    expect(borax).toMatchObject({ kind: 'qualitative', unit: null, category_ids: '["soy"]', active: 1 });
    expect(borax.updated_by).not.toBeNull();
    expect(db.prepare("select count(*) as n from outbox where kind = 'testItem'").get()).toEqual({ n: 1 });
    await page.waitForSelector(`[data-testid=test-item-row][data-id="${borax.id as string}"]`, { timeout: SHOWN_MS });
    await expect(page.getAttribute('[data-testid=coverage-chip][data-category=soy]', 'data-count')).resolves.toBe('4');

    // The tofu lot waiting in 待检区 is offered the new strip and released by a negative.
    await openTab(page, 'testing');
    await page.waitForSelector('[data-testid=testing-screen]');
    await showLot('TOFU1', tofu.codeKey);
    const choice = await page.waitForSelector(`[data-testid="test-item-${borax.id as string}"]`, { timeout: SHOWN_MS });
    expect(await choice.textContent()).toBe('硼砂');
    expect(await offeredItems()).toEqual(expect.arrayContaining(['formaldehyde', 'sulfurDioxide', 'rongalite', borax.id as string]));
    expect(await offeredItems()).not.toContain('opCarbamate');
    await choice.click();
    await screenshot('testing-tofu-items');
    await page.click('[data-testid=test-reading-negative]');
    await result('negative');
    expect(db.prepare('select item_id, reading, verdict from rapid_tests where lot_id = ?').all(tofu.id)).toEqual([{ item_id: borax.id, reading: 'negative', verdict: 'negative' }]);
    expect(db.prepare('select status, zone from lots where id = ?').get(tofu.id)).toEqual({ status: 'admitted', zone: 'trading' });
  });

  it('disabling the only fruit item is flagged in both screens, and a fruit lot says who can fix it', async () => {
    const waiting = await receiveWithoutReport('APPLE2', '苹果');
    await openTab(page, 'testItems');
    await page.click('[data-testid=test-item-row][data-id=opCarbamate] [data-testid=test-item-toggle]');
    await page.waitForSelector('[data-testid=test-item-row][data-id=opCarbamate][data-active=false]', { timeout: SHOWN_MS });
    await page.waitForSelector('[data-testid=coverage-chip][data-category=fruit][data-gap=true]', { timeout: SHOWN_MS });
    await page.waitForSelector('[data-testid=coverage-chip][data-category=vegetable][data-gap=true]', { timeout: SHOWN_MS });
    expect(db.prepare("select active from test_items where id = 'opCarbamate'").get()).toEqual({ active: 0 });

    await openTab(page, 'testing');
    const gap = await page.waitForSelector('[data-testid=testing-coverage-gap]', { timeout: SHOWN_MS });
    expect(await gap.textContent()).toContain('水果');
    await showLot('APPLE2', waiting.codeKey);
    const noItem = await page.waitForSelector('[data-testid=test-no-item]', { timeout: SHOWN_MS });
    expect(await noItem.textContent()).toContain('「水果」没有启用的检测项目，无法检测');
    await screenshot('testing-no-item');
    expect(db.prepare('select status from lots where id = ?').get(waiting.id)).toEqual({ status: 'awaitingTest' });

    // The gate says it too, as the lot arrives: nobody carries it to 待检区 unwarned.
    await page.click('[data-testid=sign-out]');
    await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
    await page.waitForSelector('[data-testid=receiving-screen]');
    await fillDelivery(page, { supplierId: counter.supplierId, varietyId: counter.varietyId('苹果'), quantity: '15', certificates: [{ type: 'commitment', number: 'CN-APPLE3' }] });
    await wedgeScan(page, gs1('APPLE3'));
    const untestable = await page.waitForSelector('[data-testid=verdict][data-outcome=hold] [data-testid=verdict-untestable]', { timeout: SHOWN_MS });
    expect(await untestable.textContent()).toContain('「苹果」所属品类没有启用的检测项目');
  });
});
