import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceScan, ScannerState } from '../../shared/contract';
import { openPtyPair, ScannerSimulator, type PtyPair } from '../../drivers/scanner/simulator';
import { apiError, startTestCore, type TestCore } from '../support/core';

let t: TestCore;
let pty: PtyPair;
let sim: ScannerSimulator;

/** The first pushed event of that name that passes `test`, bounded. */
function eventWhere<T>(name: 'scan' | 'scannerStatus', test: (payload: T) => boolean, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} event`))), ms);
    const off = t.core.onEvent((event, payload) => {
      if (event === name && test(payload as T)) {
        clearTimeout(timer);
        off();
        resolve(payload as T);
      }
    });
  });
}

beforeEach(async () => {
  t = await startTestCore({ scanners: { reconnectMs: 100 } });
  pty = await openPtyPair();
  sim = new ScannerSimulator(pty.b);
  await sim.plug();
});
afterEach(async () => {
  await t.core.close();
  t.close();
  await sim.unplug();
  await pty.close();
});

describe('serial (USB-CDC) scanners on the Node side', () => {
  it('delivers each decoded scan to every screen, UTF-8 and GB18030 alike, and shows the last one', async () => {
    const connected = eventWhere<ScannerState>('scannerStatus', (s) => s.state === 'connected');
    const scanner = await t.call('saveScanner', { name: '收货台扫码枪', kind: 'serial', path: pty.a, baudRate: 9600, aimPrefix: false });
    await connected;
    const url = 'https://trace.example.cn/q?c=2024白菜批次01';
    let got = eventWhere<DeviceScan>('scan', () => true);
    await sim.scan(url, { suffix: 'CRLF' });
    expect(await got).toMatchObject({ scannerId: scanner.id, text: url, source: 'serial', encoding: 'utf-8' });
    got = eventWhere<DeviceScan>('scan', () => true);
    await sim.scan('编号：HG-0042', { encoding: 'gb18030', suffix: 'CR', chunkMax: 3 });
    expect(await got).toMatchObject({ text: '编号：HG-0042', encoding: 'gb18030' });
    const [listed] = await t.call('listScanners', {});
    expect(listed).toMatchObject({ id: scanner.id, kind: 'serial', status: { state: 'connected', error: null }, lastScan: { text: '编号：HG-0042' } });
  });

  it('a removed scanner lets go of its port and sends nothing more', async () => {
    const connected = eventWhere<ScannerState>('scannerStatus', (s) => s.state === 'connected');
    const scanner = await t.call('saveScanner', { name: 'A', kind: 'serial', path: pty.a, baudRate: null, aimPrefix: false });
    await connected;
    await t.call('removeScanner', { id: scanner.id });
    expect(await t.call('listScanners', {})).toEqual([]);
    // Saved again on the same port: it opens (the removed one closed it) and scans flow.
    const again = eventWhere<ScannerState>('scannerStatus', (s) => s.state === 'connected');
    const second = await t.call('saveScanner', { name: 'B', kind: 'serial', path: pty.a, baudRate: null, aimPrefix: false });
    await again;
    const got = eventWhere<DeviceScan>('scan', () => true);
    await sim.scan('0106901234567892', { suffix: 'LF' });
    expect((await got).scannerId).toBe(second.id);
  });

  it('refuses a HID POS scanner whose path is not vendorId:productId, and writes nothing', async () => {
    const e = await apiError(t.call('saveScanner', { name: 'H', kind: 'hidpos', path: '/dev/hidraw0', baudRate: null, aimPrefix: true }));
    expect(e.code).toBe('badRequest');
    expect(e.issues?.[0]).toMatchObject({ path: 'path', code: 'usbId' });
    expect(t.rows('select count(*) n from scanners')[0].n).toBe(0);
    const devices = await t.call('listScannerDevices', {});
    expect(devices.hidpos).toEqual([]);
    expect(Array.isArray(devices.serial)).toBe(true);
  });
});
