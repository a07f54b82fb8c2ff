import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../shared/domain/uscc';
import { decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { zxingCppRead } from '../fixtures/zxingCpp';
import { ADMIN_PIN, fillDelivery, isoDay, openDesk, openTab, signInWithPinPad, teardown, wedgeScan, type Browser, type Counter, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const SHOWN_MS = 10_000;
const PRINTED_MS = 10_000;
const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const STALL_A = '5号摊 陈记蔬菜';
const STALL_B = '8号摊 林记';
const vendor = { name: '陈摊主', pin: '3579' };
/** The seeded supplier's credit code (harness seedCounter). */
const SUPPLIER_USCC = '91350102MA31ABCD1' + usccCheckChar('91350102MA31ABCD1');

let emulator: PrinterEmulator;
let station: Station;
let browser: Browser;
let page: Page;
/** The admin's own window beside the vendor's (each tab keeps its own session). */
let adminPage: Page;
let counter: Counter;
let db: Database.Database;
let stallA: string;
let stallB: string;

const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const lotOf = (batch: string) => db.prepare('select id, stall_id from lots where raw_scan = ?').get(gs1(batch)) as { id: string; stall_id: string | null };
const labels = () => emulator.jobs.filter((j) => j.bytes.includes('PRINT'));

async function screenshot(target: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

const opened = teardown();

beforeAll(async () => {
  emulator = opened.add(await PrinterEmulator.start(), (e) => e.stop());
  ({ station, counter, browser, page, db } = opened.add(await openDesk(), (d) => d.stop()));
  const s = counter.adminSession;
  await station.ok('setStationId', { stationId: '3050102', name: '鲤城农贸市场 收货台' }, s);
  stallA = (await station.ok('saveSubject', { kind: 'stall', name: STALL_A }, s)).id;
  stallB = (await station.ok('saveSubject', { kind: 'stall', name: STALL_B }, s)).id;
  await station.ok('createOperator', { ...vendor, role: 'vendor', stallId: stallA }, s);
  // Native TSPL: the label's text lines arrive as GBK strings the decoder reads back.
  await station.ok('savePrinter', { name: '5号摊标签机', language: 'tspl', mode: 'native', transport: { kind: 'tcp', host: emulator.host, port: emulator.port }, templateId: 'label-40x30' }, s);
});

afterAll(opened.close);

describe('varieties (品种)', () => {
  it('lets a manager add 鸡蛋 beside the desk’s variety picker, and it is chosen at once', async () => {
    await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
    await page.click('[data-testid=quick-add-variety]');
    await page.fill('[data-testid=variety-name]', '鸡蛋');
    await page.selectOption('[data-testid=variety-category]', 'poultry');
    await page.click('[data-testid=variety-unit-box]');
    await page.click('[data-testid=variety-save]');
    await page.waitForSelector('[data-testid=variety-form]', { state: 'detached', timeout: SHOWN_MS });
    const egg = db.prepare("select id, category_id, default_unit from varieties where name = '鸡蛋'").get() as { id: string; category_id: string; default_unit: string };
    expect(egg).toMatchObject({ category_id: 'poultry', default_unit: 'box' });
    await expect(page.inputValue('[data-testid=variety-select]')).resolves.toBe(egg.id);
    await expect(page.inputValue('[data-testid=unit-select]')).resolves.toBe('box');
  });

  it('keeps varieties on their own screen: a new one saved, a duplicate name refused in words and not stored', async () => {
    await openTab(page, 'varieties');
    await page.waitForSelector('[data-testid=variety-item][data-name=鸡蛋]');
    await page.click('[data-testid=variety-filter-vegetable]');
    await page.click('[data-testid=variety-add]');
    await page.fill('[data-testid=variety-name]', '生菜');
    // The shown category is the new one's.
    await expect(page.inputValue('[data-testid=variety-category]')).resolves.toBe('vegetable');
    await page.click('[data-testid=variety-save]');
    await expect(page.textContent('[data-testid=varieties-message]', { timeout: SHOWN_MS })).resolves.toBe('已保存品种 生菜');
    expect(db.prepare("select category_id, default_unit from varieties where name = '生菜'").get()).toEqual({ category_id: 'vegetable', default_unit: 'kg' });

    const before = count('varieties');
    await page.click('[data-testid=variety-add]');
    await page.fill('[data-testid=variety-name]', '白菜');
    await page.click('[data-testid=variety-save]');
    await expect(page.textContent('[data-testid=variety-message]', { timeout: SHOWN_MS })).resolves.toBe('已有同名品种「白菜」');
    expect(count('varieties')).toBe(before);
    await page.click('[data-testid=variety-form] button.secondary');
    await page.locator('[data-testid=variety-item][data-name=生菜] [data-testid=variety-edit]').click();
    await expect(page.inputValue('[data-testid=variety-name]')).resolves.toBe('生菜');
    await screenshot(page, 'varieties');
    await page.click('[data-testid=variety-form] button.secondary');
  });
});

describe('去向摊位 at the receiving desk', () => {
  it('offers the supplier already on file for a credit code instead of a conflict', async () => {
    await openTab(page, 'receiving');
    await page.click('[data-testid=quick-add-supplier]');
    await page.fill('[data-testid=quick-supplier-name]', '绿源合作社（新）');
    await page.fill('[data-testid=quick-supplier-uscc]', SUPPLIER_USCC);
    const subjects = count('subjects');
    await page.click('[data-testid=quick-supplier-save]');
    const existing = await page.waitForSelector('[data-testid=quick-supplier-existing]', { timeout: SHOWN_MS });
    await expect(existing.textContent()).resolves.toBe('已有此供应商：绿源蔬菜合作社，选用');
    await existing.click();
    await expect(page.inputValue('[data-testid=supplier-select]')).resolves.toBe(counter.supplierId);
    await expect(page.locator('[data-testid=supplier-select] option', { hasText: '绿源蔬菜合作社' }).count()).resolves.toBe(1);
    expect(count('subjects')).toBe(subjects);
  });

  it('sends an admitted lot to a stall with one tap after the verdict, recording who and when', async () => {
    for (const [batch, stall, id] of [
      ['STALLA1', STALL_A, stallA],
      ['STALLB1', STALL_B, stallB],
    ] as const) {
      await fillDelivery(page, {
        supplierId: counter.supplierId,
        varietyId: counter.varietyId('白菜'),
        quantity: '20',
        certificates: [
          { type: 'commitment', number: `CN-${batch}`, issueDate: isoDay() },
          { type: 'testReport', number: `TR-${batch}`, issueDate: isoDay() },
        ],
      });
      await wedgeScan(page, gs1(batch));
      await page.waitForSelector('[data-testid=verdict][data-outcome=admit] [data-testid=stall-picker][data-stall=""]', { timeout: SHOWN_MS });
      await page.click(`[data-testid=stall-choice][data-name="${stall}"]`);
      await page.waitForSelector(`[data-testid=stall-picker][data-stall="${id}"]`, { timeout: SHOWN_MS });
      await expect(page.getAttribute(`[data-testid=stall-choice][data-name="${stall}"]`, 'aria-pressed')).resolves.toBe('true');
      await expect(page.textContent('[data-testid=stall-picker] h3')).resolves.toBe(`已指定去向摊位：${stall}`);
    }
    await screenshot(page, 'receiving-stall');
    const manager = db.prepare('select id from operators where name = ?').get(counter.manager.name) as { id: string };
    expect(lotOf('STALLA1').stall_id).toBe(stallA);
    expect(lotOf('STALLB1').stall_id).toBe(stallB);
    expect(db.prepare('select lot_id, stall_id, created_by from stall_assignments order by id').all()).toEqual([
      { lot_id: lotOf('STALLA1').id, stall_id: stallA, created_by: manager.id },
      { lot_id: lotOf('STALLB1').id, stall_id: stallB, created_by: manager.id },
    ]);
    expect(count('outbox')).toBeGreaterThanOrEqual(4);
    expect(db.prepare("select count(*) as n from outbox where kind = 'stallAssignment'").get()).toEqual({ n: 2 });
    await page.click('[data-testid=sign-out]');
  });
});

describe('a vendor at the counter (分装销售)', () => {
  it('refuses another stall’s lot in Chinese, and the station refuses it too, writing nothing', async () => {
    await signInWithPinPad(page, station.url, vendor.name, vendor.pin);
    await page.waitForSelector('[data-testid=counter-screen]');
    await wedgeScan(page, gs1('STALLB1'));
    await expect(page.textContent('[data-testid=lot-refused]', { timeout: SHOWN_MS })).resolves.toBe(`此批次属于「${STALL_B}」，不是您的摊位，不能分装销售`);
    await expect(page.textContent('[data-testid=parent-panel-stall]')).resolves.toBe(STALL_B);
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);
    await screenshot(page, 'counter-other-stall');

    const before = { lots: count('lots'), splits: count('splits'), jobs: count('print_jobs') };
    const vendorId = (db.prepare('select id from operators where name = ?').get(vendor.name) as { id: string }).id;
    const { sessionId } = await station.ok('signIn', { operatorId: vendorId, pin: vendor.pin });
    const refused = await station.call('splitLot', { parentRaw: gs1('STALLB1'), quantity: 1, unit: 'kg', closing: false }, sessionId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', params: { reason: 'otherStall', stall: STALL_B } } });
    expect({ lots: count('lots'), splits: count('splits'), jobs: count('print_jobs') }).toEqual(before);
  });

  it('sells the stall’s own lot and the printed label carries the stall; its QR is the signed URL', async () => {
    const printed = labels().length;
    await wedgeScan(page, gs1('STALLA1'));
    await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]:not(.lot-panel-refused)', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=parent-panel-stall]')).resolves.toBe(STALL_A);
    await page.fill('[data-testid=portion-quantity]', '1.5');
    await page.press('[data-testid=portion-quantity]', 'Enter');
    const code = (await (await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS })).getAttribute('data-code'))!;
    expect(db.prepare('select stall_id from lots where code_key = ?').get(code)).toEqual({ stall_id: stallA });

    const label = decodeTspl((await emulator.waitForJob((j) => j.bytes.includes('PRINT') && labels().indexOf(j) >= printed, PRINTED_MS)).bytes);
    // Six lines and the stall do not fit beside the QR on 40×30 in the printer's 24-dot font: the label
    // prints as an image, drawn from the job's lines, and the QR is read off it.
    const job = () =>
      db.prepare('select content, status, last_error from print_jobs where lot_id = (select id from lots where code_key = ?)').get(code) as { content: string; status: string; last_error: string };
    await expect.poll(() => [job().status, job().last_error], { timeout: PRINTED_MS }).toEqual(['done', 'rasterFit']);
    expect(JSON.parse(job().content)).toMatchObject({ product: '白菜', quantity: '1.500 公斤', date: isoDay(), stall: STALL_A, issuer: '鲤城农贸市场 收货台', code });
    expect(label.texts).toEqual([]);
    const qr = await zxingCppRead(label.bitmaps[0]!.bitmap, 'QRCode');
    expect(qr).toMatch(new RegExp(`^https://trace\\.example\\.com/q\\?c=${code}&s=[A-Za-z0-9_-]{86}$`));
    // 验码 names the stall from the records: the URL carries the code alone.
    await expect(station.ok('verifyLabel', { raw: qr! }, counter.adminSession)).resolves.toMatchObject({ valid: true, stall: STALL_A });
  });

  it('sells any lot once the admin sets the station to market-wide selling', async () => {
    adminPage = await browser.context.newPage();
    await signInWithPinPad(adminPage, station.url, '管理员', ADMIN_PIN);
    await openTab(adminPage, 'operators');
    await adminPage.waitForSelector('[data-testid=selling-setting][data-market-wide=false]');
    await adminPage.click('[data-testid=selling-market]');
    await adminPage.waitForSelector('[data-testid=selling-setting][data-market-wide=true]', { timeout: SHOWN_MS });
    expect(db.prepare("select value from settings where key = 'selling'").get()).toEqual({ value: '{"marketWide":true}' });

    await page.bringToFront();
    await wedgeScan(page, gs1('STALLB1'));
    await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]:not(.lot-panel-refused)', { timeout: SHOWN_MS });
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(false);

    await adminPage.bringToFront();
    await adminPage.click('[data-testid=selling-stall]');
    await adminPage.waitForSelector('[data-testid=selling-setting][data-market-wide=false]', { timeout: SHOWN_MS });
  });
});

