import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../shared/contract';
import { decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { admitCabbageLot, apiError, gs1Scan, nextCoreEvent, sourceCodedLot, startTestCore, type TestCore } from '../support/core';
import { zxingCppRead } from '../fixtures/zxingCpp';
import { PINS, seedStaff, type Staff } from '../support/disposal';

/**
 * The queue prints no label of a lot that may not be labelled any more: a job that waited (no
 * printer, printer offline, paper out) while its lot was held, destroyed or recalled is cancelled
 * with the lot's status, and the printer never gets its bytes.
 */
let t: TestCore;
let staff: Staff;
let printer: PrinterEmulator;
const PARENT = gs1Scan('1', 'Q1');

const jobEvent = (match: (j: PrintJob) => boolean, timeoutMs = 5000) => nextCoreEvent(t, 'printJob', match, timeoutMs);
const reaches = (status: PrintJob['status'], lotId: string) => jobEvent((j) => j.status === status && j.lotId === lotId);

const split = (quantity = 2) => t.call('splitLot', { parentRaw: PARENT, quantity, unit: 'kg', closing: false });
const addPrinter = () => t.call('savePrinter', { name: '标签机', language: 'tspl', mode: 'native', transport: { kind: 'tcp', host: printer.host, port: printer.port }, templateId: 'label-40x30' });
const jobRow = (lotId: string) => t.rows('select status, last_error, attempts from print_jobs where lot_id = ?', lotId)[0];
/**
 * The QR payloads of every label the printer received (status queries come on connections of
 * their own). These labels do not fit 40×30 in the printer's 24-dot font, so they come as raster:
 * ZXing-C++ reads the QR off the image.
 */
async function printedQrs() {
  await printer.idle();
  const labels = printer.jobs.filter((j) => j.bytes.includes('PRINT')).map((j) => decodeTspl(j.bytes));
  return Promise.all(labels.map(async (job) => job.qrcodes[0]?.data ?? (await zxingCppRead(job.bitmaps[0]!.bitmap, 'QRCode'))));
}

/** Writes lot statuses straight into the SQLite file, as no recall method exists yet. */
function writeFile(sql: string, ...args: unknown[]) {
  const db = new Database(join(t.dir, 'station.db'));
  try {
    db.pragma('busy_timeout = 2000');
    db.prepare(sql).run(...args);
  } finally {
    db.close();
  }
}
const setStatus = (lotId: string, status: string) => writeFile('update lots set status = ? where id = ?', status, lotId);

/** A control label printed after the printer is ready: once it is out, every older job has been settled. */
async function printControl() {
  const control = await split(1);
  await reaches('done', control.child.lot.id);
  return control;
}

beforeEach(async () => {
  printer = await PrinterEmulator.start();
  t = await startTestCore();
  staff = await seedStaff(t);
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' });
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: '91350100M000100Y43' });
  await admitCabbageLot(t, 'Q1', supplier.id);
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await printer.stop();
});

