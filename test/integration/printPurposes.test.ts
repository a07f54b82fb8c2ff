import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/contract';
import { statusExchange } from '../../drivers/printer/languages';
import { decodeEscpos, decodeZpl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { admitCabbageLot, apiError, gs1Scan, nextCoreEvent, sourceCodedLot, startTestCore, type TestCore, USCC } from '../support/core';

/**
 * One stall, two printers: a label printer for the bag and a receipt printer for the buyer. Each
 * printer has a purpose and each purpose a default; a label never comes out of the receipt
 * printer, a receipt never out of the label printer.
 */
let t: TestCore;
let labeller: PrinterEmulator;
let tills: PrinterEmulator;
let parentRaw: string;
let stallId: string;
const today = new Date().toLocaleDateString('sv');

const jobEvent = (match: (j: PrintJob) => boolean, timeoutMs = 5000) => nextCoreEvent(t, 'printJob', match, timeoutMs);

const tcp = (p: PrinterEmulator) => ({ kind: 'tcp' as const, host: p.host, port: p.port });
const checks = (['escpos', 'tspl', 'zpl'] as const).map((l) => statusExchange(l).request);
/** The jobs a printer got, the status checks before each job left out; once every connection has closed. */
async function received(p: PrinterEmulator) {
  await p.idle();
  return p.jobs.filter((j) => !checks.some((c) => c.equals(j.bytes))).map((j) => j.bytes);
}

beforeEach(async () => {
  labeller = await PrinterEmulator.start();
  tills = await PrinterEmulator.start();
  t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
  const stall = await t.call('saveSubject', { kind: 'stall', name: '5号摊 陈记蔬菜' });
  stallId = stall.id;
  parentRaw = gs1Scan('1', 'R1');
  const { view } = await admitCabbageLot(t, 'R1', supplier.id);
  await t.call('assignLotStall', { lotId: view.lot.id, stallId });
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await labeller.stop();
  await tills.stop();
});

describe('printers by purpose', () => {
  it('sends the label to the label printer and, from the counter, the receipt to the receipt printer; 斤 prints as 斤', async () => {
    await t.call('savePrinter', { name: '标签机', language: 'zpl', mode: 'native', transport: tcp(labeller), templateId: 'label-40x30', purpose: 'labels' });
    // No receipt printer yet: the counter is told so, and nothing is queued.
    const sold = await t.call('splitLot', { parentRaw, quantity: 2.35, unit: 'kg', displayUnit: 'jin', priceFen: 1880, closing: false });
    const lotId = sold.child.lot.id;
    expect(await apiError(t.call('printReceipt', { lotId }))).toMatchObject({ code: 'conflict', params: { reason: 'noReceiptPrinter' } });
    await t.call('savePrinter', { name: '小票机', language: 'escpos', mode: 'native', transport: tcp(tills), templateId: 'receipt-58', purpose: 'receipts' });

    const receiptDone = jobEvent((j) => j.purpose === 'receipts' && j.status === 'done');
    const receipt = await t.call('printReceipt', { lotId });
    expect(receipt).toMatchObject({ purpose: 'receipts', lotId, code: sold.code, status: 'queued' });
    await receiptDone;

    // The label printer got the label, and only it.
    const [label, ...moreLabels] = await received(labeller);
    expect(moreLabels).toEqual([]);
    const zebra = decodeZpl(label!);
    expect(zebra.qrs.map((q) => q.data)).toEqual([sold.qr]);
    const labelText = zebra.texts.map((x) => x.text).join('');
    expect(labelText).toContain('4.70 斤');
    expect(labelText).not.toContain('公斤');
    // The QR is the label URL: the code and its signature, no quantity to disagree with the 斤.
    expect(sold.qr).toBe(`https://trace.example.com/q?c=${sold.code}&s=${new URL(sold.qr).searchParams.get('s')}`);

    // The receipt printer got the receipt, and only it: title, time, price, the code grouped.
    const [till, ...moreTills] = await received(tills);
    expect(moreTills).toEqual([]);
    const slip = decodeEscpos(till!);
    const lines = slip.texts.filter(Boolean);
    expect(lines[0]).toBe('鲤城农贸市场 5号摊 陈记蔬菜');
    expect(lines).toContain('品名：白菜');
    expect(lines).toContain('数量：4.70 斤');
    expect(lines).toContain('金额：￥18.80');
    expect(lines).toContain(`追溯码：${sold.code.slice(0, 7)} ${sold.code.slice(7, 11)} ${sold.code.slice(11, 15)} ${sold.code.slice(15)}`);
    expect(lines).toContain('检测：未抽检');
    expect(lines).toContain('查询：trace.example.com/q');
    expect(lines.find((l) => l.startsWith('时间：'))).toMatch(new RegExp(`^时间：${today} \\d\\d:\\d\\d$`));
    expect(slip.qrs.map((q) => q.data)).toEqual([sold.qr]);
    expect(slip.code128).toEqual([sold.code]);
    expect(slip.cuts).toHaveLength(1);
  });

  it('sends crate labels to the label printer while no crate printer is set up, and a purpose’s jobs to its default', async () => {
    const first = await t.call('savePrinter', { name: '标签机 1', language: 'zpl', mode: 'native', transport: tcp(tills), templateId: 'label-40x30', purpose: 'labels' });
    const second = await t.call('savePrinter', { name: '标签机 2', language: 'zpl', mode: 'native', transport: tcp(labeller), templateId: 'label-40x30', purpose: 'labels', isDefault: true });
    expect((await t.call('listPrinters', {})).map((p) => [p.name, p.isDefault])).toEqual([
      ['标签机 1', false],
      ['标签机 2', true],
    ]);
    // Marking the first as default unmarks the second: one default per purpose.
    await t.call('savePrinter', { ...first, isDefault: true });
    expect((await t.call('listPrinters', {})).map((p) => [p.name, p.isDefault])).toEqual([
      ['标签机 1', true],
      ['标签机 2', false],
    ]);
    await t.call('savePrinter', { ...second, isDefault: true });

    const printed = jobEvent((j) => j.purpose === 'crate' && j.status === 'done');
    const crate = await sourceCodedLot(t);
    expect(await printed).toMatchObject({ lotId: crate.view.lot.id, printerId: second.id });
    expect((await received(labeller)).map((b) => decodeZpl(b).qrs[0]!.data)).toEqual([expect.stringContaining(`?c=${crate.view.lot.codeKey}&s=`)]);
    expect(await received(tills)).toEqual([]);
  });
});
