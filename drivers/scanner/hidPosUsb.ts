/// <reference types="w3c-web-usb" />
import { readdir, readFile } from 'node:fs/promises';
import type { usb as UsbApi } from 'usb';
import { findBarcodeScannerUsage, HID_POS_LAYOUTS, HidPosAssembler, usesReportIds, type HidPosLayout } from './hidPos';
import { ScannerBase, type ScannerErrorKind } from './types';

/** The device I/O the reading loop needs: one input report per read(). close() makes a pending read() reject. */
export interface ReportSource {
  read(): Promise<Uint8Array>;
  close(): Promise<void>;
  /** From the report descriptor: whether reports start with a report ID (undefined: keep the layout's). */
  readonly reportIds?: boolean;
}

export interface UsbTarget {
  vendorId: number;
  productId: number;
  serialNumber?: string;
}

export interface HidPosUsbOptions {
  /** `vendorId:productId[:serial]`, ids in hex (`0c2e:0b87`), as listHidPosScanners() gives it. */
  device: string;
  layout?: HidPosLayout;
  /** The scanner also puts an AIM identifier in front of the data itself. */
  aimPrefix?: boolean;
  reconnectMs?: number;
  /** Replaces the usb-backed source (tests, other transports). */
  openSource?: (target: UsbTarget) => Promise<ReportSource>;
}

