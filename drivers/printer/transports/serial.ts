import { SerialPort } from 'serialport';
import { toPrinterError, withTimeout, type PrinterTransport, type ReplyReader } from './transport';

/**
 * A printer on a serial port (RS-232 or a USB-serial adapter). The port is opened on first use and
 * kept open: it is ours alone, and reopening toggles DTR, which resets some printers.
 */
export class SerialTransport implements PrinterTransport {
  private port?: SerialPort;
  private readonly timeoutMs: number;

  constructor(
    private readonly path: string,
    private readonly baudRate = 9600,
    { timeoutMs = 5000 }: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = timeoutMs;
  }

  /** Resolves when the OS has passed every byte to the port (tcdrain). */
  async send(bytes: Uint8Array): Promise<void> {
    const port = await this.opened();
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (err) => err && reject(err));
        port.drain((err) => (err ? reject(err) : resolve()));
      }),
      this.timeoutMs,
      `serial ${this.path}`,
    ).catch((err) => {
      throw toPrinterError(err, `serial ${this.path}`);
    });
  }

  /** Writes `bytes` and waits for `read` to find the reply; once written, failures are `sent`. */
  async query(bytes: Uint8Array, read: ReplyReader, timeoutMs = this.timeoutMs): Promise<Buffer> {
    const port = await this.opened();
    const what = `serial ${this.path}`;
    let received = Buffer.alloc(0);
    let onData: (chunk: Buffer) => void = () => {};
    const reply = new Promise<Buffer>((resolve, reject) => {
      onData = (chunk) => {
        received = Buffer.concat([received, chunk]);
        const complete = read(received);
        if (complete) resolve(complete);
      };
      port.on('data', onData);
      port.write(Buffer.from(bytes), (err) => err && reject(err));
    });
    try {
      return await withTimeout(reply, timeoutMs, `${what}: status answer`);
    } catch (err) {
      throw toPrinterError(err, what, { sent: true });
    } finally {
      port.off('data', onData);
    }
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async opened(): Promise<SerialPort> {
    if (this.port?.isOpen) return this.port;
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    try {
      await withTimeout(new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve()))), this.timeoutMs, `serial ${this.path}: open`);
    } catch (err) {
      throw toPrinterError(err, `serial ${this.path}`);
    }
    // Bytes that arrive between queries (a printer's unsolicited status) are dropped, not kept for the next query.
    port.on('data', () => {});
    port.on('close', () => {
      if (this.port === port) this.port = undefined;
    });
    this.port = port;
    return port;
  }
}
