import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import { fillDelivery, isoDay, openDesk, signInWithPinPad, storedLot, wedgeScan, type Counter, type Desk, type Station , openTab } from './harness';

const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const SHOWN_MS = 10_000;
const inspector = { name: '林检测', pin: '3579' };

let station: Station;
let desk: Desk;
let page: Page;
let counter: Counter;
let db: Database.Database;

/** A lot of 白菜 recorded at the gate over the API, without a test report: held for 批批检测. */
async function receiveWithoutReport(batch: string) {
  const input: Input<'checkEntry'> = {
    raw: gs1(batch),
    source: 'wedge',
    supplierId: counter.supplierId,
    varietyId: counter.varietyId('白菜'),
    quantity: 30,
    unit: 'kg',
    certificates: [{ type: 'commitment', number: `CN-${batch}`, issuer: '绿源蔬菜合作社', issueDate: isoDay() }],
  };
  const result = await station.ok('checkEntry', input, counter.adminSession);
  expect(result).toMatchObject({ duplicate: false, testSelection: { reason: 'noReport' } });
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
async function scanLot(batch: string, codeKey: string) {
  await wedgeScan(page, gs1(batch));
  await page.waitForSelector(`[data-testid=test-lot][data-code="${codeLabel(codeKey)}"]`, { timeout: SHOWN_MS });
  await page.waitForSelector('[data-testid=test-value]', { timeout: SHOWN_MS });
}

/** The screen as the test left it, for a look (in the temp folder). */
async function screenshot(name: string) {
  const dir = join(tmpdir(), 'station-screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

beforeAll(async () => {
  desk = await openDesk([{ ...inspector, role: 'inspector' }]);
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
