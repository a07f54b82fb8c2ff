/** The bytes received so far → the reply once it is complete, else null (wait for more). */
export type ReplyReader = (received: Buffer) => Buffer | null;

/** How bytes reach a printer: TCP 9100, a serial port, an OS device file or the OS raw queue. */
export interface PrinterTransport {
  send(bytes: Uint8Array): Promise<void>;
  /**
   * Writes `bytes` and resolves with the reply `read` finds in what comes back, or fails
   * ('timeout' when none comes). Only transports with a way back have it.
   */
  query?(bytes: Uint8Array, read: ReplyReader, timeoutMs: number): Promise<Buffer>;
  close(): Promise<void>;
}

export type PrinterErrorCode = 'offline' | 'timeout' | 'busy' | 'permission' | 'notFound' | 'unsupported' | 'badReply';

export class PrinterError extends Error {
  /** Bytes were written before it failed: the printer may have them (and print them). */
  readonly sent: boolean;

  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    options?: { cause?: unknown; sent?: boolean },
  ) {
    super(message, options);
    this.name = 'PrinterError';
    this.sent = options?.sent ?? false;
  }
}

const BY_ERRNO: Record<string, PrinterErrorCode> = {
  ECONNREFUSED: 'offline',
  ECONNRESET: 'offline',
  EPIPE: 'offline',
  EHOSTUNREACH: 'offline',
  ENETUNREACH: 'offline',
  EHOSTDOWN: 'offline',
  ENXIO: 'offline', // a device node whose printer is unplugged or powered off
  ENODEV: 'offline',
  ETIMEDOUT: 'timeout',
  EBUSY: 'busy',
  EAGAIN: 'busy',
  EACCES: 'permission',
  EPERM: 'permission',
  ENOENT: 'notFound',
  ENOTDIR: 'notFound',
  EISDIR: 'notFound',
  ENOTFOUND: 'notFound', // DNS: no such printer host
};

/** serialport's native errors carry only strerror text, so those are matched by message. */
const BY_MESSAGE: [RegExp, PrinterErrorCode][] = [
  [/no such file|not found/i, 'notFound'],
  [/permission denied|access denied/i, 'permission'],
  [/busy|cannot lock|resource temporarily unavailable/i, 'busy'],
];

/** A Node error as a PrinterError: the code the UI shows, the cause kept for the log. */
export function toPrinterError(err: unknown, what: string, { sent = false }: { sent?: boolean } = {}): PrinterError {
  if (err instanceof PrinterError) return sent && !err.sent ? new PrinterError(err.code, err.message, { cause: err.cause, sent }) : err;
  const e = err as NodeJS.ErrnoException;
  const message = e?.message ?? String(err);
  const code = (e?.code && BY_ERRNO[e.code]) || BY_MESSAGE.find(([re]) => re.test(message))?.[1] || 'offline';
  return new PrinterError(code, `${what}: ${message}`, { cause: err, sent });
}

/** Rejects with 'timeout' when `promise` takes longer than `ms`; `onTimeout` cleans up. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new PrinterError('timeout', `${what}: no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
