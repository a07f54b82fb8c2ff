import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { gs1Scan } from '../support/core';
import { isoDay, openDesk, openTab, receiveLot, signInWithPinPad, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const INSPECTOR = { name: '林检测', pin: '3579' };
/** Received by the desk's receiver: one admitted, one that fails its test and is destroyed. */
const OWN = gs1Scan('3', 'TZ1');
const DESTROYED = gs1Scan('3', 'TZ2');
/** The destroyed lot's code as a label prints it under the barcode: (01) GTIN (10) batch. */
const BRACKETED = `(01)${DESTROYED.slice(5, 19)}(10)TZ2`;
/** Received by the manager: not the receiver's desk. */
const OTHER = gs1Scan('3', 'TZ3');

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let destroyedId: string;
let certificateNumber: string;

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

beforeAll(async () => {
  desk = await openDesk({ operators: [{ ...INSPECTOR, role: 'inspector' }] });
  ({ station, page, counter } = desk);
  const session = async (name: string, pin: string) => {
    const operator = (await station.ok('listOperators', {})).find((o) => o.name === name)!;
    return (await station.ok('signIn', { operatorId: operator.id, pin })).sessionId;
  };
  const receiver = await session(counter.receiver.name, counter.receiver.pin);
  const inspector = await session(INSPECTOR.name, INSPECTOR.pin);
  const entry = (raw: string, name: string, report: boolean): Input<'checkEntry'> => ({
    raw,
    source: 'wedge',
    supplierId: counter.supplierId,
    varietyId: counter.varietyId('白菜'),
    quantity: 30,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: `CN-${name}`, issuer: '绿源蔬菜合作社', issueDate: isoDay() },
      ...(report ? [{ type: 'testReport' as const, number: `TR-${name}`, issuer: '检测站', issueDate: isoDay() }] : []),
    ],
  });
  await station.ok('checkEntry', entry(OWN, 'TZ1', true), receiver);
  const failed = await station.ok('checkEntry', entry(DESTROYED, 'TZ2', false), receiver);
  destroyedId = failed.view.lot.id;
  await receiveLot(station, counter, { raw: OTHER, name: 'TZ3', quantity: 12 });
  await station.ok('recordTest', { raw: DESTROYED, itemId: 'opCarbamate', value: 68 }, inspector);
  const manager = (await station.ok('listOperators', {})).find((o) => o.name === counter.manager.name)!;
  const disposal = await station.ok(
    'disposeLot',
    { raw: DESTROYED, quantity: 30, unit: 'kg', reason: 'testFailed', method: 'other', methodText: '深埋', operatorPin: INSPECTOR.pin, witnessId: manager.id, witnessPin: counter.manager.pin },
    inspector,
  );
  certificateNumber = disposal.certificateNumber;
}, 90_000);
afterAll(() => desk?.stop());

it('a manager finds a lot in the ledger by its code, opens its page and reopens its disposal certificate', async () => {
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'ledger');
  await page.waitForSelector('[data-testid=ledger-count][data-total="3"]');
  await screenshot('ledger');

  // The GS1 code as the label prints it, in brackets: the same lot.
  await page.fill('[data-testid=ledger-search]', BRACKETED);
  await page.click('[data-testid=ledger-search-submit]');
  await page.waitForSelector('[data-testid=ledger-count][data-total="1"]');
  const row = page.locator('[data-testid=ledger-row]');
  expect(await row.getAttribute('data-lot')).toBe(destroyedId);
  expect(await row.getAttribute('data-status')).toBe('destroyed');
  expect(await row.getAttribute('data-outcome')).toBe('hold');

  await row.click();
  const lotPage = page.locator('[data-testid=lot-page][data-state=shown]');
  await lotPage.waitFor();
  expect(await lotPage.locator('[data-testid=lot-page-status]').innerText()).toBe('已销毁');
  expect(await lotPage.locator('[data-testid=lot-page-sampling]').getAttribute('data-reason')).toBe('noReport');
  expect(await lotPage.locator('[data-testid=lot-page-test]').getAttribute('data-verdict')).toBe('positive');
  expect(await lotPage.locator('[data-testid=lot-page-hold]').getAttribute('data-status')).toBe('disposed');
  expect(await lotPage.locator('[data-testid=lot-page-disposal]').innerText()).toContain(certificateNumber);
  const link = lotPage.locator('[data-testid=certificate-link]');
  await link.waitFor();
  expect(await link.getAttribute('data-file')).toBe(`销毁证明-${certificateNumber}.pdf`);
  await screenshot('lot-page');

  // 打开证明 is the kept PDF, fetched from the station each time the page opens: as often as asked.
  for (let i = 0; i < 2; i++) {
    if (i > 0) {
      await page.click('[data-testid=lot-page-close]');
      await row.click();
    }
    // 下载 saves the same blob the 打开证明 link opens (the page's CSP keeps scripts from fetching blobs).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=lot-page][data-state=shown] [data-testid=certificate-download]')]);
    expect(download.suggestedFilename()).toBe(`销毁证明-${certificateNumber}.pdf`);
    const head = readFileSync(await download.path())
      .subarray(0, 5)
      .toString('latin1');
    expect(head).toBe('%PDF-');
  }

  // The ledger under the page kept its search.
  await page.click('[data-testid=lot-page-close]');
  expect(await page.inputValue('[data-testid=ledger-search]')).toBe(BRACKETED);
  expect(await page.locator('[data-testid=ledger-row]').count()).toBe(1);
  await page.click('[data-testid=sign-out]');
}, 90_000);

it('a receiver sees only the lots of their own desk', async () => {
  await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
  await openTab(page, 'ledger');
  await page.waitForSelector('[data-testid=ledger-count][data-total="2"]');
  await page.waitForSelector('[data-testid=ledger-own-desk]');
  const codes = await page.locator('[data-testid=ledger-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
  const stored = station
    .db()
    .prepare(`select code_key from lots where parent_lot_id is null and created_by = (select id from operators where name = ?) order by created_at desc, rowid desc`)
    .all(counter.receiver.name)
    .map((r) => (r as { code_key: string }).code_key);
  expect(codes).toEqual(stored);
  expect(codes).toHaveLength(2);
  expect(await page.locator('[data-testid=ledger-filter-operatorId]').count()).toBe(0);
  // The manager's lot is not found even by its own code.
  await page.fill('[data-testid=ledger-search]', OTHER.replace(']C1', ''));
  await page.click('[data-testid=ledger-search-submit]');
  await page.waitForSelector('[data-testid=ledger-empty]');
}, 60_000);
