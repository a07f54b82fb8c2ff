import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { toPrinterError, withTimeout, type PrinterTransport } from './transport';

/**
 * A printer the OS exposes as a file: /dev/usb/lp0 (Linux usblp), /dev/ttyUSB0 used write-only,
 * or a Windows shared printer (\\host\share). Opened without O_CREAT, so an unplugged printer is
 * 'notFound' instead of a regular file quietly created at its path. No status: usblp's read side
 * blocks a libuv thread that cannot be cancelled.
 */
export class DeviceFileTransport implements PrinterTransport {
  private readonly timeoutMs: number;

  constructor(
    private readonly path: string,
    { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = timeoutMs;
  }

  /**
   * A stalled printer blocks the write; after `timeoutMs` this rejects with 'timeout' (the thread
   * stays blocked until the kernel gives up, which usblp does when the printer goes away).
   */
  async send(bytes: Uint8Array): Promise<void> {
    const what = `printer device ${this.path}`;
    const job = (async () => {
      const handle = await open(this.path, constants.O_WRONLY);
      try {
        await handle.writeFile(bytes); // loops over the short writes character devices make
      } finally {
        await handle.close(); // not from the timeout: FileHandle.close waits for a pending write
      }
    })();
    await withTimeout(job, this.timeoutMs, what).catch((err) => {
      throw toPrinterError(err, what);
    });
  }

  async close(): Promise<void> {}
}