export class UsbScannerError extends Error {
  constructor(
    readonly kind: ScannerErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function parseUsbTarget(device: string): UsbTarget {
  const [vid, pid, ...serial] = device.split(':');
  const vendorId = parseInt(vid ?? '', 16);
  const productId = parseInt(pid ?? '', 16);
  if (!/^[0-9a-f]{1,4}$/i.test(vid ?? '') || !/^[0-9a-f]{1,4}$/i.test(pid ?? '')) {
    throw new UsbScannerError('notFound', `not a USB device id: ${device} (expected vendorId:productId[:serial] in hex)`);
  }
  return serial.length > 0 ? { vendorId, productId, serialNumber: serial.join(':') } : { vendorId, productId };
}

export function formatUsbTarget({ vendorId, productId, serialNumber }: UsbTarget): string {
  const id = `${hex4(vendorId)}:${hex4(productId)}`;
  return serialNumber ? `${id}:${serialNumber}` : id;
}

/** Maps a usb / OS error to what the operator can do about it. */
export function classifyUsbError(err: unknown, target?: UsbTarget): { error: ScannerErrorKind; message: string } {
  if (err instanceof UsbScannerError) return { error: err.kind, message: err.message };
  const text = err instanceof Error ? err.message : String(err);
  if (/permission denied|EACCES|access denied|EPERM/i.test(text)) {
    const ids = target ? `ATTR{idVendor}=="${hex4(target.vendorId)}", ATTR{idProduct}=="${hex4(target.productId)}", ` : '';
    return {
      error: 'permission',
      message: `no access to the scanner (${text}). Linux: add a udev rule, e.g. /etc/udev/rules.d/70-scanner.rules: SUBSYSTEM=="usb", ${ids}MODE="0660", GROUP="plugdev" — then replug`,
    };
  }
  if (/busy|EBUSY|already (claimed|in use)/i.test(text)) return { error: 'busy', message: `scanner held by another program or driver (${text})` };
  if (/not found|no device|disconnected|ENODEV|ENOENT/i.test(text)) return { error: 'notFound', message: `scanner not found — unplugged? (${text})` };
  return { error: 'other', message: text };
}

/**
 * One HID POS scanner over USB: opens it, assembles its reports into scans, and keeps
 * reconnecting until stop() — a scanner pulled and plugged back in resumes on its own.
 */
export class HidPosUsbScanner extends ScannerBase {
  private readonly target: UsbTarget;
  private readonly layout: HidPosLayout;
  private readonly reconnectMs: number;
  private readonly openSource: (target: UsbTarget) => Promise<ReportSource>;
  private running = false;
  private loop?: Promise<void>;
  private source?: ReportSource;
  private wake?: () => void;

  constructor(options: HidPosUsbOptions) {
    super(options.aimPrefix ?? false);
    this.target = parseUsbTarget(options.device);
    this.layout = options.layout ?? HID_POS_LAYOUTS.aimFirst;
    this.reconnectMs = options.reconnectMs ?? 1000;
    this.openSource = options.openSource ?? openUsbReportSource;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.source?.close().catch(() => undefined);
    await this.loop;
    this.loop = undefined;
    this.setStatus({ state: 'disconnected', message: 'stopped' });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let source: ReportSource;
      try {
        source = await this.openSource(this.target);
      } catch (err) {
        if (!this.running) return;
        this.setStatus({ state: 'error', ...classifyUsbError(err, this.target) });
        await this.pause();
        continue;
      }
      if (!this.running) {
        await source.close().catch(() => undefined);
        return;
      }
      this.source = source;
      this.setStatus({ state: 'connected', message: formatUsbTarget(this.target) });
      await this.read(source);
      this.source = undefined;
      await source.close().catch(() => undefined);
      if (this.running) await this.pause();
    }
  }

  private async read(source: ReportSource): Promise<void> {
    const layout = source.reportIds === false ? { ...this.layout, reportId: null } : this.layout;
    const assembler = new HidPosAssembler({ layout });
    try {
      for (;;) {
        const report = await source.read();
        if (!this.running) return;
        for (const scan of assembler.push(report)) this.emitScan(scan.bytes, scan.aim);
      }
    } catch (err) {
      if (this.running) this.setStatus({ state: 'disconnected', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The reconnect delay; stop() cuts it short. */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.reconnectMs);
      this.wake = done;
    });
  }
}

// --- usb@3 (WebUSB-style API over nusb). Loaded lazily: start-up does not pay for the native module. ---

const HID_CLASS = 3;
const GET_DESCRIPTOR = 0x06;
const REPORT_DESCRIPTOR = 0x22;

export interface HidPosDeviceInfo {
  /** What HidPosUsbOptions.device takes: vendorId:productId[:serial]. */
  path: string;
  /** Product (and maker) name for a picker, or the path when the device gives none. */
  name: string;
  vendorId: number;
  productId: number;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  interfaceNumber: number;
}

/** Connected USB devices with a HID interface whose report descriptor declares usage page 0x8C. */
export async function listHidPosScanners(): Promise<HidPosDeviceInfo[]> {
  const found: HidPosDeviceInfo[] = [];
  for (const device of await usbDevices()) {
    for (const iface of hidInterfaces(device)) {
      const descriptor = await listingDescriptor(device, iface).catch(() => undefined);
      if (!descriptor || !findBarcodeScannerUsage(descriptor)) continue;
      const serialNumber = device.serialNumber ?? undefined;
      const target = serialNumber ? { vendorId: device.vendorId, productId: device.productId, serialNumber } : { vendorId: device.vendorId, productId: device.productId };
      const path = formatUsbTarget(target);
      const manufacturer = device.manufacturerName ?? undefined;
      const product = device.productName ?? undefined;
      const name = [manufacturer, product].filter(Boolean).join(' ') || path;
      found.push({ path, name, ...target, manufacturer, product, interfaceNumber: iface });
    }
  }
  return found;
}

/** Opens the scanner's HID POS interface for reading (Linux: takes it from the kernel's usbhid driver). */
export async function openUsbReportSource(target: UsbTarget): Promise<ReportSource> {
  const device = (await usbDevices()).find((d) => d.vendorId === target.vendorId && d.productId === target.productId && (!target.serialNumber || d.serialNumber === target.serialNumber));
  if (!device) throw new UsbScannerError('notFound', `scanner ${formatUsbTarget(target)} not found — unplugged?`);
  await device.open();
  try {
    for (const iface of hidInterfaces(device)) {
      const claimed = await claim(device, iface);
      const descriptor = await controlDescriptor(device, iface).catch(() => undefined);
      if (descriptor && findBarcodeScannerUsage(descriptor)) {
        const endpoint = device.configuration?.interfaces.find((i) => i.interfaceNumber === iface)?.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'interrupt');
        if (endpoint) return new UsbReportSource(device, iface, endpoint.endpointNumber, endpoint.packetSize, usesReportIds(descriptor), claimed);
      }
      await release(device, iface, claimed);
    }
  } catch (err) {
    await device.close().catch(() => undefined);
    throw err;
  }
  await device.close().catch(() => undefined);
  throw new UsbScannerError('other', `${formatUsbTarget(target)} has no HID POS interface — set the scanner to HID POS (not keyboard) mode`);
}

