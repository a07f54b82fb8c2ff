import { mkdirSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type roll from 'pino-roll';
import type SonicBoom from 'sonic-boom';

/** The station's one logger (pino: one JSON object per line). Services take it as a dependency. */
export type StationLog = Logger;

/** `<dataDir>/logs`, where the rotating files live; the support bundle reads them from there. */
export const LOG_DIR_NAME = 'logs';
const LOG_FILE_BASE = 'station';
export const logDirOf = (dataDir: string) => join(dataDir, LOG_DIR_NAME);
/** The log files this station writes: station.<day>.<n>.log (pino-roll's naming). */
export const isLogFile = (name: string) => name.startsWith(`${LOG_FILE_BASE}.`) && name.endsWith('.log');

/**
 * Fields that never reach a log line, whatever a caller passes: PINs, tokens, phones, keys,
 * secrets, at the top level and one or two objects down (pino's redact paths name each depth).
 */
const SECRET_FIELDS = ['pin', 'witnessPin', 'operatorPin', 'newPin', 'token', 'sessionId', 'phone', 'buyerPhone', 'privateKey', 'secret', 'samplingSecret', 'authorization'];
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/** Mainland mobile numbers inside free text (a server's refusal may quote a record): kept out of logs. */
export const maskPhones = (text: string) => text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, '1**********');

export interface StationLogging {
  log: StationLog;
  /** Writes what is buffered to the file (before the files are read into a support bundle). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface FileLogOptions {
  /** A file is closed and a new one begun past this size (default 5 MB), and at every new day. */
  maxBytes?: number;
  /** Files kept, the current one included (default 10: at most ~50 MB). */
  keep?: number;
  level?: pino.Level;
}

function options(level: pino.LevelWithSilent): pino.LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } };
}

/** pino-roll at first use, not with this module: it loads the whole of date-fns (~60 ms at start). */
const loadRoll = () => createRequire(__filename)('pino-roll') as typeof roll;

/** The rotating file stream in `<dataDir>/logs`, by size and by day, the oldest removed past `keep`. */
async function openRollingStream(dataDir: string, o: FileLogOptions): Promise<SonicBoom> {
  const dir = logDirOf(dataDir);
  // Log lines name operators and devices: readable by this account only.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stream = await loadRoll()({
    file: join(dir, LOG_FILE_BASE),
    extension: '.log',
    size: `${Math.max(1, Math.ceil((o.maxBytes ?? 5_000_000) / 1024))}k`,
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    // With removeOtherLogFiles, `count` is every file kept (earlier runs' files included).
    mode: 0o600,
    limit: { count: Math.max(1, o.keep ?? 10), removeOtherLogFiles: true },
  });
  // A full disk or a removed folder must never stop the station: the log is a help, not a record.
  stream.on('error', () => undefined);
  return stream;
}

function closeStream(stream: SonicBoom): Promise<void> {
  return new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    stream.end();
  });
}

/** Rotating JSON-lines files in `<dataDir>/logs`, by size and by day, the oldest removed past `keep`. */
export async function openFileLog(dataDir: string, o: FileLogOptions = {}): Promise<StationLogging & { stream: SonicBoom }> {
  const stream = await openRollingStream(dataDir, o);
  const log = pino(options(o.level ?? 'info'), stream);
  let closed = false;
  return {
    log,
    /** pino-roll's stream: 'cleanup-complete' follows each rotation (tests wait for it). */
    stream,
    flush: () => (closed ? Promise.resolve() : new Promise<void>((resolve) => stream.flush(() => resolve()))),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return closeStream(stream);
    },
  };
}

/**
 * The station's file log, usable at once: its lines wait in memory until `open()` has opened the
 * rotating file, then go to it in order (flush and close open it too). The core opens it once it
 * serves, so loading the rotation library is not part of what a user waits for at start.
 */
export function deferredFileLog(dataDir: string, o: FileLogOptions = {}): StationLogging & { open(): Promise<void> } {
  const waiting: string[] = [];
  let stream: SonicBoom | null = null;
  let opening: Promise<void> | null = null;
  let closed = false;
  // No file could be opened: lines are dropped, not kept in memory for ever.
  let fileless = false;
  const log = pino(options(o.level ?? 'info'), { write: (line: string) => (stream ? stream.write(line) : fileless || waiting.push(line)) });
  const open = () =>
    (opening ??= (async () => {
      try {
        const s = await openRollingStream(dataDir, o);
        // The kept lines, at once and in order, ahead of anything pino writes from now on (the
        // file's descriptor arrives with the stream's 'ready').
        const file = s as unknown as { fd: number };
        if (file.fd < 0) await new Promise((resolve, reject) => s.once('ready', resolve).once('error', reject));
        if (waiting.length) writeSync(file.fd, waiting.splice(0).join(''));
        stream = s;
      } catch {
        // No log file (a read-only or full disk): the station works on without one.
        fileless = true;
        waiting.length = 0;
      }
    })());
  return {
    log,
    open,
    async flush() {
      await open();
      const s = stream;
      if (s && !closed) await new Promise<void>((resolve) => s.flush(() => resolve()));
    },
    async close() {
      if (closed) return;
      await open();
      closed = true;
      if (stream) await closeStream(stream);
    },
  };
}

/** A logger that keeps its lines in memory (tests read them back as objects). */
export function memoryLog(level: pino.LevelWithSilent = 'debug'): StationLogging & { lines(): Record<string, unknown>[]; text(): string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino(options(level), sink);
  const text = () => chunks.join('');
  return {
    log,
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Writes nothing (unit tests of a single service). */
export const silentLog = (): StationLog => pino({ level: 'silent' });

/** JSON lines on stderr, redacted as the files are: where no log file can be opened (the recovery state). */
export const stderrLog = (): StationLog => pino({ level: 'info', redact: REDACT_PATHS }, pino.destination(2));