describe('labels of lots that may not be labelled', () => {
  it('cancels a label waiting for a printer when its lot is destroyed; the new printer never gets it, and it is not reprinted', async () => {
    const doomed = await split();
    const lotId = doomed.child.lot.id;
    expect(jobRow(lotId)).toMatchObject({ status: 'waiting', last_error: 'noPrinter' });

    const cancelled = reaches('cancelled', lotId);
    await t.call(
      'disposeLot',
      { raw: doomed.code, quantity: 2, unit: 'kg', reason: 'other', method: 'shredding', operatorPin: PINS.inspector, witnessId: staff.manager.id, witnessPin: PINS.manager },
      staff.inspector.session,
    );
    expect(await cancelled).toMatchObject({ code: doomed.code, status: 'cancelled', cancelledFor: 'destroyed', lotStatus: 'destroyed', lastError: null });

    await addPrinter();
    const control = await printControl();
    expect(await printedQrs()).toEqual([control.qr]);
    expect(jobRow(lotId)).toEqual({ status: 'cancelled', last_error: 'destroyed', attempts: 0 });
    const [listed] = (await t.call('listPrintJobs', { unfinished: false, limit: 10 })).filter((j) => j.lotId === lotId);
    expect(listed).toMatchObject({ status: 'cancelled', cancelledFor: 'destroyed', lotStatus: 'destroyed' });
    expect((await t.call('listPrintJobs', { unfinished: true, limit: 10 })).map((j) => j.lotId)).not.toContain(lotId);
    expect(await apiError(t.call('reprint', { jobId: listed!.id, reason: '再打一张' }))).toMatchObject({ code: 'conflict', params: { reason: 'lotNotSellable', status: 'destroyed' } });
  });

  it('cancels a label waiting for an offline printer when its lot is held; a reprint is refused until the hold is released', async () => {
    await addPrinter();
    await printer.refuseConnections();
    const waiting = jobEvent((j) => j.status === 'waiting');
    const child = await split();
    const lotId = child.child.lot.id;
    expect(await waiting).toMatchObject({ lotId, lastError: 'offline', lotStatus: 'admitted' });

    const cancelled = reaches('cancelled', lotId);
    const hold = await t.call('placeHold', { raw: PARENT, note: '快检阳性' }, staff.manager.session);
    expect(await cancelled).toMatchObject({ cancelledFor: 'held', lotStatus: 'held' });
    const [job] = (await t.call('listPrintJobs', { unfinished: false, limit: 10 })).filter((j) => j.lotId === lotId);
    expect(await apiError(t.call('reprint', { jobId: job!.id, reason: '补打' }))).toMatchObject({ params: { reason: 'lotNotSellable', status: 'held' } });

    await printer.acceptConnections();
    await t.call('releaseHold', { holdId: hold.id, reason: '复检阴性' }, staff.manager.session);
    const control = await printControl();
    expect(await printedQrs()).toEqual([control.qr]);
    expect(jobRow(lotId)).toMatchObject({ status: 'cancelled', last_error: 'held' });

    // Released: the lot may be labelled again, by a reprint someone asks for.
    const reprinted = reaches('done', lotId);
    const reprint = await t.call('reprint', { jobId: job!.id, reason: '复检阴性后补打' });
    await reprinted;
    expect(reprint).toMatchObject({ reprintOf: job!.id, lotStatus: 'admitted' });
    expect(await printedQrs()).toEqual([control.qr, child.qr]);
  });

  it('cancels a label waiting for paper when its lot is recalled (status set in the file), at the next retry', async () => {
    await addPrinter();
    printer.setState({ paperOut: true });
    const waiting = jobEvent((j) => j.status === 'waiting');
    const child = await split();
    const lotId = child.child.lot.id;
    expect(await waiting).toMatchObject({ lotId, lastError: 'paperOut' });

    const cancelled = reaches('cancelled', lotId);
    setStatus(lotId, 'recalled');
    expect(await cancelled).toMatchObject({ cancelledFor: 'recalled', lotStatus: 'recalled' });
    printer.setState({ paperOut: false });
    const control = await printControl();
    expect(await printedQrs()).toEqual([control.qr]);
    expect(jobRow(lotId)).toMatchObject({ status: 'cancelled', last_error: 'recalled' });
  });

  it('cancels a label of a lot recalled while no printer was set up, when the printer is added', async () => {
    const child = await split();
    const lotId = child.child.lot.id;
    setStatus(lotId, 'recalled');
    // Nothing told the queue: the job still waits for a printer until one is there.
    expect(jobRow(lotId)).toMatchObject({ status: 'waiting', last_error: 'noPrinter' });
    const cancelled = reaches('cancelled', lotId);
    await addPrinter();
    expect(await cancelled).toMatchObject({ cancelledFor: 'recalled' });
    const control = await printControl();
    expect(await printedQrs()).toEqual([control.qr]);
  });

  it('looks at the lot again right before sending: a hold written while the printer answers its status stops the label', async () => {
    await addPrinter();
    // The one split child is held the moment the printer is asked whether it is ready.
    printer.onStatusRequest = () => {
      printer.onStatusRequest = undefined;
      writeFile("update lots set status = 'held' where parent_lot_id is not null");
    };
    const cancelled = jobEvent((j) => j.status === 'cancelled');
    const child = await split();
    const lotId = child.child.lot.id;
    expect(await cancelled).toMatchObject({ lotId, cancelledFor: 'held' });
    expect(printer.statusRequests).toEqual(['tspl']);
    const control = await printControl();
    expect(await printedQrs()).toEqual([control.qr]);
    expect(jobRow(lotId)).toEqual({ status: 'cancelled', last_error: 'held', attempts: 1 });
  });

  it('still prints the crate label of a lot waiting for its routine test (待检)', async () => {
    await addPrinter();
    const printed = jobEvent((j) => j.status === 'done');
    const crate = await sourceCodedLot(t);
    expect(crate.view.lot.status).toBe('awaitingTest');
    expect(await printed).toMatchObject({ lotId: crate.view.lot.id, lotStatus: 'awaitingTest', cancelledFor: null });
    expect(await printedQrs()).toHaveLength(1);
    expect((await printedQrs())[0]).toContain(`?c=${crate.view.lot.codeKey}&s=`);
  });
});
