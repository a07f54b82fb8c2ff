import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gs1Scan } from '../support/core';
import { readPdf } from '../fixtures/pdf';
import { isoDay, openDesk, openTab, receiveLot, recordTones, signInWithPinPad, textLines, wedgeScan, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const SHOWN_MS = 10_000;
const INSPECTOR = { name: '林检测', pin: '3579' };
const VENDOR = { name: '陈摊主', pin: '2580' };
/** Two lots of the recalled supplier, and one of another supplier that must stay on sale. */
const LOT_A = gs1Scan('5', 'ZH-A');
const LOT_B = gs1Scan('5', 'ZH-B');
const DECOY = gs1Scan('6', 'ZH-D');
const BUYERS = {
  a1: { name: '张记餐馆', phone: '13812345678' },
  a2: { name: '王记面馆', phone: '13987654321' },
  a2a: { name: '李阿姨', phone: '13600001111' },
  b1: { name: '刘记食堂', phone: '13700002222' },
};

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
/** Lot ids by name; the affected ones are A, its children A1 and A2, A2's child A2a, B and its child B1. */
const lots: Record<string, { id: string; code: string }> = {};
let decoySupplier: string;
let vendorSession: string;
let recallId: string;
let recallNumber: string;

const lotRow = (name: string) => page.locator(`[data-testid=recall-lot][data-lot="${lots[name]!.id}"]`);
const statusOf = (name: string) => (db.prepare('select status from lots where id = ?').get(lots[name]!.id) as { status: string }).status;
const progressOf = (name: string) => (db.prepare('select progress from recall_lots where recall_id = ? and lot_id = ?').get(recallId, lots[name]!.id) as { progress: string }).progress;

/**
 * The whole screen in one picture (the form with its preview, the recall with its tree): the app
 * scrolls inside its own frame, so the window is made as tall as the screen's content for the shot.
 */
async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const hidden = await page.evaluate(() => {
    let el = document.querySelector('[data-testid=recall-screen]');
    while (el && el.scrollHeight <= el.clientHeight) el = el.parentElement;
    return el ? el.scrollHeight - el.clientHeight : 0;
  });
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: viewport.height + hidden });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  await page.setViewportSize(viewport);
}

