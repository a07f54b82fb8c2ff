import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrinterError, toPrinterError, type PrinterTransport } from './transport';
import { spoolerCommand, spoolerError } from './winspool';

export interface OsQueueOptions {
  timeoutMs?: number;
  /** The CUPS client (Linux, macOS). */
  command?: string;
  /** Where the Windows job file is written (default: the OS temp folder). */
  tmpDir?: string;
  /** Tests: run the Windows path elsewhere, with a stand-in for powershell.exe. */
  platform?: NodeJS.Platform;
  powershell?: string;
}

/**
 * A raw job through the OS print queue, for printers installed there with their vendor driver
 * (USB printers the OS already owns, shared queues): `lp -d <queue> -o raw` (CUPS on Linux and
 * macOS), or the Windows spooler's RAW datatype (winspool.ts).
 */
export class OsQueueTransport implements PrinterTransport {
  private readonly options: Required<Omit<OsQueueOptions, 'powershell'>> & Pick<OsQueueOptions, 'powershell'>;

  constructor(
    private readonly queue: string,
    { timeoutMs = 15_000, command = 'lp', tmpDir = tmpdir(), platform = process.platform, powershell }: OsQueueOptions = {},
  ) {
    this.options = { timeoutMs, command, tmpDir, platform, powershell };
  }

  send(bytes: Uint8Array): Promise<void> {
    const what = `print queue ${this.queue}`;
    if (this.options.platform === 'win32') return this.sendToSpooler(bytes, what);
    const { command } = this.options;
    return run(command, ['-d', this.queue, '-o', 'raw'], { input: bytes, timeoutMs: this.options.timeoutMs, what }).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new PrinterError('unsupported', `${what}: ${command} not installed (CUPS client)`, { cause: e });
      throw e instanceof ChildFailed ? lpError(e.stderr || e.message, what) : toPrinterError(e, what);
    });
  }

  private async sendToSpooler(bytes: Uint8Array, what: string): Promise<void> {
    const dir = await mkdtemp(join(this.options.tmpDir, 'yp-print-'));
    try {
      const file = join(dir, 'job.bin');
      await writeFile(file, bytes);
      const { command, args, env } = spoolerCommand(this.queue, file);
      await run(this.options.powershell ?? command, args, { env, timeoutMs: this.options.timeoutMs, what }).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new PrinterError('unsupported', `${what}: Windows PowerShell not found`, { cause: e });
        throw e instanceof ChildFailed ? spoolerError(e.stderr || e.message, what) : toPrinterError(e, what);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {}
}

/** A helper process that exited non-zero: its stderr says why. */
class ChildFailed extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs a helper to completion: killed and 'timeout' past `timeoutMs`; stdin gets `input`. */
function run(command: string, args: string[], o: { input?: Uint8Array; env?: Record<string, string>; timeoutMs: number; what: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, ...o.env }, windowsHide: true });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {}); // a helper exiting early closes the pipe; its exit status tells why
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new PrinterError('timeout', `${o.what}: ${command} did not finish within ${o.timeoutMs} ms`));
      else if (code === 0) resolve();
      else reject(new ChildFailed(`${command} exited with ${code}`, stderr.trim()));
    });
    child.stdin.end(o.input);
  });
}

/** lp's messages for the usual failures (CUPS wording), else 'offline'. */
function lpError(message: string, what: string): PrinterError {
  const code = /does not exist|unknown printer|no such/i.test(message) ? 'notFound' : /forbidden|not authorized|permission/i.test(message) ? 'permission' : 'offline';
  return new PrinterError(code, `${what}: ${message}`);
}
