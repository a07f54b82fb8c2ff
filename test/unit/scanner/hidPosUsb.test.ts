import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyUsbError, HidPosUsbScanner, listHidPosScanners, parseUsbTarget, type ReportSource, type UsbTarget } from '../../../drivers/scanner/hidPosUsb';
import { hidPosReports } from '../../../drivers/scanner/simulator';
import type { ScanEvent, ScannerStatus } from '../../../drivers/scanner/types';

/** An in-memory scanner: reports queued by the test; unplug() fails the pending read as a pulled cable does. */
class MemorySource implements ReportSource {
  private queue: Uint8Array[] = [];
  private waiter?: { resolve: (r: Uint8Array) => void; reject: (e: Error) => void };
  closed = false;

  constructor(readonly reportIds?: boolean) {}

  feed(...reports: Uint8Array[]): void {
    this.queue.push(...reports);
    this.drain();
  }

  unplug(): void {
    this.fail(new Error('transferIn error: device disconnected'));
  }

  read(): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('closed'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail(new Error('closed'));
  }

  private drain(): void {
    if (!this.waiter || this.queue.length === 0) return;
    const { resolve } = this.waiter;
    this.waiter = undefined;
    resolve(this.queue.shift()!);
  }

  private fail(err: Error): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }
}

type Event = { type: 'scan'; scan: ScanEvent } | { type: 'status'; status: ScannerStatus };

