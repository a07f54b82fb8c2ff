import { readdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface SerialPortInfo {
  /** What to open and store: the /dev/serial/by-id link when there is one, as ttyUSB numbers change between plug-ins. */
  path: string;
  device: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** What serialport's own lister returns (the fields used here). */
type Listed = Omit<SerialPortInfo, 'device'>;

export interface ListOptions {
  /** serialport's lister; on Linux it spawns `udevadm`, which containers and minimal installs lack. */
  list?: () => Promise<Listed[]>;
  /** Where /dev and /sys live (tests point these at a fake tree). */
  devDir?: string;
  sysTtyDir?: string;
  platform?: NodeJS.Platform;
}

/**
 * Every serial port the station can offer, for scales, scanners and the shredder box alike. Where
 * serialport's lister fails on Linux (no `udevadm`), the ports are read from /dev and /sys instead,
 * so the device forms still open.
 */
export async function listSerialPorts({ list = defaultList, devDir = '/dev', sysTtyDir = '/sys/class/tty', platform = process.platform }: ListOptions = {}): Promise<SerialPortInfo[]> {
  const byId = await serialById(join(devDir, 'serial/by-id'));
  let ports: Listed[];
  try {
    ports = await list();
  } catch (err) {
    if (platform !== 'linux') throw err;
    ports = await fromSysfs(devDir, sysTtyDir, [...byId.keys()]);
  }
  return ports.map((p) => ({ ...p, path: byId.get(p.path) ?? p.path, device: p.path }));
}

async function defaultList(): Promise<Listed[]> {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
}

/** Device names a USB adapter, a CDC modem-class device or an on-board UART get. */
const SERIAL_NAME = /^tty(USB|ACM|S)\d+$/;

/**
 * The fallback lister: the tty device nodes that exist, plus whatever /dev/serial/by-id points at
 * (adapters with other driver names), with their USB identity from sysfs where it has one.
 */
async function fromSysfs(devDir: string, sysTtyDir: string, linked: string[]): Promise<Listed[]> {
  const own = (await readdir(devDir).catch(() => [] as string[])).filter((n) => SERIAL_NAME.test(n)).map((n) => join(devDir, n));
  const ports: Listed[] = [];
  for (const path of [...new Set([...own, ...linked])].sort(byNumber)) {
    const name = basename(path);
    const sys = join(sysTtyDir, name);
    // /dev often has ttyS0–31 whatever the hardware: the kernel says UART type 0 where none is fitted.
    if (name.startsWith('ttyS') && (await readText(join(sys, 'type'))) === '0') continue;
    ports.push({ path, ...(await usbIdentity(join(sys, 'device'))) });
  }
  return ports;
}

/** Walks up from the tty's device to the USB device that owns it (the one with idVendor). */
async function usbIdentity(deviceLink: string): Promise<Partial<Listed>> {
  let dir = await realpath(deviceLink).catch(() => undefined);
  for (let up = 0; dir && up < 4; up++, dir = dirname(dir)) {
    const vendorId = await readText(join(dir, 'idVendor'));
    if (!vendorId) continue;
    const [productId, manufacturer, serialNumber] = await Promise.all(['idProduct', 'manufacturer', 'serial'].map((f) => readText(join(dir!, f))));
    return strip({ vendorId, productId, manufacturer, serialNumber });
  }
  return {};
}

/** Device path → its stable /dev/serial/by-id link (Linux only; empty elsewhere). */
async function serialById(dir: string): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const link = join(dir, name);
    const target = await realpath(link).catch(() => undefined);
    if (target) links.set(target, link);
  }
  return links;
}

const readText = (file: string) =>
  readFile(file, 'utf8').then(
    (s) => s.trim(),
    () => undefined,
  );
const strip = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as Partial<T>;
/** ttyS2 before ttyS10. */
const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
