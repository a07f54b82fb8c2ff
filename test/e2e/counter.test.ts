import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedText, withSignature } from '../../shared/domain/labelPayload';
import { formatOwnCode } from '../../shared/domain/ownCode';
import { ADMIN_PIN, isoDay, openDesk, openTab, receiveLot, signInWithPinPad, wedgeScan, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const STATION_ID = '3050102';
const STATION_NAME = '鲤城农贸市场 2号摊';
const SHOWN_MS = 10_000;
const vendor = { name: '陈摊主', pin: '3579' };
/** A neighbouring station whose labels this one learns to check by importing its public key. */
const neighbour = { stationId: '3050201', name: '邻街市场 5号摊', keys: generateKeyPairSync('ed25519') };

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
let parentId: string;
/** The first child issued through the screen, and one split from it in turn. */
let child: { id: string; code: string };
let grandchild: string;

const grouped = (code: string) => `${code.slice(0, 7)} ${code.slice(7, 11)} ${code.slice(11, 15)} ${code.slice(15)}`;
const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const ownChildren = (parent: string) =>
  db.prepare("select id, code_key, quantity from lots where parent_lot_id = ? and code_kind = 'own' order by created_at, id").all(parent) as { id: string; code_key: string; quantity: number }[];

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/** Records a lot at the gate over the API: admitted with both certificates, held without a test report. */
async function receive(batch: string, quantity: number, admitted: boolean) {
  return (await receiveLot(station, counter, { raw: gs1(batch), name: batch, quantity, report: admitted })).view.lot.id;
}

/** The station methods the page calls from now until `stop()`, in order. */
function apiCallsOf(p: Page) {
  const methods: string[] = [];
  const seen = (request: Request) => {
    const method = /^\/api\/(\w+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (method) methods.push(method);
  };
  p.on('request', seen);
  return {
    stop() {
      p.off('request', seen);
      return methods;
    },
  };
}

async function issueCode(quantity: string) {
  await page.fill('[data-testid=portion-quantity]', quantity);
  await page.press('[data-testid=portion-quantity]', 'Enter');
}

beforeAll(async () => {
  desk = await openDesk();
  ({ station, counter, page, db } = desk);
  // The vendor sells for a stall, and the gate sends the lot there (去向摊位).
  const stall = await station.ok('saveSubject', { kind: 'stall', name: '2号摊' }, counter.adminSession);
  await station.ok('createOperator', { ...vendor, role: 'vendor', stallId: stall.id }, counter.adminSession);
  parentId = await receive('SPLIT1', 10, true);
  await station.ok('assignLotStall', { lotId: parentId, stallId: stall.id }, counter.adminSession);
  await receive('HELD1', 20, false);
});

afterAll(() => desk?.stop());

describe('station id (本站)', () => {
  it('is set once by the admin through the UI, after a confirmation', async () => {
    const admin = (await station.ok('listOperators', {})).find((o) => o.role === 'admin')!;
    await signInWithPinPad(page, station.url, admin.name, ADMIN_PIN);
    await openTab(page, 'station');
    await page.waitForSelector('[data-testid=station-id-form]');
    await expect(page.textContent('[data-testid=public-key]')).resolves.toContain('BEGIN PUBLIC KEY');

    await page.fill('[data-testid=station-id-input]', '0123456');
    await page.fill('[data-testid=station-name-input]', STATION_NAME);
    await page.click('[data-testid=station-id-submit]');
    await expect(page.textContent('[data-testid=station-id-message]')).resolves.toContain('不以 01 开头');

    await page.fill('[data-testid=station-id-input]', STATION_ID);
    await page.click('[data-testid=station-id-submit]');
    await expect(page.textContent('[data-testid=station-id-confirm]')).resolves.toContain(STATION_ID);
    expect(db.prepare('select station_id from station').get()).toEqual({ station_id: null });
    await page.click('[data-testid=station-id-submit]');
    await expect(page.textContent('[data-testid=station-id]', { timeout: SHOWN_MS })).resolves.toBe(STATION_ID);
    expect(db.prepare('select station_id, name from station').get()).toEqual({ station_id: STATION_ID, name: STATION_NAME });
  });

  it("imports another station's public key", async () => {
    await page.fill('[data-testid=import-station-id]', neighbour.stationId);
    await page.fill('[data-testid=import-name]', neighbour.name);
    await page.fill('[data-testid=import-key]', 'not a key at all, but long enough to pass the size check');
    await page.click('[data-testid=import-key-submit]');
    await expect(page.textContent('[data-testid=import-message]', { timeout: SHOWN_MS })).resolves.toContain('Ed25519');

    await page.fill('[data-testid=import-key]', neighbour.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    await page.click('[data-testid=import-key-submit]');
    await expect(page.textContent('[data-testid=import-done]', { timeout: SHOWN_MS })).resolves.toContain(neighbour.name);
    await page.click('[data-testid=sign-out]');
  });
});

describe('split sale (分装销售)', () => {
  it('opens on the counter for a vendor, with only the tabs the role may use', async () => {
    await signInWithPinPad(page, station.url, vendor.name, vendor.pin);
    await page.waitForSelector('[data-testid=counter-screen]');
    await expect(page.locator('[data-testid^=tab-]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-testid')))).resolves.toEqual([
      'tab-counter',
      'tab-stallSales',
      'tab-verify',
      'tab-trace',
      'tab-printing',
      'tab-subjects',
      'tab-sync',
    ]);
  });

  it('issues a child code for a weighed portion of a scanned lot', async () => {
    await wedgeScan(page, gs1('SPLIT1'));
    await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=parent-panel-remaining]')).resolves.toBe('10.000');
    // The weight field has the cursor: type, Enter, done.
    await expect(page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).resolves.toBe('portion-quantity');

    const calls = apiCallsOf(page);
    await issueCode('2.35');
    const result = await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS });
    const code = (await result.getAttribute('data-code'))!;
    const stored = ownChildren(parentId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ code_key: code, quantity: 2.35 });
    child = { id: stored[0]!.id, code };
    expect(code.startsWith(STATION_ID)).toBe(true);
    await expect(page.textContent('[data-testid=child-code]')).resolves.toBe(grouped(code));
    await expect(page.textContent('[data-testid=issued-remaining]')).resolves.toContain('7.650');
    await expect(page.textContent('[data-testid=parent-panel-remaining]')).resolves.toBe('7.650');
    await page.waitForSelector(`[data-testid=child-row][data-code="${code}"][data-new=true]`, { timeout: SHOWN_MS });
    await expect(page.inputValue('[data-testid=portion-quantity]')).resolves.toBe('');
    // The sale's answer is all the screen needs: the lot, its new child, the label job to preview
    // (the receipt button, shown from the first sale on, looks once for a receipt printer).
    await page.waitForSelector('[data-testid=label-preview]', { timeout: SHOWN_MS });
    expect(calls.stop().sort()).toEqual(['listPrinters', 'previewLabel', 'splitLot']);
  });

  it('records the buyer and the price in fen, and lists the new child under its parent', async () => {
    await page.fill('[data-testid=buyer-name]', '张记餐馆');
    await page.fill('[data-testid=price-yuan]', '12.5');
    const calls = apiCallsOf(page);
    await issueCode('1');
    await page.waitForFunction((first) => {
      const shown = document.querySelector('[data-testid=split-result]')?.getAttribute('data-code');
      return shown && shown !== first;
    }, child.code);
    const code = (await page.getAttribute('[data-testid=split-result]', 'data-code'))!;
    expect(ownChildren(parentId).map((c) => c.code_key)).toEqual([child.code, code]);
    expect(db.prepare('select buyer_name, price_fen, closing from splits s join lots l on l.id = s.child_lot_id where l.code_key = ?').get(code)).toEqual({
      buyer_name: '张记餐馆',
      price_fen: 1250,
      closing: 0,
    });
    await page.waitForSelector(`[data-testid=child-row][data-code="${code}"][data-new=true]`);
    await expect(page.locator('[data-testid=child-row]').count()).resolves.toBe(2);
    await expect(page.textContent(`[data-testid=child-row][data-code="${code}"]`)).resolves.toContain('张记餐馆');
    await expect(page.inputValue('[data-testid=buyer-name]')).resolves.toBe('');
    await page.waitForSelector('[data-testid=label-preview]', { timeout: SHOWN_MS });
    expect(calls.stop()).toEqual(['splitLot', 'previewLabel']);
    await screenshot('counter-split');
  });

  it('refuses a portion larger than what is left, in words, and writes nothing', async () => {
    const before = { lots: count('lots'), splits: count('splits'), jobs: count('print_jobs') };
    await issueCode('100');
    await expect(page.textContent('[data-testid=counter-message]', { timeout: SHOWN_MS })).resolves.toBe('超过剩余数量：此批次只剩 6.650 公斤，未出码');
    expect({ lots: count('lots'), splits: count('splits'), jobs: count('print_jobs') }).toEqual(before);
    // The weight stays for correcting it.
    await expect(page.inputValue('[data-testid=portion-quantity]')).resolves.toBe('100');
  });

  it('refuses a lot waiting for its test in amber and offers no 出码', async () => {
    const before = count('lots');
    await wedgeScan(page, gs1('HELD1'));
    await page.waitForSelector('[data-testid=parent-panel][data-status=awaitingTest][data-sellable=false]', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=lot-refused]')).resolves.toBe('不能分装：此批次待检');
    // Amber: it waits for a routine test, it is not stopped (扣留 would be red).
    await expect(page.$eval('[data-testid=parent-panel]', (el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(242, 169, 0)');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);
    expect(await page.locator('[data-testid=split-result]').count()).toBe(0);
    expect(count('lots')).toBe(before);
  });

  it('splits a child again from its printed code, and closes it out with the last portion', async () => {
    await wedgeScan(page, child.code);
    await page.waitForSelector(`[data-testid=parent-panel][data-code="${child.code}"][data-status=admitted]`, { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=parent-panel-remaining]')).resolves.toBe('2.350');
    await page.click('[data-testid=closing-toggle]');
    await issueCode('2.3');
    await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS });
    const stored = ownChildren(child.id);
    expect(stored.map((c) => c.quantity)).toEqual([2.3]);
    grandchild = stored[0]!.code_key;
    await expect(page.getAttribute('[data-testid=split-result]', 'data-code')).resolves.toBe(grandchild);
    await expect(page.textContent('[data-testid=issued-remaining]')).resolves.toBe('原批次已清场（已售罄）');
    expect(db.prepare('select status from lots where id = ?').get(child.id)).toEqual({ status: 'exhausted' });
    // What is left of it may no longer be sold.
    await page.waitForSelector('[data-testid=parent-panel][data-status=exhausted][data-sellable=false]');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);
  });
});

