import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/contract';
import { statusExchange } from '../../drivers/printer/languages';
import { decodeEscpos, decodeTspl, decodeZpl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { apiError, gs1Scan, nextCoreEvent, startTestCore, type TestCore, USCC } from '../support/core';
import { zxingCppRead } from '../fixtures/zxingCpp';

/**
 * A label is 已打印 only when the printer, having read the job, answered that it can print it:
 * the status request goes right behind the job. No answer, or a bad one, leaves it sent and not
 * confirmed (已发送，未确认) for a person to confirm or reprint; nothing prints twice on its own.
 */
let t: TestCore;
let printer: PrinterEmulator;
const today = new Date().toLocaleDateString('sv');

const jobEvent = (match: (j: PrintJob) => boolean, timeoutMs = 5000) => nextCoreEvent(t, 'printJob', match, timeoutMs);
const reaches = (status: PrintJob['status'], lotId: string) => jobEvent((j) => j.status === status && j.lotId === lotId);

type Language = 'tspl' | 'escpos' | 'zpl';
const addPrinter = (language: Language, templateId: string, extra: { encoding?: 'gbk' | 'gb18030'; mode?: 'native' | 'raster' } = {}) =>
  t.call('savePrinter', { name: `${language} 打印机`, language, mode: 'native', transport: { kind: 'tcp', host: printer.host, port: printer.port }, templateId, ...extra });

/** Admits a lot of `variety` and returns its scan. */
async function admit(variety = '白菜', batch = 'C1') {
  const supplier = (await t.call('listSubjects', { kind: 'supplier' }))[0] ?? (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a }));
  const found = (await t.call('listVarieties', {})).find((v) => v.name === variety);
  const v = found ?? (await t.call('saveVariety', { name: variety, categoryId: 'aquatic', defaultUnit: 'kg' }));
  const raw = gs1Scan(batch.length === 2 ? '1' : '2', batch);
  await t.call('checkEntry', {
    raw,
    source: 'wedge',
    supplierId: supplier.id,
    varietyId: v.id,
    quantity: 100,
    unit: 'kg',
    certificates: [
      { type: 'commitment', number: `C-${batch}`, issuer: '南安合作社', issueDate: today },
      { type: 'testReport', number: `T-${batch}`, issuer: '检测站', issueDate: today },
    ],
  });
  return raw;
}

/** What the printer got besides the status checks before each job (connections of their own). */
const checks = (['escpos', 'tspl', 'zpl'] as const).map((l) => statusExchange(l).request);
const labelsReceived = () => printer.jobs.filter((j) => !checks.some((c) => c.equals(j.bytes)));

beforeEach(async () => {
  printer = await PrinterEmulator.start();
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await printer.stop();
});

describe('a job is 已打印 only on the printer’s word', () => {
  it('a printer that answers its status, then takes the job and never reads it: 已发送，未确认, not sent again; the vendor confirms it', async () => {
    const parent = await admit();
    await addPrinter('tspl', 'receipt-58');
    // Ready when asked before the job; then it stops reading (a hung firmware keeps the socket open).
    printer.onStatusRequest = () => {
      printer.onStatusRequest = undefined;
      printer.setReading(false);
    };
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 2, unit: 'kg', closing: false });
    const lotId = r.child.lot.id;
    expect(await reaches('sent', lotId)).toMatchObject({ status: 'sent', lastError: 'timeout', attempts: 1, printedAt: null });
    expect((await t.call('listPrintJobs', { unfinished: true, limit: 10 })).map((j) => [j.lotId, j.status])).toEqual([[lotId, 'sent']]);

    // The printer reads again: the next label prints and is confirmed; the sent one is not sent again.
    printer.setReading(true);
    const control = await t.call('splitLot', { parentRaw: parent, quantity: 1, unit: 'kg', closing: false });
    await reaches('done', control.child.lot.id);
    await printer.idle();
    // The unread job never reached the printer's program; only the control label did.
    expect(labelsReceived().flatMap((j) => decodeTspl(j.bytes).qrcodes.map((q) => q.data))).toEqual([control.qr]);
    expect(t.rows('select status, attempts from print_jobs where lot_id = ?', lotId)).toEqual([{ status: 'sent', attempts: 1 }]);

    const [sent] = await t.call('listPrintJobs', { unfinished: true, limit: 10 });
    const confirmed = await t.call('confirmPrint', { jobId: sent!.id });
    expect(confirmed).toMatchObject({ status: 'done', lastError: null, confirmedBy: '管理员' });
    expect(confirmed.printedAt).not.toBeNull();
    expect(await apiError(t.call('confirmPrint', { jobId: sent!.id }))).toMatchObject({ code: 'conflict', params: { reason: 'notSent' } });
    expect(await t.call('listPrintJobs', { unfinished: true, limit: 10 })).toEqual([]);
  });

  it('a Zebra whose ~HS answer behind the job says paper out: not done, paperOut shown; a reprint prints once paper is back, the original ends not printed', async () => {
    const parent = await admit();
    await addPrinter('zpl', 'label-40x30');
    // Paper runs out between the check before the job and the job itself.
    printer.onStatusRequest = () => {
      printer.onStatusRequest = undefined;
      printer.setState({ paperOut: true });
    };
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 2, unit: 'kg', closing: false });
    const lotId = r.child.lot.id;
    const sent = await reaches('sent', lotId);
    expect(sent).toMatchObject({ lastError: 'paperOut', printedAt: null });
    expect(printer.statusRequests).toEqual(['zpl', 'zpl']);

    printer.setState({ paperOut: false });
    const reprinted = jobEvent((j) => j.reprintOf === sent.id && j.status === 'done');
    await t.call('reprint', { jobId: sent.id, reason: '缺纸未打出' });
    await reprinted;
    expect(t.rows('select status, last_error from print_jobs where id = ?', sent.id)).toEqual([{ status: 'failed', last_error: 'paperOut' }]);
    await printer.idle();
    const zebra = labelsReceived().map((j) => decodeZpl(j.bytes));
    expect(zebra.map((z) => z.qrs[0]!.data)).toEqual([r.qr, r.qr]);
    expect(zebra[1]!.texts.map((x) => x.text)).toContain('白菜');
  });

  it('asks a TSPL printer again while it is still printing: paper running out on this label is not 已打印', async () => {
    const parent = await admit();
    await addPrinter('tspl', 'receipt-58');
    printer.setState({ printing: true });
    // Ready before the job and printing right after it; by the next question the paper has run out.
    let asked = 0;
    printer.onStatusRequest = () => {
      if (++asked === 2) printer.setState({ printing: false, paperOut: true });
    };
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 2, unit: 'kg', closing: false });
    expect(await reaches('sent', r.child.lot.id)).toMatchObject({ lastError: 'paperOut' });
    expect(printer.statusRequests).toEqual(['tspl', 'tspl', 'tspl']);
  });

  it('a printer that goes away while still printing the job: not confirmed, and not sent again when it is back', async () => {
    const parent = await admit();
    await addPrinter('tspl', 'receipt-58');
    printer.setState({ printing: true });
    let asked = 0;
    printer.onStatusRequest = () => {
      // Answers "printing" behind the job, then is switched off: the next question cannot connect.
      if (++asked === 2) void printer.stopListening();
    };
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 2, unit: 'kg', closing: false });
    expect(await reaches('sent', r.child.lot.id)).toMatchObject({ lastError: 'offline' });
    printer.onStatusRequest = undefined;
    printer.setState({ printing: false });
    await printer.acceptConnections();
    const control = await t.call('splitLot', { parentRaw: parent, quantity: 1, unit: 'kg', closing: false });
    await reaches('done', control.child.lot.id);
    await printer.idle();
    expect(labelsReceived().flatMap((j) => decodeTspl(j.bytes).qrcodes.map((q) => q.data))).toEqual([r.qr, control.qr]);
  });

  it('paper near its end: 已打印, with the warning kept on the job', async () => {
    const parent = await admit();
    await addPrinter('escpos', 'receipt-58');
    printer.setState({ paperNearEnd: true });
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 2, unit: 'kg', closing: false });
    expect(await reaches('done', r.child.lot.id)).toMatchObject({ lastError: 'paperNearEnd' });
  });
});