/** Clicks a link that saves a file and gives the file's bytes. */
async function downloaded(selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

async function pinPad(pin: string) {
  for (const d of pin) await page.click(`[data-testid=pin-${d}]`);
  await page.click('[data-testid=pin-submit]');
}

/** Sold at the counter to a buyer with a phone: a child lot (an own code) of `parentRaw`. */
async function sell(name: string, parentRaw: string, quantity: number, buyer: { name: string; phone: string }) {
  const { code } = await station.ok('splitLot', { parentRaw, quantity, unit: 'kg', closing: false, buyer, priceFen: quantity * 800 }, vendorSession);
  const { id } = db.prepare('select id from lots where code_key = ?').get(code) as { id: string };
  lots[name] = { id, code };
}

beforeAll(async () => {
  // The fake camera gives the disposal's photo steps a picture.
  desk = await openDesk({ operators: [{ ...INSPECTOR, role: 'inspector' }], browserArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
  ({ station, page, counter, db } = desk);
  const s = counter.adminSession;
  await station.ok('setStationId', { stationId: '3050109', name: '鲤城农贸市场' }, s);
  const stall = await station.ok('saveSubject', { kind: 'stall', name: '3号摊' }, s);
  await station.ok('createOperator', { ...VENDOR, role: 'vendor', stallId: stall.id }, s);
  for (const [name, raw, quantity] of [
    ['A', LOT_A, 40],
    ['B', LOT_B, 20],
  ] as const) {
    const { view } = await receiveLot(station, counter, { raw, name: `ZH-${name}`, quantity });
    await station.ok('assignLotStall', { lotId: view.lot.id, stallId: stall.id }, s);
    lots[name] = { id: view.lot.id, code: view.lot.codeKey };
  }
  decoySupplier = (await station.ok('saveSubject', { kind: 'supplier', name: '青山果蔬' }, s)).id;
  const decoy = await station.ok(
    'checkEntry',
    {
      raw: DECOY,
      source: 'wedge',
      supplierId: decoySupplier,
      varietyId: counter.varietyId('白菜'),
      quantity: 30,
      unit: 'kg',
      certificates: [
        { type: 'commitment', number: 'CN-ZH-D', issuer: '青山果蔬', issueDate: isoDay() },
        { type: 'testReport', number: 'TR-ZH-D', issuer: '检测站', issueDate: isoDay() },
      ],
    },
    s,
  );
  lots.D = { id: decoy.view.lot.id, code: decoy.view.lot.codeKey };
  await station.ok('assignLotStall', { lotId: lots.D.id, stallId: stall.id }, s);
  // The stall's vendor sells the portions at the counter.
  const vendorId = (await station.ok('listOperators', {})).find((o) => o.name === VENDOR.name)!.id;
  vendorSession = (await station.ok('signIn', { operatorId: vendorId, pin: VENDOR.pin })).sessionId;
  await sell('A1', LOT_A, 5, BUYERS.a1);
  await sell('A2', LOT_A, 3, BUYERS.a2);
  await sell('A2a', lots.A2!.code, 1, BUYERS.a2a);
  await sell('B1', LOT_B, 2, BUYERS.b1);
  await sell('D1', DECOY, 4, { name: '赵记', phone: '13500003333' });
  // The recall alarm is the siren (triangle).
  await recordTones(page);
}, 120_000);

afterAll(() => desk?.stop());

it("a manager recalls a supplier's lots of today: preview, tick, confirm; every lot of theirs and every portion sold from them is recalled", async () => {
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'recall');
  await page.waitForSelector('[data-testid=recall-screen][data-view=list] [data-testid=recall-empty]');
  await page.click('[data-testid=recall-new]');
  await page.waitForSelector('[data-testid=recall-start][data-kind=lot]');
  await page.click('[data-testid=recall-scope-supplier]');
  await page.waitForSelector('[data-testid=recall-start][data-kind=supplier]');
  await page.selectOption('[data-testid=recall-supplier]', counter.supplierId);
  await page.click('[data-testid=recall-range-today]');
  expect([await page.inputValue('[data-testid=recall-from]'), await page.inputValue('[data-testid=recall-to]')]).toEqual([isoDay(), isoDay()]);
  await page.fill('[data-testid=recall-reason]', '供应商通报：农药残留超标');
  await page.click('[data-testid=recall-source-supplierNotice]');
  await page.fill('[data-testid=recall-source-ref]', 'LY-2026-017');

  await page.click('[data-testid=recall-preview]');
  // Two gate lots of the supplier and the four portions sold from them; the other supplier's lot is not there.
  const panel = page.locator('[data-testid=recall-preview-panel]');
  await panel.waitFor({ timeout: SHOWN_MS });
  expect([await panel.getAttribute('data-roots'), await panel.getAttribute('data-lots')]).toEqual(['2', '6']);
  expect((await page.locator('[data-testid=recall-preview-sample]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lot')))).sort()).toEqual([lots.A!.id, lots.B!.id].sort());
  // Previewing writes nothing.
  expect(db.prepare('select count(*) as n from recalls').get()).toEqual({ n: 0 });
  expect(statusOf('A')).toBe('admitted');
  expect(await page.isDisabled('[data-testid=recall-confirm]')).toBe(true);
  await page.check('[data-testid=recall-confirm-check]');
  await screenshot('recall-start');
  await page.click('[data-testid=recall-confirm]');

  const shown = page.locator('[data-testid=recall-screen][data-view=recall] [data-testid=recall-page][data-state=shown][data-status=open]');
  await shown.waitFor({ timeout: SHOWN_MS });
  recallId = (await shown.getAttribute('data-id'))!;
  const stored = db.prepare('select number, reason, source, source_ref, scope_kind, range_from, range_to, status from recalls').all() as Record<string, string>[];
  expect(stored).toEqual([
    expect.objectContaining({
      reason: '供应商通报：农药残留超标',
      source: 'supplierNotice',
      source_ref: 'LY-2026-017',
      scope_kind: 'supplier',
      range_from: isoDay(),
      range_to: isoDay(),
      status: 'open',
    }),
  ]);
  recallNumber = stored[0]!.number;
  expect(recallNumber).toMatch(new RegExp(`^ZH${isoDay().replaceAll('-', '')}-\\d{2}$`));
  expect(await page.textContent('[data-testid=recall-number]')).toBe(recallNumber);
  for (const name of ['A', 'A1', 'A2', 'A2a', 'B', 'B1']) expect(statusOf(name)).toBe('recalled');
  expect([statusOf('D'), statusOf('D1')]).toEqual(['admitted', 'admitted']);
  // Started, with an audit entry per lot and one upload record for the recall.
  expect(db.prepare(`select action, count(*) as n from audit where action in ('recall.start', 'lot.recall') group by action order by action`).all()).toEqual([
    { action: 'lot.recall', n: 6 },
    { action: 'recall.start', n: 1 },
  ]);
  expect(db.prepare(`select count(*) as n from outbox where kind = 'recall' and id = ?`).get(recallId)).toEqual({ n: 1 });
}, 90_000);

