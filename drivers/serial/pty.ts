import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the station opens. */
  a: string;
  /** The end the simulated device opens. */
  b: string;
  dir: string;
  /** Kills socat: both links vanish and the station's open port gets a hard close, as on a USB unplug. */
  close(): Promise<void>;
}

/**
 * A linked PTY pair made by socat (`pty,raw,echo=0,link=…` twice; serialport opens either end,
 * and PTYs ignore baud and parity). Pass `dir` to recreate a pair at the same
 * paths after close() — the "plugged back in" adapter.
 */
export async function openPtyPair({ dir, timeoutMs = 5000 }: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const base = dir ?? (await mkdtemp(join(tmpdir(), 'serial-pty-')));
  const a = join(base, 'a');
  const b = join(base, 'b');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitForLoop(socat, timeoutMs);
  return {
    a,
    b,
    dir: base,
    async close() {
      if (socat.exitCode !== null || socat.signalCode !== null) return;
      const exited = once(socat, 'exit');
      socat.kill();
      await exited;
    },
  };
}

/** socat logs "starting data transfer loop" once both links exist. */
function waitForLoop(socat: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      socat.kill();
      reject(new Error(`socat: ${why}: ${log.trim()}`));
    };
    const timer = setTimeout(() => fail(`no PTY pair within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null) => fail(`exited with ${code}`);
    socat.on('error', (err) => fail(err.message));
    socat.on('exit', onExit);
    socat.stderr!.on('data', (chunk: Buffer) => {
      if (log.length < 4096) log += chunk.toString();
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        socat.off('exit', onExit);
        resolve();
      }
    });
  });
}
