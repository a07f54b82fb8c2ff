import { connect, type Socket } from 'node:net';
import { PrinterError, toPrinterError, type PrinterTransport } from './transport';

/**
 * Raw TCP (port 9100, "JetDirect"). One connection per job or query: the printer takes the
 * closing of the connection as the end of a job, and a held connection would lock out the other
 * stations sharing the printer.
 */
export class TcpTransport implements PrinterTransport {
  private readonly timeoutMs: number;
  private readonly open = new Set<Socket>();

  constructor(
    private readonly host: string,
    private readonly port = 9100,
    { timeoutMs = 5000 }: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = timeoutMs;
  }

  private get where(): string {
    return `printer ${this.host}:${this.port}`;
  }

  /**
   * Resolves once the printer has taken the bytes and closed, or, for printers that keep the
   * connection open, once the bytes have left this host and the time is up.
   */
  send(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      let flushed = false;
      const socket = this.connect();
      const timer = setTimeout(() => {
        socket.destroy();
        if (flushed) resolve();
        else reject(new PrinterError('timeout', `${this.where}: job not taken within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.on('data', () => {}); // unread replies would turn our close into a reset
      socket.on('error', (err) => {
        clearTimeout(timer);
        reject(toPrinterError(err, this.where));
      });
      socket.on('close', (hadError) => {
        clearTimeout(timer);
        if (!hadError) resolve();
      });
      socket.end(bytes, () => {
        flushed = true;
      });
    });
  }

  query(bytes: Uint8Array, expectBytes: number, timeoutMs = this.timeoutMs): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let got = 0;
      const socket = this.connect();
      const finish = (err: Error | null, reply?: Buffer) => {
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve(reply!);
      };
      const timer = setTimeout(
        () => finish(new PrinterError('timeout', `${this.where}: ${got} of ${expectBytes} status bytes within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        got += chunk.length;
        if (got >= expectBytes) finish(null, Buffer.concat(chunks).subarray(0, expectBytes));
      });
      socket.on('error', (err) => finish(toPrinterError(err, this.where)));
      socket.on('close', () => finish(new PrinterError('offline', `${this.where}: closed after ${got} of ${expectBytes} status bytes`)));
      socket.write(bytes);
    });
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
  }

  private connect(): Socket {
    const socket = connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  }
}