it('shows every affected lot in tree order with where it is and the buyers with their phones in full; a receiver sees them masked', async () => {
  await page.waitForSelector('[data-testid=recall-lots][data-mode=tree]');
  const rows = await page
    .locator('[data-testid=recall-lot]')
    .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-lot'), tr.getAttribute('data-depth'), tr.getAttribute('data-status'), tr.getAttribute('data-progress')]));
  const id = (name: string) => lots[name]!.id;
  // Each lot followed by the lots split from it; the order among siblings is the station's.
  expect(rows.map((r) => r[0]).sort()).toEqual(['A', 'A1', 'A2', 'A2a', 'B', 'B1'].map(id).sort());
  const at = (name: string) => rows.findIndex((r) => r[0] === id(name));
  expect(at('A2a')).toBe(at('A2') + 1);
  expect(at('B1')).toBe(at('B') + 1);
  expect(Math.min(at('A1'), at('A2'))).toBe(at('A') + 1);
  expect(Object.fromEntries(rows.map((r) => [r[0], r[1]]))).toEqual({ [id('A')]: '0', [id('B')]: '0', [id('A1')]: '1', [id('A2')]: '1', [id('B1')]: '1', [id('A2a')]: '2' });
  // Something of every lot is left somewhere: all still to find.
  expect(rows.every((r) => r[2] === 'recalled' && r[3] === 'open')).toBe(true);
  expect(await page.getAttribute('[data-testid=recall-counts-open]', 'data-count')).toBe('6');

  // A gate lot is on its stall with what is left; a portion is with its buyer, whose phone shows in full.
  const a = await lotRow('A').locator('[data-testid=recall-lot-where]').innerText();
  expect(a).toContain('3号摊');
  expect(a).toContain('32.000');
  for (const [name, buyer] of [
    ['A1', BUYERS.a1],
    ['A2', BUYERS.a2],
    ['A2a', BUYERS.a2a],
    ['B1', BUYERS.b1],
  ] as const) {
    expect(await lotRow(name).locator('[data-testid=recall-lot-buyer]').innerText()).toContain(buyer.name);
    expect(await lotRow(name).locator('[data-testid=recall-lot-phone]').innerText()).toBe(buyer.phone);
    // With the buyer, sold at the stall: not on the stall.
    const where = await lotRow(name).locator('[data-testid=recall-lot-where]').innerText();
    expect(where).toContain(`由 ${VENDOR.name} 在3号摊售出`);
    expect(where).not.toContain('摊位');
  }
  // Each code reads on one line at 1366 px, the tree's indent included: a code broken mid-way is
  // misread when it is read out over the phone to a buyer.
  for (const name of ['A', 'A1', 'A2', 'A2a', 'B', 'B1']) {
    const [lines] = await textLines(lotRow(name).locator('[data-testid=recall-lot-open]'));
    expect(lines, name).toHaveLength(1);
  }
  await screenshot('recall');

  // The flat list has the same lots.
  await page.click('[data-testid=recall-lots-flat]');
  await page.waitForSelector('[data-testid=recall-lots][data-mode=flat]');
  expect(await page.locator('[data-testid=recall-lot]').count()).toBe(6);
  await page.click('[data-testid=recall-lots-tree]');

  // A receiver follows the recall with the phones masked.
  const receiverId = (await station.ok('listOperators', {})).find((o) => o.name === counter.receiver.name)!.id;
  const receiver = (await station.ok('signIn', { operatorId: receiverId, pin: counter.receiver.pin })).sessionId;
  const seen = await station.ok('getRecall', { id: recallId }, receiver);
  expect(seen.lots.find((l) => l.lotId === id('A1'))!.sale!.buyer.phone).toBe('138****5678');
}, 60_000);

it('the 日报 lists the open recall with its lots still to find; back on 召回 the recall is open again', async () => {
  await openTab(page, 'report');
  const card = page.locator('[data-testid=report-recalls]');
  await card.locator('li.rule-unmet').waitFor({ timeout: 15_000 });
  const text = await card.innerText();
  expect(text).toContain('进行中 1 起');
  expect(text).toContain(`${recallNumber} · `);
  expect(text).toContain('待追回 6 / 6 批');
  await openTab(page, 'recall');
  await page.waitForSelector(`[data-testid=recall-page][data-id="${recallId}"][data-state=shown]`, { timeout: SHOWN_MS });
}, 60_000);

