import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, ROOT } from './core';

const START_TIMEOUT_MS = 30_000;
export const SERVE_ADMIN_PIN = '135790';

export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  port: number;
  origin: string;
  token: string;
  /** What the process wrote to stderr so far (its crash trace, if any). */
  stderr(): string;
  /** The exit code or signal once the process has ended; null while it runs. */
  exited(): string | null;
  /** One API call as the browser makes it; the envelope and HTTP status. */
  call(method: string, input: unknown, sessionId?: string): Promise<{ status: number; body: { ok: boolean; value?: any; error?: any } }>;
  stop(): Promise<void>;
}

/**
 * `electron/serve.ts` itself, run by Node through tsx in a child process on a data folder: the
 * station a browser on this PC talks to, so a test sees whether something takes the process down.
 * `dataDir` reuses a folder prepared by the test (kept on stop).
 */
export async function startServeProcess(options: { dataDir?: string } = {}): Promise<ServeProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'station-serve-'));
  const args = ['--import', 'tsx', join(ROOT, 'electron/serve.ts'), '--data-dir', dataDir, '--port', '0', '--migrations-dir', MIGRATIONS];
  args.push('--machine-registry', join(dataDir, 'machine-ids.json'), '--admin-pin', SERVE_ADMIN_PIN);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exit: string | null = null;
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const ended = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((exit = String(code ?? signal)), resolve())));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no STATION_URL within ${START_TIMEOUT_MS} ms\n${out}\n${err}`)), START_TIMEOUT_MS);
    const poll = () => {
      const m = /^STATION_URL=(\S+)$/m.exec(out);
      if (m) done(m[1]);
    };
    const gone = () => done(new Error(`station exited (${exit}) before it was ready\n${out}\n${err}`));
    function done(r: string | Error) {
      clearTimeout(timer);
      child.stdout!.off('data', poll);
      child.off('exit', gone);
      if (typeof r === 'string') resolve(r);
      else {
        child.kill('SIGKILL');
        reject(r);
      }
    }
    child.stdout!.on('data', poll);
    child.once('exit', gone);
  });
  const { origin, port, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  return {
    child,
    dataDir,
    port: Number(port),
    origin,
    token,
    stderr: () => err,
    exited: () => exit,
    async call(method, input, sessionId) {
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      if (sessionId) headers['x-station-session'] = sessionId;
      const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: any } };
    },
    async stop() {
      if (exit === null) {
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.kill('SIGTERM');
        await ended;
        clearTimeout(force);
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in as the admin `--admin-pin` created; the session id. */
export async function signInServeAdmin(s: ServeProcess): Promise<string> {
  const ops = await s.call('listOperators', {});
  const admin = (ops.body.value as { id: string; role: string }[]).find((o) => o.role === 'admin')!;
  return (await s.call('signIn', { operatorId: admin.id, pin: SERVE_ADMIN_PIN })).body.value.sessionId as string;
}
