import { spawn } from 'node:child_process';
import { PrinterError, toPrinterError, type PrinterTransport } from './transport';

/**
 * A raw job through the OS print queue: `lp -d <queue> -o raw` (CUPS on Linux and macOS), for
 * printers installed there (USB printers CUPS already owns, shared queues). Windows needs the
 * spooler API (a native module or a helper process), so it is refused as 'unsupported' for now.
 */
export class OsQueueTransport implements PrinterTransport {
  private readonly timeoutMs: number;
  private readonly command: string;

  constructor(
    private readonly queue: string,
    { timeoutMs = 15_000, command = 'lp' }: { timeoutMs?: number; command?: string } = {},
  ) {
    this.timeoutMs = timeoutMs;
    this.command = command;
  }

  send(bytes: Uint8Array): Promise<void> {
    if (process.platform === 'win32') {
      return Promise.reject(new PrinterError('unsupported', 'raw printing through the Windows spooler is not implemented'));
    }
    const what = `print queue ${this.queue}`;
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, ['-d', this.queue, '-o', 'raw'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.on('error', () => {}); // lp exiting early closes the pipe; its exit status tells why
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err.code === 'ENOENT' ? new PrinterError('unsupported', `${what}: ${this.command} not installed (CUPS client)`, { cause: err }) : toPrinterError(err, what));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (timedOut) reject(new PrinterError('timeout', `${what}: ${this.command} did not finish within ${this.timeoutMs} ms`));
        else if (code === 0) resolve();
        else reject(lpError(stderr.trim() || `${this.command} exited with ${code}`, what));
      });
      child.stdin.end(bytes);
    });
  }

  async close(): Promise<void> {}
}

/** lp's messages for the usual failures (CUPS wording), else 'offline'. */
function lpError(message: string, what: string): PrinterError {
  const code = /does not exist|unknown printer|no such/i.test(message)
    ? 'notFound'
    : /forbidden|not authorized|permission/i.test(message)
      ? 'permission'
      : 'offline';
  return new PrinterError(code, `${what}: ${message}`);
}