it('exports the recall notice list as a PDF that carries the recall number', async () => {
  await page.click('[data-testid=recall-export-pdf]');
  await page.waitForSelector('[data-testid=recall-export-done][data-file$=".pdf"] [data-testid=recall-export-download]', { timeout: 60_000 });
  const pdf = await downloaded('[data-testid=recall-export-download]');
  expect(pdf.name.endsWith('.pdf')).toBe(true);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text } = await readPdf(new Uint8Array(pdf.bytes));
  for (const words of ['召回通知清单', recallNumber, 'LY-2026-017', BUYERS.a1.name, BUYERS.a1.phone]) expect(text).toContain(words);
}, 90_000);

it('marks a portion retrieved and destroys it through 去销毁 with a witness: its progress reads destroyed', async () => {
  await lotRow('A1').locator('[data-testid=recall-lot-retrieved]').click();
  await page.waitForSelector(`[data-testid=recall-lot][data-lot="${lots.A1!.id}"][data-progress=retrieved]`, { timeout: SHOWN_MS });
  expect(progressOf('A1')).toBe('retrieved');
  expect(await page.getAttribute('[data-testid=recall-counts-retrieved]', 'data-count')).toBe('1');

  await lotRow('A1').locator('[data-testid=recall-lot-dispose]').click();
  await page.waitForSelector('[data-testid=disposal-screen] [data-testid=disposal-details]', { timeout: SHOWN_MS });
  expect(await page.inputValue('[data-testid=disposal-quantity]')).toBe('5');
  // Destroyed because of its recall: the reason is already chosen.
  expect(await page.getAttribute('[data-testid=disposal-reason-recalled]', 'aria-pressed')).toBe('true');
  await page.click('[data-testid=disposal-method-other]');
  await page.fill('[data-testid=disposal-method-text]', '深埋');
  await page.click('[data-testid=disposal-details-next]:not([disabled])');
  await page.click('[data-testid=photo-before-take]:not([disabled])', { timeout: 15_000 });
  await page.click('[data-testid=photo-before-next]');
  await page.click('[data-testid=photo-after-take]:not([disabled])', { timeout: 15_000 });
  await page.click('[data-testid=photo-after-next]');
  await page.waitForSelector('[data-testid=disposal-operator]');
  await pinPad(counter.manager.pin);
  await page.waitForSelector('[data-testid=disposal-witness]');
  await page.locator('[data-testid=witness-button]', { hasText: INSPECTOR.name }).click();
  await page.waitForSelector('[data-testid=disposal-witness-pin]');
  await pinPad(INSPECTOR.pin);
  await page.click('[data-testid=disposal-confirm-button]');
  await page.waitForSelector('[data-testid=disposal-result]', { timeout: 20_000 });

  expect(statusOf('A1')).toBe('destroyed');
  expect(progressOf('A1')).toBe('destroyed');
  expect(db.prepare('select d.reason, dl.prior_status from disposals d join disposal_lots dl on dl.disposal_id = d.id').all()).toEqual([{ reason: 'recalled', prior_status: 'recalled' }]);

  // Back on 召回, the recall left for 销毁 is open again, the portion destroyed.
  await openTab(page, 'recall');
  await page.waitForSelector(`[data-testid=recall-page][data-id="${recallId}"][data-state=shown]`, { timeout: SHOWN_MS });
  await page.waitForSelector(`[data-testid=recall-lot][data-lot="${lots.A1!.id}"][data-progress=destroyed][data-status=destroyed]`, { timeout: SHOWN_MS });
  expect(await page.getAttribute('[data-testid=recall-counts-destroyed]', 'data-count')).toBe('1');
  expect(await lotRow('A1').locator('[data-testid=recall-lot-dispose]').count()).toBe(0);
}, 90_000);

