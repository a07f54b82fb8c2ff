import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECEIPT_58 } from '../../shared/domain/label';
import { drawerPulse, escposLabel } from '../../drivers/printer/escpos';
import { queryStatus } from '../../drivers/printer/languages';
import { TcpTransport } from '../../drivers/printer/transports/tcp';
import { tsplLabel } from '../../drivers/printer/tspl';
import { decodeEscpos, decodeTspl } from '../fixtures/printerDecode';
import { PrinterEmulator } from '../fixtures/printerEmulator';
import { CABBAGE, LABEL_WITH_PRICE, noise, PORK, visible } from '../unit/printer/samples';

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
    expect(decoded.texts).toContain(`金额：${CABBAGE.price}`);
    expect(decoded.qrs.map((q) => q.data)).toEqual([CABBAGE.qr]);
    expect(decoded.code128).toEqual([CABBAGE.code]);
  });

  it('delivers a TSPL label, QR model 2 and all', async () => {
    const job = tsplLabel(PORK, LABEL_WITH_PRICE, { mode: 'native' });
    await tcp.send(job);
    const decoded = decodeTspl((await printer.waitForJob((j) => j.bytes.length > 0)).bytes);
    expect(decoded.texts.map((t) => t.text)).toEqual([PORK.product, PORK.quantity, PORK.date, PORK.issuer, PORK.code, '￥88.00']);
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
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: [] });
    printer.setState({ paperOut: true, coverOpen: true });
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: false, problems: ['coverOpen', 'paperOut'] });
    printer.setState({ paperOut: false, coverOpen: false, paperNearEnd: true });
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: ['paperNearEnd'] });
    expect(printer.statusRequests.slice(0, 3)).toEqual(['escpos:1', 'escpos:2', 'escpos:4']);
  });

  it('reads a TSPL printer’s head open and paper out', async () => {
    printer.setState({ headOpen: true, paperOut: true });
    expect(await queryStatus('tspl', tcp, 1000)).toEqual({ ready: false, problems: ['headOpen', 'paperOut'] });
  });

  it('is offline when the printer refuses connections', async () => {
    await printer.refuseConnections();
    await expect(tcp.send(Buffer.from('x'))).rejects.toMatchObject({ name: 'PrinterError', code: 'offline' });
    await expect(queryStatus('escpos', tcp, 1000)).rejects.toMatchObject({ code: 'offline' });
    await printer.acceptConnections();
    expect(await queryStatus('escpos', tcp, 1000)).toEqual({ ready: true, problems: [] });
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