describe('native text the printer cannot show', () => {
  it('prints a name outside GBK (𫚕鱼) on a TSPL printer as raster, never as "?", and says so', async () => {
    const parent = await admit('𫚕鱼', 'FISH1');
    await addPrinter('tspl', 'receipt-58');
    const r = await t.call('splitLot', { parentRaw: parent, quantity: 1.5, unit: 'kg', closing: false });
    expect(await reaches('done', r.child.lot.id)).toMatchObject({ lastError: 'rasterText' });
    await printer.idle();
    const [label] = labelsReceived();
    // No TEXT at all (a TEXT would carry '?'), one image, and its QR is the signed payload.
    expect(label!.bytes.includes('TEXT')).toBe(false);
    const job = decodeTspl(label!.bytes);
    expect(job.bitmaps).toHaveLength(1);
    expect(await zxingCppRead(job.bitmaps[0]!.bitmap, 'QRCode')).toBe(r.qr);
  });

  it('sends ¥ to a GBK receipt printer as ￥ (A3 A4), to a GB18030 one as its four bytes', async () => {
    const parent = await admit();
    const printerId = (await addPrinter('escpos', 'receipt-58')).id;
    const first = await t.call('splitLot', { parentRaw: parent, quantity: 1, unit: 'kg', priceFen: 1250, closing: false });
    await reaches('done', first.child.lot.id);
    await printer.idle();
    const gbk = labelsReceived()[0]!.bytes;
    expect(gbk.includes(Buffer.from([0xa3, 0xa4]))).toBe(true);
    expect(gbk.includes(Buffer.from([0x81, 0x30, 0x84, 0x36]))).toBe(false);
    // Read back with an independent GBK decoder (WHATWG in Node's ICU, not iconv-lite).
    const at = gbk.indexOf(Buffer.from([0xa3, 0xa4]));
    expect(new TextDecoder('gbk').decode(gbk.subarray(at, at + 7))).toBe('￥12.50');
    expect(decodeEscpos(gbk).texts).toContain('金额：￥12.50');

    await t.call('savePrinter', {
      id: printerId,
      name: 'GB18030 小票机',
      language: 'escpos',
      mode: 'native',
      transport: { kind: 'tcp', host: printer.host, port: printer.port },
      templateId: 'receipt-58',
      encoding: 'gb18030',
    });
    const second = await t.call('splitLot', { parentRaw: parent, quantity: 1, unit: 'kg', priceFen: 1250, closing: false });
    await reaches('done', second.child.lot.id);
    await printer.idle();
    const gb18030 = labelsReceived()[1]!.bytes;
    const four = gb18030.indexOf(Buffer.from([0x81, 0x30, 0x84, 0x36]));
    expect(four).toBeGreaterThan(0);
    expect(new TextDecoder('gb18030').decode(gb18030.subarray(four, four + 9))).toBe('¥12.50');
  });
});
