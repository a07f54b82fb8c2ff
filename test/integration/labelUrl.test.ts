import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/contract';
import { LABEL_40x30, type LabelContent } from '../../shared/domain/label';
import { renderLabelRaster } from '../../drivers/printer/raster';
import type { Bitmap1 } from '../../drivers/printer/bitmap';
import { decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { zxingCppRead } from '../fixtures/zxingCpp';
import { zxingQr } from '../unit/printer/rasterSupport';
import { gs1Scan, sourceCodedLot, startTestCore, USCC, type TestCore } from '../support/core';
import { seedStaff, type Staff } from '../support/disposal';

let t: TestCore;
let staff: Staff;
let printer: PrinterEmulator;
let page: Server;
/** What the stub query page was asked for: path and query of each request. */
let asked: URL[];
let origin: string;

/** The market's public query page, on loopback: it answers every scan with a page and remembers the request. */
function startPage(): Promise<Server> {
  const server = createServer((req, res) => {
    asked.push(new URL(req.url!, origin));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>一品一码查询</h1>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Resolves with the first printJob event matching (event-driven, bounded). */
function jobReaches(match: (j: PrintJob) => boolean, timeoutMs = 10_000): Promise<PrintJob> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('no such print job event'))), timeoutMs);
    const off = t.core.onEvent((event, payload) => {
      if (event === 'printJob' && match(payload as PrintJob)) {
        clearTimeout(timer);
        off();
        resolve(payload as PrintJob);
      }
    });
  });
}

/** The raster of the n-th label the emulator printed (status requests come on connections of their own). */
async function printedLabel(n: number): Promise<Bitmap1> {
  const job = await printer.waitForJob((j) => j.bytes.includes('PRINT') && printer.jobs.filter((k) => k.bytes.includes('PRINT')).indexOf(j) === n);
  const { bitmaps } = decodeTspl(job.bytes);
  expect(bitmaps).toHaveLength(1);
  return bitmaps[0]!.bitmap;
}

const contentOf = (lotId: string) => JSON.parse(t.rows('select content from print_jobs where lot_id = ? and reprint_of is null', lotId)[0]!.content) as LabelContent;
const sameBits = (a: Bitmap1, b: Bitmap1) => a.width === b.width && a.height === b.height && Buffer.from(a.bits).equals(Buffer.from(b.bits));

beforeEach(async () => {
  asked = [];
  page = await startPage();
  origin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  printer = await PrinterEmulator.start();
  t = await startTestCore();
  staff = await seedStaff(t);
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  await t.call('saveSettings', { ...(await t.call('getSettings', {})), labelUrl: { template: `${origin}/q?c={code}&s={sig}` } });
  await t.call('savePrinter', { name: '标签机', language: 'tspl', mode: 'raster', transport: { kind: 'tcp', host: printer.host, port: printer.port }, templateId: 'label-40x30' });
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await printer.stop();
  await new Promise((r) => page.close(r));
});

/** 白菜 from 寿光 with an origin exit voucher and no test report: drawn for its entry test, then tested negative. */
async function testedLot() {
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '寿光蔬菜合作社', uscc: USCC.a });
  const cabbage = (await t.call('listVarieties', {})).find((v) => v.name === '白菜')!;
  const raw = gs1Scan('1', 'SG1');
  const issueDate = new Date().toLocaleDateString('sv');
  const entry = await t.call('checkEntry', {
    raw,
    source: 'wedge',
    supplierId: supplier.id,
    varietyId: cabbage.id,
    quantity: 50,
    unit: 'kg',
    certificates: [{ type: 'originExit', number: 'SG-2026-0001', issuer: '寿光市农业农村局', issueDate }],
  });
  expect(entry.view.lot.status).toBe('awaitingTest');
  await t.call('recordTest', { raw, itemId: 'opCarbamate', value: 12 }, staff.inspector.session);
  return raw;
}

describe('the label a phone can open', () => {
  it('prints a QR that independent decoders read as the query URL; the page gets the code and signature; 验码 checks it offline', async () => {
    const parentRaw = await testedLot();
    const printed = jobReaches((j) => j.status === 'done');
    const sold = await t.call('splitLot', { parentRaw, quantity: 2.35, unit: 'kg', closing: false });
    await printed;
    const label = await printedLabel(0);

    // zxing-js (the camera's decoder) and ZXing-C++ read the printed dots, not the job's text.
    const decoded = zxingQr(label) ?? (await zxingCppRead(label, 'QRCode'));
    expect(await zxingCppRead(label, 'QRCode')).toBe(decoded);
    expect(decoded).toBe(sold.qr);
    const url = new URL(decoded!);
    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/q`);

    // A phone opens it: the page is asked for this code with its signature.
    const res = await fetch(decoded!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('一品一码查询');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.pathname).toBe('/q');
    expect(asked[0]!.searchParams.get('c')).toBe(sold.code);
    expect(asked[0]!.searchParams.get('s')).toMatch(/^[A-Za-z0-9_-]{86}$/);

    // 验码, offline: genuine, the lot as it is now.
    expect(await t.call('verifyLabel', { raw: decoded! })).toMatchObject({
      source: 'label',
      valid: true,
      problem: null,
      code: sold.code,
      url: decoded,
      stationName: '鲤城农贸市场 2号摊',
      stateKnown: true,
      view: { lot: { status: 'admitted' }, alert: false },
    });
    // Altered on the way (one character of the signature): refused, and the lot's state still shown.
    const sig = asked[0]!.searchParams.get('s')!;
    const tampered = decoded!.replace(sig, `${sig[0] === '0' ? '1' : '0'}${sig.slice(1)}`);
    expect(await t.call('verifyLabel', { raw: tampered })).toMatchObject({ valid: false, problem: 'badSignature', stateKnown: true });

    // The printed label is the 40×30 raster of what was issued plus 产地 and 检测 read from the records.
    const content = contentOf(sold.child.lot.id);
    expect(content).toMatchObject({ qr: sold.qr, lookup: `${url.host}/q` });
    expect(content.area).toBeUndefined();
    expect(sameBits(label, renderLabelRaster({ ...content, area: '寿光市农业农村局', test: '合格' }, LABEL_40x30))).toBe(true);
    expect(sameBits(label, renderLabelRaster(content, LABEL_40x30))).toBe(false);
  });

  it('prints 检测 as the records stand when the label prints: a crate label says 待检, its reprint after the test 合格', async () => {
    await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.b });
    const firstPrint = jobReaches((j) => j.status === 'done' && j.purpose === 'crate');
    const crate = await sourceCodedLot(t);
    const job = await firstPrint;
    const content = contentOf(crate.view.lot.id);
    const before = await printedLabel(0);
    expect(sameBits(before, renderLabelRaster({ ...content, test: '待检' }, LABEL_40x30))).toBe(true);

    await t.call('recordTest', { raw: crate.view.lot.codeKey, itemId: 'opCarbamate', value: 12 }, staff.inspector.session);
    const reprinted = jobReaches((j) => j.status === 'done' && j.id !== job.id);
    await t.call('reprint', { jobId: job.id, reason: '标签污损' });
    await reprinted;
    const after = await printedLabel(1);
    expect(sameBits(after, renderLabelRaster({ ...content, test: '合格' }, LABEL_40x30))).toBe(true);
    expect(zxingQr(after) ?? (await zxingCppRead(after, 'QRCode'))).toBe(content.qr);
  });
});
