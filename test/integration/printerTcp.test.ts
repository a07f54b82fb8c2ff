import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL_40x30, RECEIPT_58 } from '../../shared/domain/label';
import { drawerPulse, escposLabel } from '../../drivers/printer/escpos';
import { queryStatus, sendConfirmed, statusExchange, type PrinterLanguage } from '../../drivers/printer/languages';
import { zplLabel } from '../../drivers/printer/zpl';
import { TcpTransport } from '../../drivers/printer/transports/tcp';
import { tsplLabel } from '../../drivers/printer/tspl';
import { decodeEscpos, decodeTspl, decodeZpl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { CABBAGE, noise, PORK, visible } from '../unit/printer/samples';

let printer: PrinterEmulator;
let tcp: TcpTransport;
beforeEach(async () => {
  printer = await PrinterEmulator.start();
  tcp = new TcpTransport(printer.host, printer.port, { timeoutMs: 2000 });
});
afterEach(async () => {
  await tcp.close();
  await printer.stop();
});

describe('printing over TCP 9100', () => {
  it('delivers an ESC/POS receipt byte for byte, and it decodes to the same fields', async () => {
    const job = escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' });
    await tcp.send(job);
    const captured = await printer.waitForJob((j) => j.bytes.length > 0);
    expect(captured.bytes.equals(job)).toBe(true);
    const decoded = decodeEscpos(captured.bytes);
    expect(decoded.texts).toContain(`品名：${CABBAGE.product}`);
    expect(decoded.texts).toContain(`金额：${CABBAGE.price!.replace('¥', '￥')}`);
    expect(decoded.qrs.map((q) => q.data)).toEqual([CABBAGE.qr]);
    expect(decoded.code128).toEqual([CABBAGE.code]);
  });

  it('delivers a TSPL label, QR model 2 and all', async () => {
    const job = tsplLabel(PORK, LABEL_40x30, { mode: 'native' });
    await tcp.send(job);
    const decoded = decodeTspl((await printer.waitForJob((j) => j.bytes.length > 0)).bytes);
    expect(decoded.texts.map((t) => t.text)).toEqual([PORK.product, PORK.quantity, PORK.date, PORK.issuer, PORK.code]);
    expect(decoded.qrcodes.map((q) => [q.model, q.data])).toEqual([['M2', PORK.qr]]);
    expect(decoded.print).toEqual([1, 1]);
  });

  it('delivers a large raster job whole (one connection = one job)', async () => {
    const bm = noise(576, 1600);
    await tcp.send(escposLabel(CABBAGE, RECEIPT_58, { mode: 'raster', raster: bm }));
    const decoded = decodeEscpos((await printer.waitForJob((j) => j.bytes.length > 0)).bytes);
    expect(visible(decoded.rasters[0])).toEqual(visible(bm));
  });

  it('opens the drawer with the 5-byte pulse', async () => {
    await tcp.send(drawerPulse());
    expect([...(await printer.waitForJob((j) => j.bytes.length > 0)).bytes]).toEqual([0x1b, 0x70, 0, 25, 250]);
  });
});

describe('printer status over TCP', () => {
  it('reads an ESC/POS printer as ready, then with paper out and cover open', async () => {
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: [], busy: false });
    printer.setState({ paperOut: true, coverOpen: true });
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: false, problems: ['coverOpen', 'paperOut'], busy: false });
    printer.setState({ paperOut: false, coverOpen: false, paperNearEnd: true });
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: ['paperNearEnd'], busy: false });
    expect(printer.statusRequests.slice(0, 3)).toEqual(['escpos:1', 'escpos:2', 'escpos:4']);
  });

  it('reads a TSPL printer’s head open and paper out', async () => {
    printer.setState({ headOpen: true, paperOut: true });
    expect(await queryStatus('tspl', tcp, 1000)).toEqual({ ready: false, problems: ['headOpen', 'paperOut'], busy: false });
  });

  it('is offline when the printer refuses connections', async () => {
    await printer.refuseConnections();
    await expect(tcp.send(Buffer.from('x'))).rejects.toMatchObject({ name: 'PrinterError', code: 'offline' });
    await expect(queryStatus('escpos', tcp, 1000)).rejects.toMatchObject({ code: 'offline' });
    await printer.acceptConnections();
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: [], busy: false });
  });

  it('is offline when the printer resets the connection before answering', async () => {
    printer.setDropping(true);
    await expect(queryStatus('tspl', tcp, 1000)).rejects.toMatchObject({ code: 'offline' });
  });

  it('times out within the bound when no status comes back', async () => {
    printer.setAnswering(false);
    const started = Date.now();
    await expect(queryStatus('escpos', tcp, 300)).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('a job confirmed by the status request behind it', () => {
  it('is confirmed by each language’s answer once the printer has read the whole job', async () => {
    const cases: [PrinterLanguage, Buffer][] = [
      ['escpos', escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' })],
      ['tspl', tsplLabel(PORK, LABEL_40x30, { mode: 'native' })],
      ['zpl', zplLabel(PORK, LABEL_40x30, { mode: 'native' })],
    ];
    for (const [language, job] of cases) {
      expect(await sendConfirmed(language, tcp, job, 1000)).toEqual({ ready: true, problems: [], busy: false });
    }
    await printer.idle();
    // Each job arrived whole with the request right behind it, and nothing else.
    const expected = cases.map(([language, job]) => Buffer.concat([job, statusExchange(language).request]));
    expect(printer.jobs.map((j, i) => j.bytes.equals(expected[i]!))).toEqual([true, true, true]);
    expect(printer.statusRequests).toEqual(['escpos:1', 'escpos:2', 'escpos:4', 'tspl', 'zpl']);
  });

  it('is not confirmed when the printer took the connection and never read: `sent`, within the bound', async () => {
    printer.setReading(false);
    const started = Date.now();
    const err = await sendConfirmed('tspl', tcp, tsplLabel(PORK, LABEL_40x30, { mode: 'native' }), 300).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PrinterError', code: 'timeout', sent: true });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(printer.jobs).toEqual([]);
  });

  it('reads a Zebra’s ~HS answer after the job: paper out, head up, ribbon out, pause', async () => {
    const job = zplLabel(PORK, LABEL_40x30, { mode: 'native' });
    printer.setState({ paperOut: true });
    expect(await sendConfirmed('zpl', tcp, job, 1000)).toEqual({ ready: false, problems: ['paperOut'], busy: false });
    printer.setState({ paperOut: false, headOpen: true, ribbonOut: true, paused: true });
    expect(await sendConfirmed('zpl', tcp, job, 1000)).toEqual({ ready: false, problems: ['headOpen', 'ribbonOut', 'paused'], busy: false });
    await printer.idle();
    // The ~HS went out behind the whole format, which decodes intact.
    const decoded = decodeZpl(printer.jobs[0]!.bytes);
    expect(decoded).toMatchObject({ formats: 1, statusRequests: 1 });
    expect(decoded.qrs[0]).toMatchObject({ inputMode: 'M', charMode: 'B', data: PORK.qr });
  });

  it('reads paper near end as a warning: the job is confirmed', async () => {
    printer.setState({ paperNearEnd: true });
    expect(await sendConfirmed('escpos', tcp, escposLabel(CABBAGE, RECEIPT_58, { mode: 'native' }), 1000)).toEqual({ ready: true, problems: ['paperNearEnd'], busy: false });
  });

  it('takes the answer to its own request, past one the printer gave to the same bytes inside the image', async () => {
    // A raster whose data holds DLE EOT 2 by chance: the emulator, like a printer, answers it too.
    const bm = { width: 24, height: 1, bytesPerRow: 3, bits: Uint8Array.of(0x10, 0x04, 0x02) };
    const job = escposLabel(CABBAGE, RECEIPT_58, { mode: 'raster', raster: bm });
    printer.setState({ paperNearEnd: true });
    expect(await sendConfirmed('escpos', tcp, job, 1000)).toEqual({ ready: true, problems: ['paperNearEnd'], busy: false });
    expect(printer.statusRequests).toEqual(['escpos:2', 'escpos:1', 'escpos:2', 'escpos:4']);
  });

  it('fails as not sent when nothing could be written (the printer refuses connections)', async () => {
    await printer.refuseConnections();
    await expect(sendConfirmed('tspl', tcp, Buffer.from('PRINT 1,1\r\n'), 1000)).rejects.toMatchObject({ code: 'offline', sent: false });
  });
});
