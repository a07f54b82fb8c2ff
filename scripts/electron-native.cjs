#!/usr/bin/env node
// Keeps better-sqlite3 on the ABI of whatever is about to load it:
//   node scripts/electron-native.cjs node      (npm test)  Node's ABI; a no-op when already right.
//   node scripts/electron-native.cjs electron  (npm start, npm run pack)  Electron's ABI.
// Tests run under plain Node while the app runs inside Electron, and one node_modules serves both.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const MODULE = 'better-sqlite3';
// What a native module built for another runtime (or not built at all) fails with.
const WRONG_BUILD = /NODE_MODULE_VERSION|compiled against a different Node\.js version|did not self-register|Could not locate the bindings file|invalid ELF header/;

/** Loads the module in a child, so a binary replaced by a rebuild is never mapped into this process. */
function probeNode() {
  const probe = `const D = require(${JSON.stringify(MODULE)}); new D(':memory:').close();`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function run(command, args, env = process.env) {
  // npm and npx are .cmd shims on Windows, which only a shell can start.
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  return r.status === 0;
}

function forNode() {
  const first = probeNode();
  if (first.ok) return 0;
  if (!WRONG_BUILD.test(first.output)) {
    console.error(`[electron-native] ${MODULE} does not load under Node, and not because of its ABI:\n${first.output}`);
    return 1;
  }
  console.log(`[electron-native] ${MODULE} is built for another runtime (probably Electron); rebuilding for Node ${process.version}…`);
  if (!run('npm', ['rebuild', MODULE])) {
    console.error(`[electron-native] npm rebuild ${MODULE} failed.`);
    return 1;
  }
  const second = probeNode();
  if (!second.ok) console.error(`[electron-native] ${MODULE} still does not load after the rebuild:\n${second.output}`);
  return second.ok ? 0 : 1;
}

function forElectron() {
  const cli = join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js');
  if (!existsSync(cli)) {
    console.error('[electron-native] @electron/rebuild is not installed; run npm ci first.');
    return 1;
  }
  // Under `npm run`, ~/.npmrc's nodedir reaches node-gyp as npm_config_nodedir and would quietly
  // build against Node's headers instead of Electron's: drop it so the Electron headers are used.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
  if (run(process.execPath, [cli, '-f', '-o', MODULE], env)) return 0;
  console.error(
    [
      `[electron-native] Could not rebuild ${MODULE} for Electron.`,
      'The rebuild downloads Electron headers (artifacts.electronjs.org); without internet access it cannot work.',
      `Fix the network (or set ELECTRON_REBUILD_DIST_URL to a mirror) and run: node scripts/electron-native.cjs electron`,
      `Tests are unaffected: \`npm test\` puts ${MODULE} back on the Node ABI by itself.`,
    ].join('\n'),
  );
  return 1;
}

const target = process.argv[2];
if (target === 'node') process.exitCode = forNode();
else if (target === 'electron') process.exitCode = forElectron();
else {
  console.error('usage: node scripts/electron-native.cjs node|electron');
  process.exitCode = 2;
}
