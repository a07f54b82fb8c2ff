import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrMatrix } from '../../drivers/printer/raster/codes';
import { LABEL_40x30 } from '../../shared/domain/label';
import { decodeEscpos, decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator, type CapturedJob } from '../fixtures/printerEmulator';
import { zxingCppRead } from '../fixtures/zxingCpp';
import { crop, zxingQr } from '../unit/printer/rasterSupport';
import { ADMIN_PIN, isoDay, openDesk, openTab, receiveLot, signInWithPinPad, teardown, wedgeScan, type Counter, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
/** GS1 (01) GTIN + (10) batch: the admitted lot the counter sells from. */
const PARENT = '010690123456789210PRINT1';
const SHOWN_MS = 10_000;
/** The queue retries a waiting job every 3 s in `serve`; a label takes well under a second. */
const PRINTED_MS = 10_000;
const vendor = { name: '陈摊主', pin: '3579' };

let emulator: PrinterEmulator;
/** The stall's receipt printer (ESC/POS), next to its label printer. */
let tills: PrinterEmulator;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
let parentId: string;
/** The child issued on the counter screen, and the label the printer got for it. */
let sold: { code: string; lotId: string; jobId: string; label: CapturedJob };

const grouped = (code: string) => `${code.slice(0, 7)} ${code.slice(7, 11)} ${code.slice(11, 15)} ${code.slice(15)}`;
const jobRow = (code: string, extra = '') => `[data-testid=print-job][data-code="${code}"]${extra}`;
/** The original job of a lot (not a reprint) and the QR payload it prints. */
const originalJob = (lotId: string) => {
  const row = db.prepare('select id, content from print_jobs where lot_id = ? and reprint_of is null').get(lotId) as { id: string; content: string };
  return { id: row.id, qr: (JSON.parse(row.content) as { qr: string }).qr };
};
const childOf = (code: string) => (db.prepare('select id from lots where code_key = ?').get(code) as { id: string }).id;

/** Label jobs only: TSPL status queries arrive on connections of their own, without PRINT. */
const labels = () => emulator.jobs.filter((j) => j.bytes.includes('PRINT'));
/** The next label after the `after` labels already received. */
const nextLabel = (after: number) => emulator.waitForJob((j) => j.bytes.includes('PRINT') && labels().indexOf(j) >= after, PRINTED_MS);

/** The QR the raster label carries, read back as a phone would; it must be exactly `qr`. */
async function expectLabelQr(label: CapturedJob, qr: string) {
  const { bitmaps, print } = decodeTspl(label.bytes);
  expect(print).toEqual([1, 1]);
  expect(bitmaps).toHaveLength(1);
  const bm = bitmaps[0]!.bitmap;
  expect(await zxingCppRead(bm, 'QRCode')).toBe(qr);
  // zxing-js misses a share of sharp symbols in its finder search (zxing-js/library#653): given the
  // QR block alone, top right with its quiet zone, it must read it exactly.
  const side = (qrMatrix(qr).size + 8) * LABEL_40x30.qrModule;
  expect(zxingQr(bm) ?? zxingQr(crop(bm, bm.width - side, 0, side, side), true)).toBe(qr);
}

/**
 * Waits for the counter's scanner settings: their arrival re-attaches the keyboard-wedge listener,
 * which would drop a scan typed in the meantime.
 */
async function counterReady(open: () => Promise<unknown>) {
  const settings = page.waitForResponse((r) => r.url().endsWith('/api/getSettings'));
  await open();
  await settings;
  await page.waitForSelector('[data-testid=counter-screen]');
}

async function issueOnCounter(quantity: string): Promise<string> {
  // A scan clears the last result, so the one awaited below is this sale's.
  await wedgeScan(page, PARENT);
  await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]', { timeout: SHOWN_MS });
  await page.fill('[data-testid=portion-quantity]', quantity);
  await page.press('[data-testid=portion-quantity]', 'Enter');
  const result = await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS });
  const code = (await result.getAttribute('data-code'))!;
  // The child is listed under its parent at once, whatever the printer is doing.
  await page.waitForSelector(`[data-testid=child-row][data-code="${code}"][data-new=true]`, { timeout: SHOWN_MS });
  return code;
}