describe('operators (操作员)', () => {
  it('disables the vendor from the admin’s screen: the vendor’s very next call is refused and the counter returns to sign-in', async () => {
    const row = adminPage.locator('[data-testid=operator-row][data-name=陈摊主]');
    await expect(row.locator('[data-testid=operator-role]').textContent()).resolves.toBe(`摊主 · ${STALL_A}`);
    await row.locator('[data-testid=operator-disable]').click();
    await row.locator('[data-testid=operator-disable-confirm]').click();
    await expect(adminPage.textContent('[data-testid=operator-message]', { timeout: SHOWN_MS })).resolves.toBe('已停用 陈摊主，其登录已立即失效');
    await adminPage.waitForSelector('[data-testid=operator-row][data-name=陈摊主][data-active=false]');
    expect(db.prepare('select active from operators where name = ?').get(vendor.name)).toEqual({ active: 0 });

    // The vendor's window still shows the counter; its next scan asks the station and is refused.
    await page.bringToFront();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/lookupCode'));
    await wedgeScan(page, gs1('STALLA1'));
    expect(await (await refused).json()).toMatchObject({ ok: false, error: { code: 'notSignedIn' } });
    await page.waitForSelector('[data-testid=operator-button]', { timeout: SHOWN_MS });
    await expect(page.locator('[data-testid=current-operator]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid=operator-button] .operator-name').allTextContents()).resolves.not.toContain(vendor.name);
  });

  it('refuses a second active operator with the same name, and sets a new PIN that replaces the old one', async () => {
    await adminPage.bringToFront();
    const before = count('operators');
    await adminPage.fill('[data-testid=operator-name]', counter.receiver.name);
    await adminPage.click('[data-testid=role-receiver]');
    await adminPage.fill('[data-testid=operator-pin]', '8642');
    await adminPage.click('[data-testid=operator-save]');
    await expect(adminPage.textContent('[data-testid=operator-form-message]', { timeout: SHOWN_MS })).resolves.toBe(`已有同名的在用操作员「${counter.receiver.name}」：请换一个名字（如加上摊位号）`);
    expect(count('operators')).toBe(before);

    const row = adminPage.locator(`[data-testid=operator-row][data-name="${counter.receiver.name}"]`);
    await row.locator('[data-testid=operator-pin-open]').click();
    await row.locator('[data-testid=pin-reset-input]').fill('97531');
    await row.locator('[data-testid=pin-reset-save]').click();
    await adminPage.waitForSelector(`[data-testid=operator-message]:text-is("已为 ${counter.receiver.name} 重设 PIN 码，原 PIN 码作废")`, { timeout: SHOWN_MS });
    const receiverId = (db.prepare('select id from operators where name = ?').get(counter.receiver.name) as { id: string }).id;
    expect(await station.call('signIn', { operatorId: receiverId, pin: counter.receiver.pin })).toMatchObject({ ok: false, error: { code: 'badPin' } });
    expect(await station.call('signIn', { operatorId: receiverId, pin: '97531' })).toMatchObject({ ok: true });
    await adminPage.click('[data-testid=operator-form] button.secondary');
    await adminPage.evaluate(() => document.querySelector('[data-testid=operators-screen]')?.scrollTo(0, 0));
    await screenshot(adminPage, 'operators');
  });
});
