import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { minimatch } from 'minimatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * `npm run pack` needs Electron's download, so it never runs here or in CI: the installer config is
 * checked without it — against electron-builder's own schema, and against the files it names.
 */
const ROOT = join(__dirname, '../../..');
const config = parse(readFileSync(join(ROOT, 'electron.builder.yml'), 'utf8')) as {
  appId: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { icon: string; target: { target: string; arch: string[] }[] };
  win: { icon: string; target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The .node files of the production dependency tree, as paths under the project. */
function nativeBinaries(): string[] {
  const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 })
    .split('\n')
    .filter((d) => d && d !== ROOT);
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue; // nested packages are listed by npm ls themselves
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.node')) found.add(relative(ROOT, p).split('\\').join('/'));
    }
  };
  for (const d of new Set(dirs)) if (existsSync(d)) walk(d);
  return [...found].sort();
}

/** electron-builder's reading of `files`: the last pattern that matches a path decides; node_modules are in unless excluded. */
function packed(path: string): boolean {
  let included = path.startsWith('node_modules/');
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

describe('electron.builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    const require = createRequire(__filename);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check itself bites: an unknown option is refused.
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneClik: false } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('builds a Windows NSIS installer and Linux AppImage and deb packages, x64, under the station id', () => {
    expect(config.appId).toBe('cn.yipinyima.station');
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    expect(config.npmRebuild).toBe(true);
  });

  it('has its icons: a 512×512 PNG and an ICO with every size up to 256, each entry a PNG of its size', () => {
    expect(config.directories.buildResources).toBe('build');
    const png = readFileSync(join(ROOT, config.linux.icon));
    expect(pngSize(png)).toEqual({ width: 512, height: 512 });
    expect(PNG.sync.read(png).data.length).toBe(512 * 512 * 4);

    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const e = 6 + 16 * i;
      const size = ico.readUInt8(e) || 256;
      expect(ico.readUInt8(e + 1) || 256).toBe(size);
      const image = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      expect(pngSize(image)).toEqual({ width: size, height: size });
      sizes.push(size);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('packs the built app, not the sources, fonts packages or build leftovers', () => {
    expect(config.files).toContain('out/**');
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(packed(pkg.main)).toBe(true);
    expect(packed('out/renderer/index.html')).toBe(true);
    for (const path of [
      'electron/main.ts',
      'shared/contract/index.ts',
      'test/support/core.ts',
      'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/build/Release/obj.target/better_sqlite3.node',
      'node_modules/pino/pino.d.ts',
      'node_modules/zod/index.js.map',
    ]) {
      expect(packed(path), path).toBe(false);
    }
    for (const path of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/better-sqlite3/lib/index.js', 'node_modules/pino/pino.js'])
      expect(packed(path), path).toBe(true);
  });

  it('unpacks every native binary that is packed, out of app.asar', () => {
    const binaries = nativeBinaries();
    // The station's own native modules are among them (the list is not trivially empty).
    expect(binaries).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/build/Release/better_sqlite3.node']));
    expect(binaries.some((b) => b.startsWith('node_modules/@napi-rs/canvas-'))).toBe(true);
    expect(binaries.some((b) => b.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/'))).toBe(true);
    const loose = binaries.filter(packed).filter((b) => !config.asarUnpack.some((p) => minimatch(b, p, { dot: true })));
    expect(loose).toEqual([]);
  });

  it('names resources that exist', () => {
    for (const r of config.extraResources) expect(existsSync(join(ROOT, r.from)), r.from).toBe(true);
    expect(statSync(join(ROOT, 'resources/migrations/meta/_journal.json')).isFile()).toBe(true);
  });

  it('is packed by `npm run pack` only, which neither `npm test` nor CI calls', () => {
    expect(pkg.scripts.pack).toMatch(/electron-builder --config electron\.builder\.yml/);
    const ci = ['.ci/run', 'scripts/fresh-machine.sh'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    for (const text of [pkg.scripts.test, ci]) {
      expect(text).not.toMatch(/electron-builder|npm run pack|run pack/);
    }
  });
});