async function screenshot(name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

const opened = teardown();

beforeAll(async () => {
  emulator = opened.add(await PrinterEmulator.start(), (e) => e.stop());
  tills = opened.add(await PrinterEmulator.start(), (e) => e.stop());
  ({ station, counter, page, db } = opened.add(await openDesk(), (d) => d.stop()));
  const s = counter.adminSession;
  const stall = await station.ok('saveSubject', { kind: 'stall', name: '2号摊' }, s);
  await station.ok('createOperator', { ...vendor, role: 'vendor', stallId: stall.id }, s);
  await station.ok('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' }, s);
  parentId = (await receiveLot(station, counter, { raw: PARENT, name: 'PRINT1', quantity: 20 })).view.lot.id;
  await station.ok('assignLotStall', { lotId: parentId, stallId: stall.id }, s);
});

afterAll(opened.close);

describe('printing (打印)', () => {
  /** Issued over the API before any printer exists. */
  let early: { code: string; lotId: string };

  it('says a label waits because no printer is set up, in the top bar and on the printing screen', async () => {
    const split = await station.ok('splitLot', { parentRaw: PARENT, quantity: 1.5, unit: 'kg', closing: false }, counter.adminSession);
    early = { code: split.code, lotId: split.child.lot.id };
    const admin = (await station.ok('listOperators', {})).find((o) => o.role === 'admin')!;
    await signInWithPinPad(page, station.url, admin.name, ADMIN_PIN);

    const alert = await page.waitForSelector('[data-testid=print-alert][data-reasons=noPrinter]', { timeout: SHOWN_MS });
    await expect(alert.textContent()).resolves.toBe('打印暂停：未配置打印机');
    await alert.click();
    await page.waitForSelector('[data-testid=printing-screen]');
    const banner = await page.waitForSelector('[data-testid=print-banner][data-reasons=noPrinter]', { timeout: SHOWN_MS });
    await expect(banner.textContent()).resolves.toContain('标签没有打印：未配置打印机');
    await expect(banner.textContent()).resolves.toContain('请系统管理员在「打印」页添加打印机');
    // The full banner is here: the top bar does not repeat it.
    expect(await page.locator('[data-testid=print-alert]').count()).toBe(0);
    await page.waitForSelector(jobRow(early.code, '[data-status=waiting]'), { timeout: SHOWN_MS });
    await expect(page.textContent(`${jobRow(early.code)} [data-testid=job-why]`)).resolves.toBe('未配置打印机');
    await expect(page.textContent(`${jobRow(early.code)} .job-code`)).resolves.toBe(grouped(early.code));
    await expect(page.textContent('[data-testid=printers]')).resolves.toContain('尚未配置打印机');
    expect(db.prepare('select status, last_error from print_jobs where lot_id = ?').get(early.lotId)).toEqual({ status: 'waiting', last_error: 'noPrinter' });
  });

  it('lets the admin add a TSPL label printer, checking the form; the waiting label then prints on it', async () => {
    await page.click('[data-testid=printer-add]');
    await page.waitForSelector('[data-testid=printer-form]');
    // A label printer on label stock, printed as an image (the native 40×30 layout overlaps).
    const pressed = (testId: string) => page.getAttribute(`[data-testid=${testId}]`, 'aria-pressed');
    await expect(pressed('printer-language-tspl')).resolves.toBe('true');
    await expect(pressed('printer-template-label-40x30')).resolves.toBe('true');
    await expect(pressed('printer-mode-raster')).resolves.toBe('true');
    await expect(pressed('printer-transport-tcp')).resolves.toBe('true');
    await expect(page.inputValue('[data-testid=printer-port]')).resolves.toBe('9100');

    // A receipt printer moves to receipt stock and its own commands; back again for labels.
    await page.click('[data-testid=printer-language-escpos]');
    await expect(pressed('printer-template-receipt-58')).resolves.toBe('true');
    await expect(pressed('printer-mode-native')).resolves.toBe('true');
    await page.click('[data-testid=printer-language-tspl]');
    await expect(pressed('printer-template-label-40x30')).resolves.toBe('true');
    await expect(pressed('printer-mode-raster')).resolves.toBe('true');
    await page.click('[data-testid=printer-mode-native]');
    await expect(page.textContent('[data-testid=printer-native-warning]')).resolves.toContain('建议直接选「图像」');
    await page.click('[data-testid=printer-mode-raster]');
    expect(await page.locator('[data-testid=printer-native-warning]').count()).toBe(0);

    await page.click('[data-testid=printer-save]');
    await expect(page.textContent('[data-testid=printer-message]')).resolves.toBe('请填写打印机名称（最多 40 字）；请填写打印机的 IP 地址或主机名');
    await page.fill('[data-testid=printer-name]', '2号摊标签机');
    await page.fill('[data-testid=printer-host]', emulator.host);
    await page.fill('[data-testid=printer-port]', '70000');
    await page.click('[data-testid=printer-save]');
    await expect(page.textContent('[data-testid=printer-message]')).resolves.toBe('端口须为 1–65535 之间的整数，一般为 9100');
    expect(db.prepare('select count(*) as n from printers').get()).toEqual({ n: 0 });

    await page.fill('[data-testid=printer-port]', String(emulator.port));
    await page.click('[data-testid=printer-save]');
    const row = await page.waitForSelector('[data-testid=printer-row]', { timeout: SHOWN_MS });
    await expect(row.textContent()).resolves.toContain('2号摊标签机');
    await expect(page.textContent('[data-testid=printer-where]')).resolves.toBe(`网络 TCP ${emulator.host}:${emulator.port}`);
    expect(db.prepare('select name, language, mode, transport, template_id from printers').all()).toEqual([
      { name: '2号摊标签机', language: 'tspl', mode: 'raster', transport: JSON.stringify({ kind: 'tcp', host: emulator.host, port: emulator.port }), template_id: 'label-40x30' },
    ]);

    // The first printer takes the jobs that name none: the waiting label prints now.
    await expectLabelQr(await nextLabel(0), originalJob(early.lotId).qr);
    await page.waitForSelector(jobRow(early.code, '[data-status=done]'), { timeout: PRINTED_MS });
    await expect(page.textContent(`${jobRow(early.code)} [data-testid=job-status]`)).resolves.toBe('已打印');
    await page.waitForSelector('[data-testid=print-banner]', { state: 'detached', timeout: SHOWN_MS });
    await page.click('[data-testid=sign-out]');
  });

  it('prints the label of a portion sold on the counter and lists it as printed', async () => {
    await counterReady(() => signInWithPinPad(page, station.url, vendor.name, vendor.pin));
    const before = labels().length;
    const code = await issueOnCounter('2.35');
    const lotId = childOf(code);
    const { id: jobId, qr } = originalJob(lotId);
    expect(qr).toContain(`?c=${code}&s=`);
    const label = await nextLabel(before);
    await expectLabelQr(label, qr);
    sold = { code, lotId, jobId, label };
    expect(db.prepare('select parent_lot_id from lots where id = ?').get(lotId)).toEqual({ parent_lot_id: parentId });

    await openTab(page, 'printing');
    await page.waitForSelector(jobRow(code, '[data-status=done]'), { timeout: PRINTED_MS });
    await expect(page.textContent(`${jobRow(code)} [data-testid=job-status]`)).resolves.toBe('已打印');
    // Newest first.
    await expect(page.getAttribute('[data-testid=print-job]', 'data-code')).resolves.toBe(code);
    // A vendor sees the printer but may not change it.
    await expect(page.textContent('[data-testid=printer-row]')).resolves.toContain('2号摊标签机');
    expect(await page.locator('[data-testid=printer-add], [data-testid=printer-edit]').count()).toBe(0);
  });

  it('says 缺纸 at the counter and on the printing screen while the paper is out, and prints once paper is back', async () => {
    emulator.setState({ paperOut: true });
    await counterReady(() => openTab(page, 'counter'));
    const before = labels().length;
    const code = await issueOnCounter('1');
    // The vendor learns it at the counter, in the top bar.
    const alert = await page.waitForSelector('[data-testid=print-alert][data-reasons=paperOut]', { timeout: PRINTED_MS });
    await expect(alert.textContent()).resolves.toBe('打印暂停：缺纸');
    // Polled: each retry sets the row to printing for a moment.
    await expect
      .poll(() => db.prepare('select status, last_error from print_jobs where lot_id = ?').get(childOf(code)), { timeout: PRINTED_MS })
      .toEqual({ status: 'waiting', last_error: 'paperOut' });

    await alert.click();
    const banner = await page.waitForSelector('[data-testid=print-banner][data-reasons=paperOut]', { timeout: SHOWN_MS });
    await expect(banner.textContent()).resolves.toContain('标签没有打印：缺纸');
    await expect(banner.textContent()).resolves.toContain('请装入标签纸');
    // Between retries the job waits; during one it shows 重试中. Either way it says why.
    await page.waitForSelector(jobRow(code, '[data-status=waiting]'), { timeout: PRINTED_MS });
    await expect(page.textContent(`${jobRow(code)} [data-testid=job-why]`)).resolves.toBe('缺纸');
    await screenshot('printing');
    expect(labels()).toHaveLength(before);

    emulator.setState({ paperOut: false });
    await expectLabelQr(await nextLabel(before), originalJob(childOf(code)).qr);
    await page.waitForSelector(jobRow(code, '[data-status=done]'), { timeout: PRINTED_MS });
    await page.waitForSelector('[data-testid=print-banner]', { state: 'detached', timeout: SHOWN_MS });
  });

  it('reprints a label with a reason: the identical label again, recorded with who asked and why', async () => {
    const original = jobRow(sold.code, '[data-reprint-of=""]');
    const codes = () => (db.prepare('select count(*) as n from lots').get() as { n: number }).n;
    const lotsBefore = codes();
    const before = labels().length;
    await page.click(`${original} [data-testid=job-reprint-open]`);
    await page.click('[data-testid=reprint-submit]');
    await expect(page.textContent('[data-testid=reprint-message]')).resolves.toBe('请填写重打原因');
    await expect(page.textContent('[data-testid=reprint-form] h3')).resolves.toContain(grouped(sold.code));
    await page.fill('[data-testid=reprint-reason]', '标签被水打湿');
    await page.click('[data-testid=reprint-submit]');

    const reprinted = jobRow(sold.code, `[data-reprint-of="${sold.jobId}"]`);
    await page.waitForSelector(`${reprinted}[data-status=done]`, { timeout: PRINTED_MS });
    await expect(page.textContent(`${reprinted} [data-testid=job-reprint]`)).resolves.toBe('重打 原因：标签被水打湿');
    const label = await nextLabel(before);
    expect(label.bytes.equals(sold.label.bytes)).toBe(true);
    await expectLabelQr(label, originalJob(sold.lotId).qr);

    const vendorId = (await station.ok('listOperators', {})).find((o) => o.name === vendor.name)!.id;
    expect(db.prepare('select reprint_of, reason, created_by, status from print_jobs where lot_id = ? and reprint_of is not null').all(sold.lotId)).toEqual([
      { reprint_of: sold.jobId, reason: '标签被水打湿', created_by: vendorId, status: 'done' },
    ]);
    // Same code, never a new one.
    expect(codes()).toBe(lotsBefore);
  });

  it('shows a job’s label preview on demand', async () => {
    const row = jobRow(sold.code, '[data-reprint-of=""]');
    expect(await page.locator(`${row} [data-testid=job-preview]`).count()).toBe(0);
    await page.click(`${row} [data-testid=job-preview-toggle]`);
    const preview = await page.waitForSelector(`${row} [data-testid=job-preview]`, { timeout: SHOWN_MS });
    await expect(preview.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, preview, { timeout: SHOWN_MS });
    await page.click(`${row} [data-testid=job-preview-toggle]`);
    expect(await page.locator(`${row} [data-testid=job-preview]`).count()).toBe(0);
  });

  it('shows a label the printer did not confirm as 已发送，未确认, at the counter and in 打印, and the vendor confirms it', async () => {
    // Paper runs out between the check before the job and the job: the answer behind the job says so.
    emulator.onStatusRequest = () => {
      emulator.onStatusRequest = undefined;
      emulator.setState({ paperOut: true });
    };
    await counterReady(() => openTab(page, 'counter'));
    const before = labels().length;
    const code = await issueOnCounter('0.8');
    const alert = await page.waitForSelector('[data-testid=print-alert][data-unconfirmed="1"]', { timeout: PRINTED_MS });
    await expect(alert.textContent()).resolves.toBe('打印未确认：1 张');
    // The bytes reached the printer once; with paper back nothing is sent again on its own.
    await nextLabel(before);
    emulator.setState({ paperOut: false });

    await alert.click();
    const row = jobRow(code, '[data-status=sent]');
    await page.waitForSelector(row, { timeout: SHOWN_MS });
    await expect(page.textContent(`${row} [data-testid=job-status]`)).resolves.toBe('已发送，未确认');
    await expect(page.textContent(`${row} [data-testid=job-why]`)).resolves.toBe('缺纸');
    await expect(page.textContent('[data-testid=print-unconfirmed-banner]')).resolves.toContain('1 张已发送，未确认');
    await screenshot('printing-unconfirmed');
    expect(db.prepare('select status, last_error, printed_at from print_jobs where lot_id = ?').get(childOf(code))).toEqual({ status: 'sent', last_error: 'paperOut', printed_at: null });

    await page.click(`${row} [data-testid=job-confirm]`);
    const confirmed = jobRow(code, '[data-status=done]');
    await page.waitForSelector(confirmed, { timeout: SHOWN_MS });
    await expect(page.textContent(`${confirmed} [data-testid=job-status]`)).resolves.toBe('已打印');
    await expect(page.textContent(`${confirmed} [data-testid=job-confirmed-by]`)).resolves.toBe(`人工确认：${vendor.name}`);
    await page.waitForSelector('[data-testid=print-unconfirmed-banner]', { state: 'detached', timeout: SHOWN_MS });
    const vendorId = (await station.ok('listOperators', {})).find((o) => o.name === vendor.name)!.id;
    expect(db.prepare('select status, confirmed_by from print_jobs where lot_id = ?').get(childOf(code))).toEqual({ status: 'done', confirmed_by: vendorId });
    expect(labels()).toHaveLength(before + 1);
  });

  it('cancels a waiting label whose lot is destroyed: never printed, 已取消 with the reason, and no reprint', async () => {
    const s = counter.adminSession;
    emulator.setState({ paperOut: true });
    const before = labels().length;
    const doomed = await station.ok('splitLot', { parentRaw: PARENT, quantity: 0.5, unit: 'kg', closing: false }, s);
    await page.waitForSelector(jobRow(doomed.code, '[data-status=waiting]'), { timeout: PRINTED_MS });
    await expect(page.textContent(`${jobRow(doomed.code)} [data-testid=job-lot-status]`)).resolves.toBe('已准入');

    const witness = (await station.ok('listOperators', {})).find((o) => o.name === counter.manager.name)!;
    await station.ok(
      'disposeLot',
      { raw: doomed.code, quantity: 0.5, unit: 'kg', reason: 'other', method: 'shredding', operatorPin: ADMIN_PIN, witnessId: witness.id, witnessPin: counter.manager.pin },
      s,
    );
    const row = jobRow(doomed.code, '[data-status=cancelled][data-lot-status=destroyed]');
    await page.waitForSelector(row, { timeout: PRINTED_MS });
    await expect(page.textContent(`${row} [data-testid=job-status]`)).resolves.toBe('已取消');
    await expect(page.textContent(`${row} [data-testid=job-why]`)).resolves.toBe('批次已销毁，不再打印');
    await expect(page.textContent(`${row} [data-testid=job-lot-status]`)).resolves.toBe('已销毁');
    // Nothing waits any more: the paper-out banner goes.
    await page.waitForSelector('[data-testid=print-banner]', { state: 'detached', timeout: SHOWN_MS });
    expect(db.prepare('select status, last_error from print_jobs where lot_id = ?').get(doomed.child.lot.id)).toEqual({ status: 'cancelled', last_error: 'destroyed' });

    // Paper back: the next label prints, the cancelled one never does.
    emulator.setState({ paperOut: false });
    const control = await station.ok('splitLot', { parentRaw: PARENT, quantity: 0.5, unit: 'kg', closing: false }, s);
    await expectLabelQr(await nextLabel(before), control.qr);
    await page.waitForSelector(jobRow(control.code, '[data-status=done]'), { timeout: PRINTED_MS });
    expect(labels()).toHaveLength(before + 1);

    await page.click(`${row} [data-testid=job-reprint-open]`);
    await page.fill('[data-testid=reprint-reason]', '再打一张');
    await page.click('[data-testid=reprint-submit]');
    await expect(page.textContent('[data-testid=reprint-message]')).resolves.toBe('此批次已销毁，不能打印标签');
    expect(db.prepare('select count(*) as n from print_jobs where lot_id = ?').get(doomed.child.lot.id)).toEqual({ n: 1 });
  });

  it('prints the buyer’s receipt from the counter on the receipt printer, weighed and printed in 斤', async () => {
    await page.click('[data-testid=sign-out]');
    const admin = (await station.ok('listOperators', {})).find((o) => o.role === 'admin')!;
    await signInWithPinPad(page, station.url, admin.name, ADMIN_PIN);
    await openTab(page, 'printing');
    await page.click('[data-testid=printer-add]');
    // A receipt printer takes receipts: choosing ESC/POS moves the use and the stock with it.
    await page.click('[data-testid=printer-language-escpos]');
    await screenshot('printer-form-receipts');
    await expect(page.getAttribute('[data-testid=printer-purpose-receipts]', 'aria-pressed')).resolves.toBe('true');
    await expect(page.getAttribute('[data-testid=printer-template-receipt-58]', 'aria-pressed')).resolves.toBe('true');
    await expect(page.getAttribute('[data-testid=printer-encoding-gbk]', 'aria-pressed')).resolves.toBe('true');
    await page.fill('[data-testid=printer-name]', '2号摊小票机');
    await page.fill('[data-testid=printer-host]', tills.host);
    await page.fill('[data-testid=printer-port]', String(tills.port));
    await page.click('[data-testid=printer-save]');
    await page.waitForSelector('[data-testid=printer-row][data-purpose=receipts][data-default=true]', { timeout: SHOWN_MS });
    await page.waitForSelector('[data-testid=printer-row][data-purpose=labels][data-default=true]');
    expect(db.prepare("select language, purpose, encoding from printers where name = '2号摊小票机'").get()).toEqual({ language: 'escpos', purpose: 'receipts', encoding: 'gbk' });
    await page.click('[data-testid=sign-out]');

    await counterReady(() => signInWithPinPad(page, station.url, vendor.name, vendor.pin));
    await wedgeScan(page, PARENT);
    await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]', { timeout: SHOWN_MS });
    await page.click('[data-testid=weigh-in-jin]');
    await expect(page.textContent('.portion label.grow')).resolves.toContain('本份重量（斤）');
    const before = labels().length;
    await page.fill('[data-testid=portion-quantity]', '4.7');
    await page.press('[data-testid=portion-quantity]', 'Enter');
    const code = (await (await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS })).getAttribute('data-code'))!;
    const { qr } = originalJob(childOf(code));
    // The QR is the label URL (no quantity to disagree with the 斤); the label goes to the label printer.
    expect(qr).toContain(`?c=${code}&s=`);
    await expectLabelQr(await nextLabel(before), qr);

    await page.click('[data-testid=print-receipt]');
    await expect(page.textContent('[data-testid=receipt-message]')).resolves.toBe('小票已送往小票打印机');
    await screenshot('counter-receipt');
    const receipt = await tills.waitForJob((j) => j.bytes.length > 100, PRINTED_MS);
    const slip = decodeEscpos(receipt.bytes);
    const lines = slip.texts.filter(Boolean);
    expect(lines[0]).toBe('鲤城农贸市场 2号摊 2号摊');
    expect(lines).toContain('品名：白菜');
    expect(lines).toContain('数量：4.70 斤');
    expect(lines).toContain(`追溯码：${grouped(code)}`);
    expect(lines.find((l) => l.startsWith('时间：'))).toMatch(new RegExp(`^时间：${isoDay()} \\d\\d:\\d\\d$`));
    expect(slip.qrs.map((q) => q.data)).toEqual([qr]);
    // Each printer got only its own: no receipt on the label printer.
    await expect.poll(() => db.prepare("select status from print_jobs where purpose = 'receipts'").all(), { timeout: PRINTED_MS }).toEqual([{ status: 'done' }]);
    expect(labels()).toHaveLength(before + 1);
    expect(tills.jobs.filter((j) => j.bytes.length > 100)).toHaveLength(1);
  });
});