function recorder(scanner: HidPosUsbScanner) {
  const events: Event[] = [];
  const waiters: { test: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  const push = (e: Event) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.test(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  };
  scanner.on('scan', (scan) => push({ type: 'scan', scan }));
  scanner.on('status', (status) => push({ type: 'status', status }));
  return {
    events,
    next(test: (e: Event) => boolean, ms = 2000): Promise<Event> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event in ${ms} ms; saw ${JSON.stringify(events.slice(-6))}`)), ms);
        waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
  };
}
const isScan = (e: Event) => e.type === 'scan';
const isState = (state: ScannerStatus['state']) => (e: Event) => e.type === 'status' && e.status.state === state;

describe('HidPosUsbScanner reading loop (in-memory ReportSource)', () => {
  let scanner: HidPosUsbScanner | undefined;
  afterEach(async () => {
    await scanner?.stop();
    scanner = undefined;
  });

  it('scans, unplug → disconnected, not found while out, replug → scans again', async () => {
    const sources: MemorySource[] = [];
    let present = true;
    const targets: UsbTarget[] = [];
    scanner = new HidPosUsbScanner({
      device: '0c2e:0b87:15232B1F0C',
      reconnectMs: 20,
      openSource: async (target) => {
        targets.push(target);
        if (!present) throw new Error('getDevices: no device');
        const s = new MemorySource();
        sources.push(s);
        return s;
      },
    });
    const rec = recorder(scanner);
    scanner.start();
    await rec.next(isState('connected'));
    expect(targets[0]).toEqual({ vendorId: 0x0c2e, productId: 0x0b87, serialNumber: '15232B1F0C' });

    const url = 'https://zs.example.cn/q?code=110105202611180001&品名=寿光黄瓜';
    const scanned = rec.next(isScan);
    sources[0]!.feed(...hidPosReports(url, { aim: ']Q1' }));
    expect(await scanned).toMatchObject({ scan: { text: url, encoding: 'utf-8', aim: ']Q1' } });

    const gb = rec.next(isScan);
    sources[0]!.feed(gbReport('猪肉 批次A1'));
    expect(await gb).toMatchObject({ scan: { text: '猪肉 批次A1', encoding: 'gb18030', aim: ']Q1' } });

    present = false;
    const down = rec.next(isState('disconnected'));
    sources[0]!.unplug();
    expect(await down).toMatchObject({ status: { message: 'transferIn error: device disconnected' } });
    expect(await rec.next(isState('error'))).toMatchObject({ status: { error: 'notFound' } });
    expect(sources[0]!.closed).toBe(true);

    present = true;
    await rec.next(isState('connected'));
    const again = rec.next(isScan);
    sources[1]!.feed(...hidPosReports('0106901234567892\u001d10A1', { aim: ']C1' }));
    expect(await again).toMatchObject({ scan: { text: '0106901234567892\u001d10A1', aim: ']C1' } });
    // Retries while unplugged repeat the same error: one status event, not one per retry.
    expect(rec.events.filter((e) => e.type === 'status' && e.status.state === 'error')).toHaveLength(1);
  });

  it('a scan cut by an unplug mid-continuation is not emitted, and does not leak into the next one', async () => {
    const sources: MemorySource[] = [];
    scanner = new HidPosUsbScanner({ device: '05e0:1300', reconnectMs: 10, openSource: async () => (sources.push(new MemorySource()), sources.at(-1)!) });
    const rec = recorder(scanner);
    scanner.start();
    await rec.next(isState('connected'));
    const long = hidPosReports('A'.repeat(120));
    sources[0]!.feed(long[0]!, long[1]!);
    await new Promise((r) => setImmediate(r));
    sources[0]!.unplug();
    await rec.next(isState('connected'));
    const scanned = rec.next(isScan);
    sources[1]!.feed(...hidPosReports('6901234567892', { aim: ']E0' }));
    expect(await scanned).toMatchObject({ scan: { text: '6901234567892', aim: ']E0' } });
    expect(rec.events.filter(isScan)).toHaveLength(1);
  });

  it('a source whose descriptor has no report IDs reads reports without the ID byte', async () => {
    const source = new MemorySource(false);
    scanner = new HidPosUsbScanner({ device: '05e0:1300', openSource: async () => source });
    const rec = recorder(scanner);
    scanner.start();
    await rec.next(isState('connected'));
    const scanned = rec.next(isScan);
    source.feed(hidPosReports('ABC123')[0]!.subarray(1));
    expect(await scanned).toMatchObject({ scan: { text: 'ABC123' } });
  });

  it('open errors are classified; stop() ends the retry loop and closes the source', async () => {
    let attempts = 0;
    scanner = new HidPosUsbScanner({
      device: '0c2e:0b87',
      reconnectMs: 10,
      openSource: async () => {
        attempts++;
        throw new Error('failed to open device: permission denied');
      },
    });
    const rec = recorder(scanner);
    scanner.start();
    const e = await rec.next(isState('error'));
    expect(e).toMatchObject({ status: { error: 'permission' } });
    expect(e.type === 'status' && e.status.message).toContain('ATTR{idVendor}=="0c2e", ATTR{idProduct}=="0b87"');
    await scanner.stop();
    const after = attempts;
    await new Promise((r) => setTimeout(r, 50));
    expect(attempts).toBe(after);
    expect(scanner.currentStatus().state).toBe('disconnected');
    scanner = undefined;
  });

  it('stop() while reading closes the source and emits nothing more', async () => {
    const source = new MemorySource();
    scanner = new HidPosUsbScanner({ device: '05e0:1300', openSource: async () => source });
    const rec = recorder(scanner);
    scanner.start();
    await rec.next(isState('connected'));
    await scanner.stop();
    expect(source.closed).toBe(true);
    expect(rec.events.map((e) => e.type === 'status' && e.status.state)).toEqual(['connected', 'disconnected']);
    scanner = undefined;
  });
});

/** One aimFirst report carrying GB18030 bytes. */
function gbReport(text: string): Uint8Array {
  const data = iconv.encode(text, 'gb18030');
  const r = new Uint8Array(64);
  r.set([2, data.length, ...Buffer.from(']Q1')]);
  r.set(data, 5);
  return r;
}

describe('USB ids and errors', () => {
  it('parses vendorId:productId[:serial]', () => {
    expect(parseUsbTarget('05e0:1300')).toEqual({ vendorId: 0x05e0, productId: 0x1300 });
    expect(parseUsbTarget('0C2E:0B87:AB:12')).toEqual({ vendorId: 0x0c2e, productId: 0x0b87, serialNumber: 'AB:12' });
    expect(() => parseUsbTarget('/dev/ttyACM0')).toThrow(/vendorId:productId/);
  });

  it.each([
    ['LIBUSB_ERROR_ACCESS: Permission denied', 'permission'],
    ['claimInterface error: interface is busy', 'busy'],
    ['device is busy', 'busy'],
    ['transferIn error: device disconnected', 'notFound'],
    ['endpoint stalled', 'other'],
  ])('%s → %s', (message, kind) => {
    expect(classifyUsbError(new Error(message)).error).toBe(kind);
  });
});

describe('the real usb module', () => {
  it('loads, and listing finds no HID POS scanner on this machine without throwing', async () => {
    const usb = await import('usb');
    expect(typeof usb.usb.getDevices).toBe('function');
    await expect(listHidPosScanners()).resolves.toEqual([]);
  });
});
