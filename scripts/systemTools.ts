import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The only system packages `npm test` needs: Chromium for the end-to-end tests and socat for serial
 * PTY pairs. Everything else (barcode decoding, PDF text, fonts, the fake camera's video) comes
 * from npm. `npm test` checks these first (scripts/check-system.ts) so a fresh machine gets one
 * clear instruction instead of dozens of failures.
 */
export interface SystemTool {
  name: string;
  /** The Debian/Ubuntu package that provides it. */
  apt: string;
  find(env: NodeJS.ProcessEnv): string | undefined;
}

/** The first of `names` that is an executable on `env.PATH`. */
export function onPath(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** CHROMIUM_PATH if set (e.g. Google Chrome on Ubuntu, whose chromium is a snap), else Chromium or Chrome on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.CHROMIUM_PATH || onPath(['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'], env);
}

export const SYSTEM_TOOLS: SystemTool[] = [
  { name: 'Chromium', apt: 'chromium', find: findChromium },
  { name: 'socat', apt: 'socat', find: (env) => onPath(['socat'], env) },
];

export interface CheckOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Whether this process may run apt-get: root, or sudo without a password. */
  isRoot?: boolean;
}

/**
 * Returns the exit code: 0 when every tool is there (installing the missing ones with apt-get
 * where this user may), 1 after printing the one command that installs them.
 */
export function checkSystem({ env = process.env, log = console.log, isRoot = process.getuid?.() === 0 }: CheckOptions = {}): number {
  const missing = () => SYSTEM_TOOLS.filter((t) => !t.find(env));
  let absent = missing();
  if (absent.length === 0) return 0;

  const aptGet = onPath(['apt-get'], env);
  const sudo = onPath(['sudo'], env);
  const asRoot = isRoot ? [] : sudo && spawnSync(sudo, ['-n', 'true'], { env }).status === 0 ? [sudo, '-n'] : undefined;
  if (aptGet && asRoot) {
    const packages = absent.map((t) => t.apt);
    log(`npm test: installing ${absent.map((t) => t.name).join(' and ')} (apt-get install ${packages.join(' ')})…`);
    const apt = (args: string[]) => {
      const [command, ...before] = [...asRoot, aptGet];
      const r = spawnSync(command!, [...before, ...args], { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] });
      return r.status === 0;
    };
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])) absent = missing();
  }
  if (absent.length === 0) return 0;

  log(`npm test needs ${absent.map((t) => t.name).join(' and ')}, which ${absent.length > 1 ? 'are' : 'is'} not installed. Run:`);
  log(`    sudo apt-get update && sudo apt-get install -y ${absent.map((t) => t.apt).join(' ')}`);
  if (absent.some((t) => t.apt === 'chromium')) log('(Ubuntu: Chromium is a snap there; install Google Chrome instead and set CHROMIUM_PATH to it.)');
  log('then run npm test again.');
  return 1;
}
