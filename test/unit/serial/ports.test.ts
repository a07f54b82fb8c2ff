import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSerialPorts } from '../../../drivers/serial/ports';

/** serialport's Linux lister where udevadm is missing (containers, minimal installs). */
const noUdevadm = () => Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', syscall: 'spawn udevadm' }));

let root: string;
const dev = () => join(root, 'dev');
const sys = () => join(root, 'sys/class/tty');
async function file(path: string, text = '') {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** A fake /dev and /sys: an FTDI adapter with a by-id link, a CDC device, a CH341 known only by its by-id link, UARTs with and without hardware. */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serial-ports-'));
  for (const name of ['ttyUSB0', 'ttyACM0', 'ttyCH341USB0', 'ttyS0', 'ttyS1', 'ttyS10', 'tty0', 'console']) await file(join(dev(), name));
  await mkdir(join(dev(), 'serial/by-id'), { recursive: true });
  await symlink('../../ttyUSB0', join(dev(), 'serial/by-id/usb-FTDI_FT232R_A10K-if00-port0'));
  await symlink('../../ttyCH341USB0', join(dev(), 'serial/by-id/usb-1a86_USB_Serial-if00-port0'));
  await file(join(sys(), 'ttyS0/type'), '4\n');
  await file(join(sys(), 'ttyS1/type'), '0\n');
  const usbDevice = join(root, 'sys/devices/pci0/usb1/1-1');
  for (const [name, text] of [
    ['idVendor', '0403'],
    ['idProduct', '6001'],
    ['manufacturer', 'FTDI'],
    ['serial', 'A10K'],
  ])
    await file(join(usbDevice, name), `${text}\n`);
  await mkdir(join(usbDevice, '1-1:1.0/ttyUSB0'), { recursive: true });
  await mkdir(join(sys(), 'ttyUSB0'), { recursive: true });
  await symlink(join(usbDevice, '1-1:1.0/ttyUSB0'), join(sys(), 'ttyUSB0/device'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('serial port listing', () => {
  it('without udevadm: reads /dev and /sys — by-id names, USB identity, only UARTs with hardware', async () => {
    const ports = await listSerialPorts({ list: noUdevadm, devDir: dev(), sysTtyDir: sys(), platform: 'linux' });
    expect(ports).toEqual([
      { path: join(dev(), 'ttyACM0'), device: join(dev(), 'ttyACM0') },
      { path: join(dev(), 'serial/by-id/usb-1a86_USB_Serial-if00-port0'), device: join(dev(), 'ttyCH341USB0') },
      { path: join(dev(), 'ttyS0'), device: join(dev(), 'ttyS0') },
      // No sysfs entry to say otherwise: offered.
      { path: join(dev(), 'ttyS10'), device: join(dev(), 'ttyS10') },
      {
        path: join(dev(), 'serial/by-id/usb-FTDI_FT232R_A10K-if00-port0'),
        device: join(dev(), 'ttyUSB0'),
        vendorId: '0403',
        productId: '6001',
        manufacturer: 'FTDI',
        serialNumber: 'A10K',
      },
    ]);
  });

  it("serialport's own list is used where it works, with the by-id names", async () => {
    const list = () => Promise.resolve([{ path: join(dev(), 'ttyUSB0'), manufacturer: 'FTDI' }]);
    expect(await listSerialPorts({ list, devDir: dev(), sysTtyDir: sys(), platform: 'linux' })).toEqual([
      { path: join(dev(), 'serial/by-id/usb-FTDI_FT232R_A10K-if00-port0'), device: join(dev(), 'ttyUSB0'), manufacturer: 'FTDI' },
    ]);
  });

  it('elsewhere a listing failure is passed on (the caller says it in words)', async () => {
    await expect(listSerialPorts({ list: noUdevadm, devDir: dev(), sysTtyDir: sys(), platform: 'win32' })).rejects.toThrow(/udevadm/);
  });

  it('on this machine: resolves, and offers only devices that exist', async () => {
    const ports = await listSerialPorts();
    for (const p of ports) expect(existsSync(p.device), p.device).toBe(true);
  });
});
