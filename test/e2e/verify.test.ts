import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedText, withSignature } from '../../shared/domain/labelPayload';
import { formatOwnCode } from '../../shared/domain/ownCode';
import { ALERT_COLOURS } from '../../renderer/src/feedback/colours';
import { ADMIN_PIN, isoDay, openDesk, openTab, partialWarnings, receiveLot, signInWithPinPad, wedgeScan, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const PARENT = '010690123456789210VERIFY1';
const SHOWN_MS = 10_000;
const neighbour = { stationId: '3050201', name: '邻街市场 5号摊', keys: generateKeyPairSync('ed25519') };

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
/** A child sold on from PARENT and the QR its label carries (the query URL). */
let child: { code: string; qr: string };

const grouped = (code: string) => `${code.slice(0, 7)} ${code.slice(7, 11)} ${code.slice(11, 15)} ${code.slice(15)}`;
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/**
 * A keyboard-wedge scan of a multi-line label QR: each line break as Enter and Enter after the last
 * line, Chinese as Alt+numpad codes. The scan is whole at the scanner's idle gap: then `shown` is
 * on screen, or the test fails at once if the screen asked for a rescan instead.
 */
async function wedgeScanLines(text: string, shown: string): Promise<void> {
  const before = await partialWarnings(page);
  await wedgeScan(page, text);
  await page.waitForFunction(
    ({ n, selector }) => Number(document.querySelector('[data-testid=scan-warning][data-warning=partial]')?.getAttribute('data-count') ?? 0) > n || document.querySelector(selector) !== null,
    { n: before, selector: shown },
    { timeout: SHOWN_MS },
  );
  expect(await partialWarnings(page), 'the screen took the label scan as broken off').toBe(before);
}

/** The answer for `code` with the given attributes (each answer below differs from the one before in them). */
const answerSelector = (code: string, attributes: string) => `[data-testid=label-check][data-state=done]${attributes}[data-code="${code}"]`;
const answer = (code: string, attributes: string) => page.waitForSelector(answerSelector(code, attributes), { timeout: SHOWN_MS });

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

beforeAll(async () => {
  desk = await openDesk();
  ({ station, counter, page } = desk);
  const s = counter.adminSession;
  await station.ok('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' }, s);
  await receiveLot(station, counter, { raw: PARENT, name: 'VERIFY1', quantity: 20 });
  const split = await station.ok('splitLot', { parentRaw: PARENT, quantity: 2.35, unit: 'kg', closing: false }, s);
  child = { code: split.code, qr: split.qr };
  await station.ok('importStationKey', { stationId: neighbour.stationId, name: neighbour.name, publicKey: neighbour.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, s);
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  // The wedge listener takes the station's scanner timing once it has loaded.
  const settings = page.waitForResponse((r) => r.url().endsWith('/api/getSettings'));
  await openTab(page, 'verify');
  await settings;
  await page.waitForSelector('[data-testid=verify-screen]');
});

afterAll(() => desk?.stop());

describe('验码 shows the lot’s current state', () => {
  it('reads a label QR (the query URL) through the keyboard wedge and leads with 已准入', async () => {
    expect(child.qr).toMatch(new RegExp(`^https://trace\\.example\\.com/q\\?c=${child.code}&s=[A-Za-z0-9_-]{86}$`));
    await wedgeScanLines(child.qr, answerSelector(child.code, '[data-status=admitted]'));
    const panel = await answer(child.code, '[data-source=label][data-status=admitted]');
    await expect(panel.getAttribute('data-valid')).resolves.toBe('true');
    await expect(page.textContent('[data-testid=label-check-word]')).resolves.toBe('已准入');
    await expect(page.textContent('[data-testid=label-check-code]')).resolves.toBe(grouped(child.code));
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toBe('签名有效：鲤城农贸市场 2号摊 签发');
    await expect(page.getAttribute('[data-testid=verify-url]', 'data-url')).resolves.toBe(child.qr);
    const sig = new URL(child.qr).searchParams.get('s')!;
    await expect(page.textContent('[data-testid=verify-url]')).resolves.toBe(child.qr.replace(sig, `${sig.slice(0, 8)}…`));
    // The scan went to the answer, not into the paste box.
    await expect(page.inputValue('[data-testid=verify-text]')).resolves.toBe('');
  });

  it('shows a genuine label of a lot destroyed since as 已销毁 in red, the signature one line of it', async () => {
    // The portion brought back and destroyed itself (a disposal destroys the scanned lot only).
    await station.ok(
      'disposeLot',
      {
        raw: child.code,
        quantity: 2.35,
        unit: 'kg',
        reason: 'testFailed',
        method: 'shredding',
        operatorPin: ADMIN_PIN,
        witnessId: (await station.ok('listOperators', {})).find((o) => o.name === counter.manager.name)!.id,
        witnessPin: counter.manager.pin,
      },
      counter.adminSession,
    );
    await wedgeScanLines(child.qr, answerSelector(child.code, '[data-status=destroyed]'));
    const panel = await answer(child.code, '[data-source=label][data-status=destroyed]');
    await expect(panel.getAttribute('data-valid')).resolves.toBe('true');
    await expect(panel.getAttribute('data-tone')).resolves.toBe('alert');
    await expect(panel.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe(rgb(ALERT_COLOURS.background));
    await expect(page.textContent('[data-testid=label-check-word]')).resolves.toBe('已销毁');
    await expect(page.textContent('[data-testid=label-check-state]')).resolves.toBe('本站记录：此批次已销毁');
    await expect(page.textContent('[data-testid=label-check-stopped]')).resolves.toBe('不得销售或分装：请交市场管理员处理');
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toBe('签名有效：鲤城农贸市场 2号摊 签发');
    await expect(page.textContent('[data-testid=label-check]')).resolves.toContain('2.350 公斤');
    await screenshot('verify-destroyed');
  });

  it('looks a plain code up instead of refusing it: the station code shows 已销毁, an unknown GS1 code has no record here', async () => {
    await wedgeScan(page, child.code);
    const panel = await answer(child.code, '[data-source=code][data-status=destroyed]');
    await expect(panel.getAttribute('data-tone')).resolves.toBe('alert');
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toBe('普通追溯码，没有签名：按本站记录查询');

    await wedgeScan(page, '010690123456789210NOSUCH');
    await page.waitForSelector('[data-testid=label-check][data-state=done][data-source=code][data-state-known=false]', { timeout: SHOWN_MS });
    await expect(page.textContent('[data-testid=label-check-code]')).resolves.toBe('(01)06901234567892(10)NOSUCH');
    await expect(page.textContent('[data-testid=label-check-word]')).resolves.toBe('状态未知');
    await expect(page.textContent('[data-testid=label-check-state]')).resolves.toBe('本站无此批次记录：请核对追溯码，或先在入场查验登记');
  });

  it('checks another station’s label printed before URLs (YP1 text, line breaks and all, through the wedge) and says its state is unknown here', async () => {
    const code = formatOwnCode(neighbour.stationId, 7);
    const text = signedText({ code, quantity: 1.5, unit: 'kg', date: isoDay(), issuer: neighbour.name });
    await wedgeScanLines(withSignature(text, sign(null, Buffer.from(text, 'utf8'), neighbour.keys.privateKey).toString('base64url')), answerSelector(code, '[data-valid=true]'));
    await answer(code, '[data-valid=true][data-state-known=false]');
    await expect(page.textContent('[data-testid=label-check-word]')).resolves.toBe('状态未知');
    await expect(page.textContent('[data-testid=label-check-state]')).resolves.toBe('本站无此批次记录，状态未知');
    await expect(page.textContent('[data-testid=label-check-signature]')).resolves.toBe(`签名有效：${neighbour.name} 签发`);
  });
});
