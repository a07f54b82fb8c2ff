import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSystem, findChromium } from '../../../scripts/systemTools';

const ROOT = resolve(__dirname, '../../..');

let dir: string;
let bin: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-system-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, body = 'exit 0', where = bin): string {
  const path = join(where, name);
  // The stand-ins themselves need coreutils, which the PATH under test leaves out.
  writeFileSync(path, `#!/bin/sh\nPATH="$PATH:/usr/bin:/bin"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A stand-in apt-get: logs each call; `install` puts the named packages' programs on PATH. */
function fakeAptGet(installStatus = 0): string {
  const installed = join(dir, 'installed');
  mkdirSync(installed);
  tool(
    'apt-get',
    `echo "$*" >> "${dir}/apt.log"
case "$1" in install) [ ${installStatus} -eq 0 ] || exit ${installStatus}
  for p in "$@"; do case "$p" in chromium|socat) printf '#!/bin/sh\\n' > "${installed}/$p"; chmod +x "${installed}/$p";; esac; done;; esac`,
  );
  return installed;
}

const aptLog = () => (existsSync(join(dir, 'apt.log')) ? readFileSync(join(dir, 'apt.log'), 'utf8').trim().split('\n') : []);

function check(env: NodeJS.ProcessEnv, isRoot = true) {
  const lines: string[] = [];
  const code = checkSystem({ env, log: (l) => lines.push(l), isRoot });
  return { code, lines };
}

describe('npm test’s system check', () => {
  it('passes silently when Chromium and socat are on PATH', () => {
    tool('chromium');
    tool('socat');
    expect(check({ PATH: bin })).toEqual({ code: 0, lines: [] });
    expect(aptLog()).toEqual([]);
  });

  it('stops at once with the one command to run, where it may not install (no apt-get): the real entry, PATH with node alone', () => {
    symlinkSync(process.execPath, join(bin, 'node'));
    const started = Date.now();
    const r = spawnSync(join(bin, 'node'), ['--import', 'tsx', 'scripts/check-system.ts'], { cwd: ROOT, env: { PATH: bin, HOME: dir }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'npm test needs Chromium and socat, which are not installed. Run:',
      '    sudo apt-get update && sudo apt-get install -y chromium socat',
      '(Ubuntu: Chromium is a snap there; install Google Chrome instead and set CHROMIUM_PATH to it.)',
      'then run npm test again.',
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('as root with apt-get: updates once, installs only what is missing, then passes', () => {
    tool('chromium');
    const installed = fakeAptGet();
    const { code, lines } = check({ PATH: [bin, installed].join(':') });
    expect(code).toBe(0);
    expect(aptLog()).toEqual(['update -qq', 'install -y -qq --no-install-recommends socat']);
    expect(lines).toEqual(['npm test: installing socat (apt-get install socat)…']);
  });

  it('through password-less sudo when not root; without it, the instruction', () => {
    const installed = fakeAptGet();
    tool('sudo', `[ "$1" = -n ] || exit 1; shift; [ "$1" = true ] && exit 0; echo "sudo $*" >> "${dir}/sudo.log"; exec "$@"`);
    expect(check({ PATH: [bin, installed].join(':') }, false).code).toBe(0);
    expect(readFileSync(join(dir, 'sudo.log'), 'utf8')).toContain(`sudo ${join(bin, 'apt-get')} install -y -qq --no-install-recommends chromium socat`);

    rmSync(installed, { recursive: true });
    mkdirSync(installed);
    tool('sudo', 'exit 1'); // a password would be asked
    const { code, lines } = check({ PATH: [bin, installed].join(':') }, false);
    expect(code).toBe(1);
    expect(lines[1]).toBe('    sudo apt-get update && sudo apt-get install -y chromium socat');
  });

  it('gives the instruction when apt-get cannot install (e.g. Ubuntu has no chromium deb)', () => {
    tool('socat');
    const installed = fakeAptGet(100);
    const { code, lines } = check({ PATH: [bin, installed].join(':') });
    expect(code).toBe(1);
    expect(aptLog()).toEqual(['update -qq', 'install -y -qq --no-install-recommends chromium']);
    expect(lines.slice(0, 3)).toEqual([
      'npm test: installing Chromium (apt-get install chromium)…',
      'npm test needs Chromium, which is not installed. Run:',
      '    sudo apt-get update && sudo apt-get install -y chromium',
    ]);
  });

  it('finds Chrome where there is no Chromium, and CHROMIUM_PATH first', () => {
    const chrome = tool('google-chrome-stable');
    expect(findChromium({ PATH: bin })).toBe(chrome);
    expect(findChromium({ PATH: bin, CHROMIUM_PATH: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
    expect(findChromium({ PATH: join(dir, 'nothing') })).toBeUndefined();
  });
});
