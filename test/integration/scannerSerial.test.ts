import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner, type SerialScannerOptions } from '../../drivers/scanner/serialScanner';
import { openPtyPair, ScannerSimulator, type PtyPair } from '../../drivers/scanner/simulator';
import type { ScanEvent, ScannerStatus } from '../../drivers/scanner/types';

type Event = { type: 'scan'; scan: ScanEvent } | { type: 'status'; status: ScannerStatus };

/** The first event from now on that matches, or a rejection listing what came instead. */
function nextEvent(scanner: SerialScanner, test: (e: Event) => boolean, ms = 3000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const onScan = (scan: ScanEvent) => check({ type: 'scan', scan });
    const onStatus = (status: ScannerStatus) => check({ type: 'status', status });
    const done = () => {
      clearTimeout(timer);
      scanner.off('scan', onScan);
      scanner.off('status', onStatus);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no matching event within ${ms} ms; saw ${seen.slice(-8).join(' | ')}`));
    }, ms);
    function check(e: Event) {
      seen.push(JSON.stringify(e));
      if (!test(e)) return;
      done();
      resolve(e);
    }
    scanner.on('scan', onScan);
    scanner.on('status', onStatus);
  });
}
const isScan = (e: Event) => e.type === 'scan';
const isState = (state: ScannerStatus['state']) => (e: Event) => e.type === 'status' && e.status.state === state;
const scanOf = (e: Event) => (e.type === 'scan' ? e.scan : undefined);

describe('serial (USB-CDC) scanner over a socat PTY pair', () => {
  let pty: PtyPair | undefined;
  let sim: ScannerSimulator | undefined;
  let scanner: SerialScanner | undefined;

  afterEach(async () => {
    await scanner?.stop();
    await sim?.unplug();
    await pty?.close();
    if (pty) await rm(pty.dir, { recursive: true, force: true });
    scanner = sim = pty = undefined;
  });

  async function rig(options: Partial<SerialScannerOptions> = {}) {
    pty = await openPtyPair();
    sim = new ScannerSimulator(pty.b);
    await sim.plug();
    scanner = new SerialScanner({ path: pty.a, reconnectMs: 100, ...options });
    const connected = nextEvent(scanner, isState('connected'));
    scanner.start();
    await connected;
    return { sim, scanner };
  }

  it('UTF-8 Chinese URL with CRLF', async () => {
    const { sim, scanner } = await rig();
    const url = 'https://zs.example.cn/trace?code=110105202611180001&品名=寿光黄瓜';
    const got = nextEvent(scanner, isScan);
    const sent = await sim.scan(url, { suffix: 'CRLF' });
    expect([...sent.subarray(-2)]).toEqual([0x0d, 0x0a]);
    expect(scanOf(await got)).toMatchObject({ text: url, encoding: 'utf-8' });
  });

  it('GB18030 scan', async () => {
    const { sim, scanner } = await rig();
    const got = nextEvent(scanner, isScan);
    const sent = await sim.scan('产地：山东寿光 𠮷', { encoding: 'gb18030', suffix: 'CR' });
    expect([...sent.subarray(0, 2)]).toEqual([0xb2, 0xfa]);
    expect(scanOf(await got)).toMatchObject({ text: '产地：山东寿光 𠮷', encoding: 'gb18030' });
  });

  it('GS1 code keeps its GS separators; AIM prefix reported and stripped when configured', async () => {
    const { sim, scanner } = await rig({ aimPrefix: true });
    const got = nextEvent(scanner, isScan);
    await sim.scan('0106901234567892\u001d10LOT7\u001d3103000500', { aim: ']C1', suffix: 'TAB' });
    const scan = scanOf(await got)!;
    expect(scan).toMatchObject({ text: '0106901234567892\u001d10LOT7\u001d3103000500', aim: ']C1' });
    expect(Buffer.from(scan.text).filter((b) => b === 0x1d)).toHaveLength(2);
  });

  it('a scan split into 1–3-byte chunks arrives whole', async () => {
    // The suffix frames it; a long idle gap keeps a stalled event loop on a busy CI machine from splitting it.
    const { sim, scanner } = await rig({ idleMs: 1000 });
    const text = 'https://zs.example.cn/q?c=猪肉-A1-20261118';
    const got = nextEvent(scanner, isScan);
    await sim.scan(text, { suffix: 'CR', chunkMax: 3, gapMs: 2 });
    expect(scanOf(await got)).toMatchObject({ text, encoding: 'utf-8' });
  });

  it('no suffix: the idle gap ends the scan', async () => {
    const { sim, scanner } = await rig({ idleMs: 60 });
    const got = nextEvent(scanner, isScan);
    const sentAt = Date.now();
    await sim.scan('6901234567892', { suffix: 'none' });
    const scan = scanOf(await got)!;
    expect(scan.text).toBe('6901234567892');
    expect(scan.at - sentAt).toBeGreaterThanOrEqual(50);
    // Two scans in a row, each ended by its own gap.
    const second = nextEvent(scanner, isScan);
    await sim.scan('追溯码 A2', { suffix: 'none', encoding: 'gb18030' });
    expect(scanOf(await second)).toMatchObject({ text: '追溯码 A2', encoding: 'gb18030' });
  });

  it('unplug → disconnected → not found while out → replug at the same path → scans again', async () => {
    const { sim, scanner } = await rig();
    const first = nextEvent(scanner, isScan);
    await sim.scan('A-1');
    expect(scanOf(await first)?.text).toBe('A-1');

    // Both listeners before the unplug: the first failed reopen may follow the disconnect within
    // the same turn, and a repeated failure is not reported again.
    // Their clocks start before the unplug and socat's exit: on a loaded machine that alone can
    // take seconds, so the window is wider here than for events the test triggers directly.
    const down = nextEvent(scanner, isState('disconnected'), 10_000);
    const notFound = nextEvent(scanner, isState('error'), 10_000);
    await sim.unplug();
    await pty!.close();
    const [, gone] = await Promise.all([down, notFound]);
    expect(gone.type === 'status' && gone.status.error).toBe('notFound');

    const back = nextEvent(scanner, isState('connected'), 10_000);
    pty = await openPtyPair({ dir: pty!.dir });
    await sim.plug();
    await back;
    const again = nextEvent(scanner, isScan);
    await sim.scan('二维码 B-2');
    expect(scanOf(await again)).toMatchObject({ text: '二维码 B-2', encoding: 'utf-8' });
  });
});
