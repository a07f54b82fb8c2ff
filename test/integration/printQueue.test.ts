import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/contract';
import { PNG } from 'pngjs';
import { decodeEscpos, decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { admitCabbageLot, gs1Scan, startTestCore, USCC, type TestCore } from '../support/core';
import { zxingCppRead } from '../fixtures/zxingCpp';
import { zxingQr } from '../unit/printer/rasterSupport';

let t: TestCore;
let printer: PrinterEmulator;
let parentRaw: string;

/** Resolves with the first printJob event for `jobId` in `status` (event-driven, bounded). */
function jobReaches(status: PrintJob['status'], match: (j: PrintJob) => boolean = () => true, timeoutMs = 5000): Promise<PrintJob> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no print job reached ${status}`))), timeoutMs);
    const off = t.core.onEvent((event, payload) => {
      if (event !== 'printJob') return;
      const job = payload as PrintJob;
      if (job.status === status && match(job)) {
        clearTimeout(timer);
        off();
        resolve(job);
      }
    });
  });
}

function sequenceNext() {
  const db = new Database(join(t.dir, 'station.db'), { readonly: true });
  try {
    return (db.prepare('select next from code_sequences').get() as { next: number }).next;
  } finally {
    db.close();
  }
}

async function addPrinter(language: 'tspl' | 'escpos', mode: 'native' | 'raster', templateId: string) {
  return t.call('savePrinter', { name: `${language} ${mode}`, language, mode, transport: { kind: 'tcp', host: printer.host, port: printer.port }, templateId });
}

/** The QRs of the labels the emulator received (status queries come on connections of their own), read by ZXing-C++ off the raster. */
async function labelQrs() {
  await printer.idle();
  const labels = printer.jobs.filter((j) => j.bytes.includes('PRINT')).map((j) => decodeTspl(j.bytes));
  return Promise.all(labels.map(async (job) => job.qrcodes[0]?.data ?? (await zxingCppRead(job.bitmaps[0]!.bitmap, 'QRCode'))));
}

const split = (quantity = 2.35) => t.call('splitLot', { parentRaw, quantity, unit: 'kg', priceFen: 1250, closing: false });

beforeEach(async () => {
  printer = await PrinterEmulator.start();
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
  parentRaw = gs1Scan('1', 'P1');
  await admitCabbageLot(t, 'P1', supplier.id);
});
afterEach(async () => {
  t.close();
  await printer.stop();
});

describe('print queue', () => {
  it('prints a split child on a TSPL receipt-stock printer natively: the QR, model 2 and the Chinese text decode back to what was issued', async () => {
    await addPrinter('tspl', 'native', 'receipt-58');
    const done = jobReaches('done');
    const r = await split();
    expect(await done).toMatchObject({ code: r.code, lastError: null });
    const job = decodeTspl((await printer.waitForJob((j) => j.bytes.includes('PRINT'))).bytes);
    expect(job.qrcodes).toHaveLength(1);
    expect(job.qrcodes[0].data).toBe(r.qr);
    expect(job.qrcodes[0].model).toBe('M2');
    const texts = job.texts.map((x) => x.text).join('\n');
    expect(texts).toContain('白菜');
    expect(texts).toContain('2.350 公斤');
    expect(texts).toContain(r.code.slice(0, 7));
    // The status request rode behind the job, and its answer confirmed it.
    expect(job.statusRequests).toBe(1);
  });

  it('prints a 40×30 label natively now that its QR is a URL (version 8, not the YP1 text’s 10–12): 检测 and the query page beside and under it', async () => {
    await addPrinter('tspl', 'native', 'label-40x30');
    const done = jobReaches('done');
    const r = await split();
    expect(await done).toMatchObject({ code: r.code, lastError: null });
    const job = decodeTspl((await printer.waitForJob((j) => j.bytes.includes('PRINT'))).bytes);
    expect(job.qrcodes.map((q) => [q.model, q.data])).toEqual([['M2', r.qr]]);
    expect(job.texts.map((x) => x.text)).toEqual(['白菜', '2.350 公斤', expect.stringMatching(/^\d{4}-\d\d-\d\d$/), '鲤城农贸市场', '2号摊', '检测：未抽检', r.code, '查询：trace.example.com/q']);
  });

  it('prints a 40×30 label as raster when it does not fit beside the QR in the printer font, and says so', async () => {
    // The longest template allowed makes a version 9 QR: TSPL's 24-dot font no longer fits beside it.
    const settings = await t.call('getSettings', {});
    await t.call('saveSettings', { ...settings, labelUrl: { template: `https://${'t'.repeat(59)}/{code}/{sig}` } });
    await addPrinter('tspl', 'native', 'label-40x30');
    const done = jobReaches('done');
    const r = await split();
    expect(await done).toMatchObject({ code: r.code, lastError: 'rasterFit' });
    const job = decodeTspl((await printer.waitForJob((j) => j.bytes.includes('PRINT'))).bytes);
    expect(job.texts).toEqual([]);
    expect(await zxingCppRead(job.bitmaps[0]!.bitmap, 'QRCode')).toBe(r.qr);
  });

  it('prints the raster fallback on ESC/POS: the QR read from the printed image is the signed payload', async () => {
    await addPrinter('escpos', 'raster', 'receipt-58');
    const done = jobReaches('done');
    const r = await split();
    await done;
    const job = decodeEscpos((await printer.waitForJob((j) => j.bytes.length > 1000)).bytes);
    expect(job.rasters).toHaveLength(1);
    expect(job.rasters[0].width).toBe(384);
    // zxing-js misses a few percent of valid symbols (the key, and so the QR, differs every run):
    // ZXing-C++ gives the second opinion, as a phone would.
    expect(zxingQr(job.rasters[0]) ?? (await zxingCppRead(job.rasters[0], 'QRCode'))).toBe(r.qr);
    expect(job.cuts.length).toBeGreaterThanOrEqual(1);
  });

  it('waits while the paper is out, tells why, and prints the same code once paper is back', async () => {
    await addPrinter('tspl', 'native', 'label-40x30');
    printer.setState({ paperOut: true });
    const waiting = jobReaches('waiting');
    const r = await split();
    const waited = await waiting;
    expect(waited.lastError).toBe('paperOut');
    const issued = sequenceNext();
    const done = jobReaches('done');
    printer.setState({ paperOut: false });
    const printed = await done;
    expect(printed.code).toBe(r.code);
    // queued 0 → printing 1 → waiting 2 → (retries: printing, waiting…) → printing → done: each change counts.
    expect(waited.revision).toBe(2);
    expect(printed.revision).toBe(printed.attempts * 2);
    expect(sequenceNext()).toBe(issued);
    expect(await labelQrs()).toEqual([r.qr]);
  });

  it('waits while the printer is offline and prints when it returns', async () => {
    await addPrinter('tspl', 'native', 'label-40x30');
    await printer.refuseConnections();
    const waiting = jobReaches('waiting');
    const r = await split();
    expect((await waiting).lastError).toBe('offline');
    const done = jobReaches('done');
    await printer.acceptConnections();
    expect((await done).code).toBe(r.code);
  });

  it('reprints the same label, never a new code, and records who asked and why', async () => {
    await addPrinter('tspl', 'native', 'label-40x30');
    const first = jobReaches('done');
    const r = await split();
    const original = await first;
    const issued = sequenceNext();
    const again = jobReaches('done', (j) => j.reprintOf === original.id);
    const reprint = await t.call('reprint', { jobId: original.id, reason: '标签被水打湿' });
    // A new job counts its own changes from 0, whatever the original's count.
    expect(reprint).toMatchObject({ reprintOf: original.id, reason: '标签被水打湿', code: r.code, revision: 0 });
    expect(original.revision).toBe(2);
    expect((await again).revision).toBe(2);
    expect(sequenceNext()).toBe(issued);
    expect(await labelQrs()).toEqual([r.qr, r.qr]);
    expect((await t.call('listPrintJobs', { unfinished: false, limit: 10 })).map((j) => j.reason)).toEqual(['标签被水打湿', null]);
  });

  it('keeps a job across a restart and prints it when a printer is configured', async () => {
    const r = await split();
    expect((await t.call('listPrintJobs', { unfinished: true, limit: 10 }))[0]).toMatchObject({ code: r.code, lastError: 'noPrinter' });
    t.core.close();
    t = await startTestCore({ dir: t.dir });
    const done = jobReaches('done');
    await addPrinter('tspl', 'native', 'label-40x30');
    expect((await done).code).toBe(r.code);
  });

  it('previews exactly the raster that prints', async () => {
    await t.call('savePrinter', { name: '未连接', language: 'tspl', mode: 'raster', transport: { kind: 'tcp', host: '127.0.0.1', port: 1 }, templateId: 'label-40x30' });
    await split();
    const [job] = await t.call('listPrintJobs', { unfinished: false, limit: 1 });
    const preview = await t.call('previewLabel', { jobId: job.id });
    expect([preview.widthDots, preview.heightDots]).toEqual([320, 240]);
    const png = PNG.sync.read(Buffer.from(preview.png.split(',')[1], 'base64'));
    expect([png.width, png.height]).toEqual([640, 480]);
  });
});
