import { connect, type Socket } from 'node:net';
import { PrinterError, toPrinterError, type PrinterErrorCode, type PrinterTransport, type ReplyReader } from './transport';

/** After the answer, how long the printer may take to close its side before the socket is dropped. */
const CLOSE_GRACE_MS = 1000;

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

  /**
   * One connection: writes `bytes`, reads until `read` finds the reply, then closes. Sent after a
   * job on the same connection, a status request is only answered once the printer has read the
   * whole job: a printer that took the connection and never read never answers. Failures once
   * connected are `sent` (the printer may have the bytes).
   */
  query(bytes: Uint8Array, read: ReplyReader, timeoutMs = this.timeoutMs): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let received = Buffer.alloc(0);
      let connected = false;
      let done = false;
      const socket = this.connect();
      const finish = (err: Error | null, reply?: Buffer) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) {
          socket.destroy();
          return reject(err);
        }
        // The answer means the printer has read everything: close as a job ends (FIN, not a reset).
        socket.end();
        setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
        resolve(reply!);
      };
      const fail = (code: PrinterErrorCode, message: string) => finish(new PrinterError(code, `${this.where}: ${message}`, { sent: connected }));
      const timer = setTimeout(() => fail('timeout', `no answer within ${timeoutMs} ms (${received.length} bytes back)`), timeoutMs);
      socket.once('connect', () => {
        connected = true;
        socket.write(bytes);
      });
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const reply = read(received);
        if (reply) finish(null, reply);
      });
      socket.on('error', (err) => finish(toPrinterError(err, this.where, { sent: connected })));
      socket.on('close', () => fail('offline', `closed after ${received.length} bytes back, before the answer`));
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