it('marks the rest not recoverable; 关闭召回 is enabled only then, and closes the recall with its lots still recalled', async () => {
  const rest = ['A', 'A2', 'A2a', 'B', 'B1'];
  for (const [i, name] of rest.entries()) {
    expect(await page.isDisabled('[data-testid=recall-close]')).toBe(true);
    expect(await page.getAttribute('[data-testid=recall-counts-open]', 'data-count')).toBe(String(rest.length - i));
    expect(await page.textContent('[data-testid=recall-close-hint]')).toContain(String(rest.length - i));
    await lotRow(name).locator('[data-testid=recall-lot-not-recoverable]').click();
    await page.waitForSelector(`[data-testid=recall-lot][data-lot="${lots[name]!.id}"][data-progress=notRecoverable]`, { timeout: SHOWN_MS });
  }
  expect(rest.map(progressOf)).toEqual(rest.map(() => 'notRecoverable'));
  expect(await page.locator('[data-testid=recall-close-hint]').count()).toBe(0);
  expect(await page.isDisabled('[data-testid=recall-close]')).toBe(false);
  await page.click('[data-testid=recall-close]');
  await page.waitForSelector(`[data-testid=recall-page][data-id="${recallId}"][data-status=closed]`, { timeout: SHOWN_MS });
  expect(await page.getAttribute('[data-testid=recall-status]', 'data-status')).toBe('closed');
  expect(db.prepare('select status, closed_at is not null as closed from recalls where id = ?').get(recallId)).toEqual({ status: 'closed', closed: 1 });
  // Closing ends the work, not the stop: the goods may still not be sold.
  for (const name of rest) expect(statusOf(name)).toBe('recalled');
  expect(db.prepare(`select action, count(*) as n from audit where action in ('recall.progress', 'recall.close') group by action order by action`).all()).toEqual([
    { action: 'recall.close', n: 1 },
    // A1 retrieved, then destroyed; five not recoverable.
    { action: 'recall.progress', n: 7 },
  ]);
  // The list shows it closed.
  await page.click('[data-testid=recall-back]');
  await page.waitForSelector(`[data-testid=recall-row][data-id="${recallId}"][data-number="${recallNumber}"][data-status=closed]`);
}, 60_000);

it('a vendor scanning a recalled portion at the counter is refused in red with the alarm', async () => {
  await page.click('[data-testid=sign-out]');
  await signInWithPinPad(page, station.url, VENDOR.name, VENDOR.pin);
  await page.waitForSelector('[data-testid=counter-screen]');
  await page.evaluate(() => ((window as unknown as { tones: string[] }).tones = []));
  const before = (db.prepare('select count(*) as n from lots').get() as { n: number }).n;
  await wedgeScan(page, lots.A2!.code);
  const panel = `[data-testid=parent-panel][data-code="${lots.A2!.code}"][data-status=recalled][data-sellable=false]`;
  await page.waitForSelector(panel, { timeout: SHOWN_MS });
  expect(await page.textContent('[data-testid=lot-refused]')).toBe('不能分装：此批次已召回');
  // The recall colour (LOT_STATUS_COLOURS.recalled, #ad1457), and the siren, not the plain error tone.
  expect(await page.$eval(panel, (el) => getComputedStyle(el).backgroundColor)).toBe('rgb(173, 20, 87)');
  await page.waitForFunction(() => (window as unknown as { tones: string[] }).tones.includes('triangle'), undefined, { timeout: SHOWN_MS });
  expect(await page.evaluate(() => (window as unknown as { tones: string[] }).tones.includes('square'))).toBe(false);
  expect(await page.isDisabled('[data-testid=issue-code]')).toBe(true);
  expect((db.prepare('select count(*) as n from lots').get() as { n: number }).n).toBe(before);

  // The other supplier's lot, split at the same counter, still sells.
  await wedgeScan(page, DECOY);
  await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]', { timeout: SHOWN_MS });
}, 60_000);

it('the notice withdrawn later: a manager lifts the closed recall, and every lot not destroyed is back as it was', async () => {
  await page.click('[data-testid=sign-out]');
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'recall');
  await page.click(`[data-testid=recall-row][data-id="${recallId}"]`);
  await page.waitForSelector(`[data-testid=recall-page][data-id="${recallId}"][data-status=closed]`, { timeout: SHOWN_MS });
  await page.click('[data-testid=recall-lift]');
  await page.fill('[data-testid=recall-lift-reason]', '供应商撤回通报：复检合格');
  await page.click('[data-testid=recall-lift-submit]');
  await page.waitForSelector(`[data-testid=recall-page][data-id="${recallId}"][data-status=lifted]`, { timeout: SHOWN_MS });
  await page.waitForSelector(`[data-testid=recall-lot][data-lot="${lots.A2!.id}"][data-status=admitted]`, { timeout: SHOWN_MS });
  expect(db.prepare('select status, lift_reason from recalls where id = ?').get(recallId)).toEqual({ status: 'lifted', lift_reason: '供应商撤回通报：复检合格' });
  expect(['A', 'A1', 'A2', 'A2a', 'B', 'B1'].map(statusOf)).toEqual(['admitted', 'destroyed', 'admitted', 'admitted', 'admitted', 'admitted']);
  expect(db.prepare(`select count(*) as n from audit where action = 'lot.recallLift'`).get()).toEqual({ n: 5 });
  expect(db.prepare(`select count(*) as n from outbox where kind = 'recallLift'`).get()).toEqual({ n: 1 });
  expect(await page.locator('[data-testid=recall-lift]').count()).toBe(0);
}, 60_000);