type UsbDevice = Awaited<ReturnType<typeof UsbApi.getDevices>>[number];

class UsbReportSource implements ReportSource {
  private closed = false;

  constructor(
    private readonly device: UsbDevice,
    private readonly iface: number,
    private readonly endpoint: number,
    private readonly packetSize: number,
    readonly reportIds: boolean,
    private readonly detached: boolean,
  ) {}

  async read(): Promise<Uint8Array> {
    for (;;) {
      if (this.closed) throw new Error('closed');
      try {
        const result = await this.device.transferIn(this.endpoint, this.packetSize);
        if (result.status === 'stall') {
          await this.device.clearHalt('in', this.endpoint);
          continue;
        }
        if (result.data && result.data.byteLength > 0) return new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
      } catch (err) {
        // The wrapper's transfer timeout (no scan for a second) is not an error: read on.
        if (this.closed || !/timed out|timeout|cancel/i.test(String(err))) throw err;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await release(this.device, this.iface, this.detached);
    await this.device.close().catch(() => undefined);
  }
}

/** Linux binds usbhid to every HID interface: detach it before claiming. Returns whether it was detached. */
async function claim(device: UsbDevice, iface: number): Promise<boolean> {
  let detached = false;
  if (process.platform === 'linux') {
    detached = await device.detachKernelDriver(iface).then(
      () => true,
      () => false, // no driver attached
    );
  }
  await device.claimInterface(iface);
  return detached;
}

async function release(device: UsbDevice, iface: number, detached: boolean): Promise<void> {
  await device.releaseInterface(iface).catch(() => undefined);
  if (detached) await device.attachKernelDriver(iface).catch(() => undefined);
}

async function usbDevices(): Promise<UsbDevice[]> {
  const { usb } = await import('usb');
  try {
    return await usb.getDevices();
  } catch (err) {
    // No USB subsystem at all (containers, some VMs): no devices, not a failure.
    if (/\/sys\/bus\/usb\/devices\/ not found/.test(String(err))) return [];
    throw err;
  }
}

function hidInterfaces(device: UsbDevice): number[] {
  return (device.configuration?.interfaces ?? []).filter((i) => i.alternate.interfaceClass === HID_CLASS).map((i) => i.interfaceNumber);
}

/** GET_DESCRIPTOR(Report) to the interface; the interface must be claimed on Linux. */
async function controlDescriptor(device: UsbDevice, iface: number): Promise<Uint8Array | undefined> {
  const result = await device.controlTransferIn({ requestType: 'standard', recipient: 'interface', request: GET_DESCRIPTOR, value: REPORT_DESCRIPTOR << 8, index: iface }, 4096);
  return result.data ? new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength) : undefined;
}

/**
 * For listing, without taking interfaces (keyboards, mice) away from the OS: Linux exposes the
 * report descriptor in sysfs; elsewhere ask the device.
 */
async function listingDescriptor(device: UsbDevice, iface: number): Promise<Uint8Array | undefined> {
  if (process.platform === 'linux') return sysfsDescriptor(device, iface);
  await device.open();
  try {
    return await controlDescriptor(device, iface);
  } finally {
    await device.close().catch(() => undefined);
  }
}

async function sysfsDescriptor(device: UsbDevice, iface: number): Promise<Uint8Array | undefined> {
  // Interface directory: <bus>-<port.port…>:<configuration>.<interface>
  const name = device.bus.includes('-') ? device.bus : `${device.bus}-${device.ports.join('.')}`;
  const dir = `/sys/bus/usb/devices/${name}:${device.configuration?.configurationValue ?? 1}.${iface}`;
  const hid = (await readdir(dir)).find((entry) => /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{4}\.[0-9A-F]{4}$/i.test(entry));
  return hid ? new Uint8Array(await readFile(`${dir}/${hid}/report_descriptor`)) : undefined;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