describe('label check (验码)', () => {
  const qrOf = (lotId: string) => (JSON.parse((db.prepare('select content from print_jobs where lot_id = ?').get(lotId) as { content: string }).content) as { qr: string }).qr;

  it('finds the printed QR text valid and a tampered copy not', async () => {
    await openTab(page, 'verify');
    const qr = qrOf(child.id);
    await page.fill('[data-testid=verify-text]', qr);
    await page.click('[data-testid=verify-submit]');
    await page.waitForSelector('[data-testid=label-check][data-valid=true]', { timeout: SHOWN_MS });
    // The headline is the lot's state now (split to the last portion above); the signature is one line.
    await expect(page.textContent('[data-testid=label-check-word]')).resolves.toBe('已售罄');
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toBe(`签名有效：${STATION_NAME} 签发`);
    await expect(page.textContent('[data-testid=label-check-code]')).resolves.toBe(grouped(child.code));

    // One character of the URL's signature changed.
    const sig = new URL(qr).searchParams.get('s')!;
    const tampered = qr.replace(sig, `${sig[0] === 'x' ? 'y' : 'x'}${sig.slice(1)}`);
    expect(tampered).not.toBe(qr);
    await page.fill('[data-testid=verify-text]', tampered);
    await page.click('[data-testid=verify-submit]');
    await page.waitForSelector('[data-testid=label-check][data-valid=false][data-problem=badSignature]', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toContain('签名无效');
  });

  it("accepts a label from a station whose key was imported, under that station's name", async () => {
    const text = signedText({ code: formatOwnCode(neighbour.stationId, 7), quantity: 1.5, unit: 'kg', date: isoDay(), issuer: neighbour.name });
    await page.fill('[data-testid=verify-text]', withSignature(text, sign(null, Buffer.from(text, 'utf8'), neighbour.keys.privateKey).toString('base64url')));
    await page.click('[data-testid=verify-submit]');
    await page.waitForSelector('[data-testid=label-check][data-valid=true]', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=label-check]')).resolves.toContain(neighbour.name);
  });
});

describe('trace (追溯)', () => {
  it('shows a lot with its ancestors root-first, and moves along the lineage by click', async () => {
    const rootCode = `(01)${GTIN}(10)SPLIT1`;
    const codes = (testId: string) => page.locator(`[data-testid=${testId}]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    const shown = (code: string) => page.waitForSelector(`[data-testid=trace-lot][data-code="${code}"]`, { timeout: SHOWN_MS });

    await openTab(page, 'trace');
    await page.fill('[data-testid=trace-input]', grandchild);
    await page.press('[data-testid=trace-input]', 'Enter');
    await shown(grandchild);
    await expect(codes('ancestor-row')).resolves.toEqual([rootCode, child.code]);
    await expect(codes('trace-child-row')).resolves.toEqual([]);

    await page.click(`[data-testid=ancestor-row][data-code="${rootCode}"] button`);
    await shown(rootCode);
    await expect(codes('ancestor-row')).resolves.toEqual([]);
    await expect(codes('trace-child-row')).resolves.toEqual(ownChildren(parentId).map((c) => c.code_key));

    await page.click(`[data-testid=trace-child-row][data-code="${child.code}"] button`);
    await shown(child.code);
    await expect(codes('trace-child-row')).resolves.toEqual([grandchild]);
    await page.click('[data-testid=trace-back]');
    await shown(rootCode);
  });
});
