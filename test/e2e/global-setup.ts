import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Build once so every e2e file runs against the same bundles `npm run serve` uses. */
export default function setup() {
  const root = resolve(__dirname, '../..');
  execFileSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}
