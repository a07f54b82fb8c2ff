import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFileTransport } from '../../../drivers/printer/transports/deviceFile';
import { OsQueueTransport } from '../../../drivers/printer/transports/osQueue';
import { PrinterError, toPrinterError, withTimeout } from '../../../drivers/printer/transports/transport';

const errno = (code: string) => Object.assign(new Error(`${code} something`), { code });

describe('printer transport errors', () => {
  it.each([
    ['ECONNREFUSED', 'offline'],
    ['ECONNRESET', 'offline'],
    ['EHOSTUNREACH', 'offline'],
    ['ENXIO', 'offline'],
    ['ETIMEDOUT', 'timeout'],
    ['EBUSY', 'busy'],
    ['EACCES', 'permission'],
    ['EPERM', 'permission'],
    ['ENOENT', 'notFound'],
    ['ENOTFOUND', 'notFound'],
  ])('%s → %s', (code, expected) => {
    const err = toPrinterError(errno(code), 'printer x');
    expect(err).toBeInstanceOf(PrinterError);
    expect(err.code).toBe(expected);
    expect(err.message).toMatch(/^printer x: /);
  });

  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'notFound'],
    ['Error: Permission denied, cannot open /dev/ttyS0', 'permission'],
    ['Error Resource temporarily unavailable Cannot lock port', 'busy'],
  ])('reads serialport’s message "%s" as %s', (message, expected) => {
    expect(toPrinterError(new Error(message), 'serial').code).toBe(expected);
  });

  it('times out with a PrinterError and runs the clean-up', async () => {
    let cleaned = false;
    const never = new Promise<void>(() => {});
    await expect(withTimeout(never, 20, 'x', () => (cleaned = true))).rejects.toMatchObject({ code: 'timeout' });
    expect(cleaned).toBe(true);
  });
});

describe('device file and OS queue transports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'printer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the job to an existing device file', async () => {
    const path = join(dir, 'lp0');
    await writeFile(path, '');
    await new DeviceFileTransport(path).send(Buffer.from([0x1b, 0x40, 0xff, 0x00]));
    expect([...(await readFile(path))]).toEqual([0x1b, 0x40, 0xff, 0x00]);
  });

  it('is notFound, and creates nothing, when the device is not there', async () => {
    const path = join(dir, 'usb', 'lp9');
    await expect(new DeviceFileTransport(path).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'notFound' });
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  /** A stand-in for lp: records its arguments and stdin, or fails like CUPS, or hangs. */
  async function fakeLp(name: string, body: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('pipes the raw job to lp -d <queue> -o raw', async () => {
    const lp = await fakeLp('lp-ok', `echo "$@" > "${dir}/args"; cat > "${dir}/job"`);
    const job = Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0xb0, 0xd7, 0x0a]);
    await new OsQueueTransport('Xprinter_58', { command: lp }).send(job);
    expect((await readFile(join(dir, 'args'), 'utf8')).trim()).toBe('-d Xprinter_58 -o raw');
    expect([...(await readFile(join(dir, 'job')))]).toEqual([...job]);
  });

  it('maps lp’s "does not exist" to notFound', async () => {
    const lp = await fakeLp('lp-missing', `cat > /dev/null; echo 'lp: The printer or class does not exist.' >&2; exit 1`);
    await expect(new OsQueueTransport('nope', { command: lp }).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'notFound' });
  });

  it('kills a hanging lp and reports timeout within the bound', async () => {
    const lp = await fakeLp('lp-hang', 'exec sleep 30');
    const started = Date.now();
    await expect(new OsQueueTransport('q', { command: lp, timeoutMs: 200 }).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('is unsupported without a CUPS client', async () => {
    await expect(new OsQueueTransport('q', { command: join(dir, 'no-lp') }).send(Buffer.from('x'))).rejects.toMatchObject({ code: 'unsupported' });
  });
});
