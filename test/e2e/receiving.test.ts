import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../shared/domain/uscc';
import { ADMIN_PIN, fillDelivery, isoDay, openDesk, openTab, rowCounts, signInWithPinPad, storedLot, textLines, wedgeScan, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const VERDICT_MS = 10_000;

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;

/** Waits for a verdict; on timeout says what the screen showed instead (a missed scan shows a warning). */
async function verdict(outcome: string, extra = '') {
  try {
    return await page.waitForSelector(`[data-testid=verdict][data-outcome=${outcome}]${extra}`, { timeout: VERDICT_MS });
  } catch (e) {
    const shown = await page.evaluate(() => ({
      outcome: document.querySelector('[data-testid=verdict]')?.getAttribute('data-outcome'),
      text: document.querySelector('[data-testid=verdict]')?.textContent,
      warning: document.querySelector('[data-testid=scan-warning]')?.textContent,
    }));
    throw new Error(`no ${outcome} verdict: ${JSON.stringify(shown)}`, { cause: e });
  }
}

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

beforeAll(async () => {
  desk = await openDesk();
  ({ station, counter, page, db } = desk);
  await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
  await page.waitForSelector('[data-testid=receiving-screen]');
});

afterAll(() => desk?.stop());

describe('receiving screen (入场查验)', () => {
  it('takes the token out of the address bar and shows a receiver only what the role may do', async () => {
    expect(page.url()).not.toContain('token=');
    // The tabs that fit, then those under 更多 (the bar is one row at any width).
    const ids = () => page.locator('[data-testid^=tab-]:not([data-testid=tab-more]):not([data-testid=tab-menu])').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')));
    if ((await page.locator('[data-testid=tab-more]').count()) > 0) await page.click('[data-testid=tab-more]');
    await expect(ids()).resolves.toEqual([
      'tab-receiving',
      'tab-counter',
      'tab-exit',
      'tab-entries',
      'tab-ledger',
      'tab-verify',
      'tab-trace',
      'tab-recall',
      'tab-printing',
      'tab-subjects',
      'tab-sync',
    ]);
    // The receiver's own work is never under 更多.
    const visible = await page.locator('nav.tabs > [data-testid^=tab-]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')));
    expect(visible.slice(0, 2)).toEqual(['tab-receiving', 'tab-counter']);
    if ((await page.locator('[data-testid=tab-more]').count()) > 0) await page.click('[data-testid=tab-more]');
  });

  it('asks for the delivery first when the form is incomplete, and sends nothing', async () => {
    await wedgeScan(page, gs1('EMPTYFORM'));
    await verdict('error');
    await expect(page.textContent('[data-testid=verdict-message]')).resolves.toContain('请先填写本车信息');
    expect(storedLot(db, gs1('EMPTYFORM'))).toBeUndefined();
    expect(rowCounts(db).lots).toBe(0);
  });

  it('admits a vegetable lot with a commitment certificate and a test report', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '100',
      certificates: [
        { type: 'commitment', number: 'CN-ADMIT-1' },
        { type: 'testReport', number: 'TR-ADMIT-1' },
      ],
    });
    // The focus is still in the last certificate number: the scan must neither need a click nor
    // leave its characters in that field.
    await wedgeScan(page, gs1('ADMIT1'));
    await verdict('admit');
    await expect(page.textContent('[data-testid=verdict-word]')).resolves.toBe('准入');
    await expect(page.locator('[data-testid=cert-number]').nth(1).inputValue()).resolves.toBe('TR-ADMIT-1');

    const lot = storedLot(db, gs1('ADMIT1'));
    expect(lot).toMatchObject({ status: 'admitted', zone: 'trading', quantity: 100, unit: 'kg', outcome: 'admit', source: 'wedge' });
    expect(lot!.supplier_id).toBe(counter.supplierId);
    expect(lot!.certificates.map((c) => [c.type, c.number])).toEqual([
      ['commitment', 'CN-ADMIT-1'],
      ['testReport', 'TR-ADMIT-1'],
    ]);
    await expect(page.textContent('[data-testid=verdict-code]')).resolves.toBe(`(01)${GTIN}(10)ADMIT1`);
    // Receivers do not get the manager's override.
    expect(await page.locator('[data-testid=override-open]').count()).toBe(0);
    await screenshot('receiving-admit');
  });

  it('shows a duplicate scan as already recorded and stores nothing more', async () => {
    const before = rowCounts(db);
    await wedgeScan(page, gs1('ADMIT1'));
    await verdict('admit', '[data-duplicate=true]');
    await expect(page.textContent('[data-testid=verdict-duplicate]')).resolves.toContain('已登记');
    await expect(page.getAttribute('[data-testid=verdict]', 'data-outcome')).resolves.toBe('admit');
    expect(rowCounts(db)).toEqual(before);
  });

  it('holds a vegetable lot without a test report (待检)', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '50',
      certificates: [{ type: 'commitment', number: 'CN-HOLD-1' }],
    });
    await wedgeScan(page, gs1('HOLD1'));
    await verdict('hold');
    await expect(page.textContent('[data-testid=verdict-word]')).resolves.toBe('待检');
    await expect(page.locator('[data-testid=verdict-reasons] [data-reason=noTestReport]').count()).resolves.toBe(1);
    // A fresh hold is the verdict itself, not a red alert.
    expect(await page.locator('[data-testid=alert-banner]').count()).toBe(0);
    const lot = storedLot(db, gs1('HOLD1'));
    expect(lot).toMatchObject({ status: 'awaitingTest', zone: 'awaitingTest', quantity: 50, outcome: 'hold', source: 'wedge' });
    expect(lot!.reasonCodes).toContain('noTestReport');
    expect(lot!.certificates.map((c) => c.type)).toEqual(['commitment']);
    await screenshot('receiving-hold');
  });

  it('shows a lot waiting for its test as 待检 in amber when scanned again, and raises the red alert once it is held (扣留)', async () => {
    const before = rowCounts(db);
    await wedgeScan(page, gs1('HOLD1'));
    await verdict('hold', '[data-duplicate=true]');
    await page.waitForSelector('[data-testid=verdict-status][data-status=awaitingTest]', { timeout: VERDICT_MS });
    await expect(page.textContent('[data-testid=verdict-status]')).resolves.toBe('待检');
    expect(await page.locator('[data-testid=alert-banner]').count()).toBe(0);
    expect(rowCounts(db)).toEqual(before);

    // A manager holds it (a complaint): the same code now reads 扣留 and raises the red alarm.
    await station.ok('placeHold', { raw: gs1('HOLD1'), note: '群众举报' }, counter.adminSession);
    await wedgeScan(page, gs1('HOLD1'));
    await page.waitForSelector('[data-testid=verdict-status][data-status=held]', { timeout: VERDICT_MS });
    await expect(page.textContent('[data-testid=verdict-status]')).resolves.toBe('扣留');
    const colours = await page.$eval('[data-testid=verdict-status]', (el) => getComputedStyle(el).backgroundColor);
    expect(colours).toBe('rgb(198, 40, 40)');
    await page.waitForSelector('[data-testid=alert-banner][data-status=held]', { timeout: VERDICT_MS });
    await page.click('[data-testid=alert-banner] button');
  });

  it('rejects a lot whose certificate has expired', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '80',
      certificates: [
        { type: 'commitment', number: 'CN-EXPIRED-1', issueDate: isoDay(-30), validUntil: isoDay(-1) },
        { type: 'testReport', number: 'TR-EXPIRED-1' },
      ],
    });
    await wedgeScan(page, gs1('EXPIRED1'));
    await verdict('reject');
    await expect(page.textContent('[data-testid=verdict-word]')).resolves.toBe('拒收');
    await expect(page.textContent('[data-testid=verdict-reasons] [data-reason=certificateExpired]')).resolves.toContain('CN-EXPIRED-1');
    const lot = storedLot(db, gs1('EXPIRED1'));
    expect(lot).toMatchObject({ status: 'rejected', outcome: 'reject' });
    expect(lot!.reasonCodes).toContain('certificateExpired');
    expect(lot!.certificates.find((c) => c.type === 'commitment')?.valid_until).toBe(isoDay(-1));
    await screenshot('receiving-reject');
  });

  it('rejects a product past its printed expiry date, with the date on the verdict', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '30',
      certificates: [
        { type: 'commitment', number: 'CN-PRODEXP-1' },
        { type: 'testReport', number: 'TR-PRODEXP-1' },
      ],
    });
    // (17) 2020-01-01 before the lot: valid papers, but the product itself is past its date.
    const raw = `01${GTIN}17200101${'10'}PRODEXP1`;
    await wedgeScan(page, raw);
    await verdict('reject');
    await expect(page.textContent('[data-testid=verdict-word]')).resolves.toBe('拒收');
    await expect(page.textContent('[data-testid=verdict-reasons] [data-reason=productExpired]')).resolves.toBe('产品已过期：有效期至 2020-01-01');
    await expect(page.getAttribute('[data-testid=product-date-expiry]', 'data-standing')).resolves.toBe('past');
    await expect(page.textContent('[data-testid=product-date-expiry]')).resolves.toBe('2020-01-01 · 已过期');
    const lot = storedLot(db, raw);
    expect(lot).toMatchObject({ status: 'rejected', zone: 'none', outcome: 'reject', source: 'wedge' });
    expect(lot!.reasonCodes).toEqual(['productExpired']);
    expect(db.prepare('select expiry_date, best_before_date from lots where id = ?').get(lot!.id)).toEqual({ expiry_date: '2020-01-01', best_before_date: null });
  });

  it('admits a product that expires tomorrow with the warning and the date marked', async () => {
    const tomorrow = isoDay(1);
    const raw = `01${GTIN}17${tomorrow.slice(2).replaceAll('-', '')}${'10'}PRODSOON1`;
    await wedgeScan(page, raw);
    await verdict('admit');
    await expect(page.textContent('[data-testid=verdict-reasons] [data-reason=productExpiresSoon]')).resolves.toBe(`临近到期：有效期至 ${tomorrow}，还剩 1 天`);
    await expect(page.getAttribute('[data-testid=product-date-expiry]', 'data-standing')).resolves.toBe('soon');
    expect(storedLot(db, raw)).toMatchObject({ status: 'admitted', outcome: 'admit' });
  });

  it('rejects a lot from a blocked supplier', async () => {
    await fillDelivery(page, {
      supplierId: counter.blockedSupplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '20',
      certificates: [
        { type: 'commitment', number: 'CN-BLOCKED-1' },
        { type: 'testReport', number: 'TR-BLOCKED-1' },
      ],
    });
    await wedgeScan(page, gs1('BLOCKED1'));
    await verdict('reject');
    await page.waitForSelector('[data-testid=verdict-reasons] [data-reason=supplierBlocked]');
    const lot = storedLot(db, gs1('BLOCKED1'));
    expect(lot).toMatchObject({ status: 'rejected', outcome: 'reject', supplier_id: counter.blockedSupplierId });
    expect(lot!.reasonCodes).toContain('supplierBlocked');
  });

  it('reads a certificate QR into a new certificate row after F2', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '40',
      certificates: [{ type: 'testReport', number: 'TR-QR-1' }],
    });
    const certificateQr = 'https://hgz.example.cn/verify?no=HG2026000123&t=1';
    // Held like a person holds a key: a key within 150 ms before a scan would count as part of it.
    await page.keyboard.press('F2', { delay: 200 });
    await page.waitForSelector('[data-testid=scan-mode][data-mode=certificate]');
    await wedgeScan(page, certificateQr);
    await page.waitForSelector('[data-testid=scan-mode][data-mode=lot]');
    const scanned = page.locator('[data-testid=certificate-row]').nth(1);
    await expect(scanned.locator('[data-testid=cert-number]').inputValue()).resolves.toBe('HG2026000123');
    await expect(scanned.locator('[data-testid=cert-issuer]').inputValue()).resolves.toBe('绿源蔬菜合作社');

    await wedgeScan(page, gs1('CERTQR1'));
    await verdict('admit');
    const lot = storedLot(db, gs1('CERTQR1'));
    expect(lot!.certificates).toContainEqual({ type: 'commitment', number: 'HG2026000123', valid_until: null, raw: certificateQr });
  });

  it('does not take typing at human speed for a scan', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '10',
      certificates: [
        { type: 'commitment', number: 'CN-HUMAN-1' },
        { type: 'testReport', number: 'TR-HUMAN-1' },
      ],
    });
    await page.locator('[data-testid=verdict]').click();
    const before = rowCounts(db);
    // Record every verdict the panel shows from here on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { verdictsSeen: string[] }).verdictsSeen = seen;
      new MutationObserver(() => {
        const outcome = document.querySelector('[data-testid=verdict]')?.getAttribute('data-outcome');
        if (outcome && seen.at(-1) !== outcome) seen.push(outcome);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-outcome'] });
    });
    await page.keyboard.type(gs1('HUMAN1'), { delay: 150 });
    await page.keyboard.press('Enter');
    // A real scan after it proves the page was listening all along.
    await wedgeScan(page, `]C101${GTIN.slice(0, -1)}310BADCHECK`);
    await verdict('error');
    await expect(page.textContent('[data-testid=verdict-message]')).resolves.toContain('校验位');
    const seen = await page.evaluate(() => (window as unknown as { verdictsSeen: string[] }).verdictsSeen);
    expect(seen.filter((o) => o !== 'checking')).toEqual(['error']);
    expect(storedLot(db, gs1('HUMAN1'))).toBeUndefined();
    expect(rowCounts(db)).toEqual(before);
  });

  it('refuses control characters and a 10 kB paste with a clear message, storing nothing', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '10',
      certificates: [{ type: 'commitment', number: 'CN-GARBAGE-1' }],
    });
    const before = rowCounts(db);
    // Synthetic keydowns in one task arrive at machine speed, like a wedge that sends garbage.
    const sendKeys = (text: string) =>
      page.evaluate((t) => {
        for (const key of [...t, 'Enter']) document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }, text);

    await sendKeys('ABC\u0001DEF\u0002GHI');
    await verdict('error');
    await expect(page.textContent('[data-testid=verdict-message]')).resolves.toContain('控制字符');

    await sendKeys('A'.repeat(10 * 1024));
    await page.waitForFunction(() => document.querySelector('[data-testid=verdict-message]')?.textContent?.includes('过长'), undefined, {
      timeout: VERDICT_MS,
    });
    expect(rowCounts(db)).toEqual(before);
  });

  it('lists the entries of the day and adds new ones live', async () => {
    await openTab(page, 'entries');
    await page.waitForSelector('[data-testid=entry-row]');
    const rows = page.locator('[data-testid=entry-row]');
    await expect(rows.count()).resolves.toBe(rowCounts(db).entryChecks);
    await expect(page.locator('[data-testid=entry-row][data-outcome=hold]').count()).resolves.toBe(1);
    // The verdict at entry (待检) beside what the lot is now (扣留 since the manager's hold), and why.
    const held = page.locator('[data-testid=entry-row][data-outcome=hold]');
    await expect(held.getAttribute('data-status')).resolves.toBe('held');
    await expect(held.locator('[data-testid=entry-status]').textContent()).resolves.toBe('扣留');
    await expect(held.locator('[data-testid=entry-reasons]').textContent()).resolves.toContain('无检测报告');
    await expect(page.getAttribute('[data-testid=entries-count]', 'data-total')).resolves.toBe(String(rowCounts(db).entryChecks));

    // Another counter records a lot: the list grows without a reload (entryRecorded event).
    await station.ok(
      'checkEntry',
      {
        raw: gs1('LIVE1'),
        source: 'manual',
        supplierId: counter.supplierId,
        varietyId: counter.varietyId('白菜'),
        quantity: 5,
        unit: 'kg',
        certificates: [{ type: 'commitment', number: 'CN-LIVE-1', issuer: '绿源蔬菜合作社', issueDate: isoDay() }],
      },
      counter.adminSession,
    );
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=entry-row]').length === n, rowCounts(db).entryChecks, { timeout: VERDICT_MS });

    // A lot tested, held or destroyed elsewhere changes state on this list too (lotStatus event).
    await station.ok('placeHold', { raw: gs1('LIVE1'), note: '复查' }, counter.adminSession);
    await page.waitForSelector(`[data-testid=entry-row][data-lot="${storedLot(db, gs1('LIVE1'))!.id}"][data-status=held]`, { timeout: VERDICT_MS });
    // A code wraps only between its parts — (01)… then (10)… — never inside a number.
    const codeLines = await textLines(page.locator('[data-testid=entry-row] td.code-cell'));
    expect(codeLines.length).toBe(rowCounts(db).entryChecks);
    for (const lines of codeLines) {
      expect(lines.join('')).toMatch(/^\(01\)\d{14}\(10\)\w+$/);
      for (const line of lines) expect(line, lines.join(' | ')).toMatch(/^\(\d\d\)(\d{14}|\w+)$/);
    }
    await screenshot('entries-states');
  });

  it('lets a manager change a verdict, with the reason on record', async () => {
    await page.click('[data-testid=sign-out]');
    await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '50',
      certificates: [{ type: 'commitment', number: 'CN-HOLD-1' }],
    });
    await wedgeScan(page, gs1('HOLD1'));
    await verdict('hold', '[data-duplicate=true]');
    await page.click('[data-testid=override-open]');
    await page.click('[data-testid=override-admit]');
    await page.fill('[data-testid=override-reason]', '复检合格');
    await page.click('[data-testid=override-submit]');
    await verdict('admit');
    expect(storedLot(db, gs1('HOLD1'))).toMatchObject({ outcome: 'admit', overridden_from: 'hold', status: 'admitted', zone: 'trading' });
  });

  it('checks a credit code before saving a supplier, and a manager blocks the supplier with a reason', async () => {
    await openTab(page, 'subjects');
    await page.click('[data-testid=subject-add]');
    await page.fill('[data-testid=subject-name]', '闽东水产');
    const first17 = '91350102MA31ABCD2';
    const good = first17 + usccCheckChar(first17);
    const bad = first17 + (usccCheckChar(first17) === '0' ? '1' : '0');
    await page.fill('[data-testid=subject-uscc]', bad);
    await page.click('[data-testid=subject-save]');
    await expect(page.textContent('[data-testid=subject-message]')).resolves.toContain('校验位不符');
    expect(db.prepare("select count(*) as n from subjects where name = '闽东水产'").get()).toEqual({ n: 0 });

    await page.fill('[data-testid=subject-uscc]', good.toLowerCase());
    await page.click('[data-testid=subject-save]');
    const item = page.locator('[data-testid=subject-item]', { hasText: '闽东水产' });
    await item.locator('[data-testid=subject-block]').click();
    await item.locator('[data-testid=block-reason]').fill('证照过期');
    await item.locator('[data-testid=block-confirm]').click();
    await page.waitForSelector('[data-testid=subject-item][data-blocked=true] >> text=闽东水产');
    expect(db.prepare("select uscc, blocked, blocked_reason from subjects where name = '闽东水产'").get()).toEqual({
      uscc: good,
      blocked: 1,
      blocked_reason: '证照过期',
    });
  });

  it('lets the administrator add an operator, in English as well', async () => {
    await page.click('[data-testid=sign-out]');
    await signInWithPinPad(page, station.url, '管理员', ADMIN_PIN);
    await page.click('[data-testid=language-switch]');
    await openTab(page, 'operators');
    await expect(page.textContent('[data-testid=tab-operators]')).resolves.toBe('Operators');
    // Still one row in English, the longer words giving way to 更多 (More).
    await expect(page.textContent('[data-testid=tab-more]')).resolves.toContain('More');
    const bar = (await page.locator('[data-testid=top-bar]').boundingBox())!;
    expect(bar.height).toBeLessThan(80);
    await page.fill('[data-testid=operator-name]', '赵检测');
    await page.click('[data-testid=role-inspector]');
    await page.fill('[data-testid=operator-pin]', '8642');
    await page.click('[data-testid=operator-save]');
    await expect(page.textContent('[data-testid=operator-message]')).resolves.toBe('Operator 赵检测 created');
    expect(db.prepare("select role from operators where name = '赵检测'").get()).toEqual({ role: 'inspector' });
    await page.click('[data-testid=language-switch]');
  });

  it('lets the administrator set how many days ahead an expiry is warned about', async () => {
    await openTab(page, 'station');
    const stored = () => db.prepare("select value from settings where key = 'expiry'").get() as { value: string } | undefined;
    const before = stored();
    await page.fill('[data-testid=expiry-warn-days]', '400');
    await page.click('[data-testid=expiry-settings-save]');
    await expect(page.textContent('[data-testid=expiry-settings-message]')).resolves.toBe('请填写 0–365 之间的整数');
    expect(stored()).toEqual(before);
    // Full-width digits from a Chinese input method are read as ASCII.
    await page.fill('[data-testid=expiry-warn-days]', '７');
    await page.click('[data-testid=expiry-settings-save]');
    await expect(page.textContent('[data-testid=expiry-settings-saved]')).resolves.toBe('已保存：提前 7 天提醒');
    expect(JSON.parse(stored()!.value)).toEqual({ warnDays: 7 });
  });
});
