import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_FONTS, bundledFontPath, type BundledFont } from '../../../drivers/printer/raster/fonts';

const FONTS = Object.keys(BUNDLED_FONTS) as BundledFont[];
/** Electron's process.resourcesPath (read-only in its types), which plain Node lacks. */
const electronProcess = process as { resourcesPath?: string };
afterEach(() => {
  delete electronProcess.resourcesPath;
});

describe('bundled fonts', () => {
  it.each(FONTS)('%s: from node_modules in a checkout (serve, tests)', (font) => {
    const path = bundledFontPath(font);
    expect(path).toBe(resolve('node_modules', BUNDLED_FONTS[font].module));
    expect(readFileSync(path).subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0])); // TrueType outlines
  });

  it.each(FONTS)('%s: from resources/fonts in the packaged app, where electron-builder puts it', (font) => {
    const resources = mkdtempSync(join(tmpdir(), 'resources-'));
    try {
      mkdirSync(join(resources, 'fonts'));
      const packed = join(resources, 'fonts', basename(BUNDLED_FONTS[font].module));
      copyFileSync(bundledFontPath(font), packed);
      electronProcess.resourcesPath = resources;
      expect(bundledFontPath(font)).toBe(packed);
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });

  it('electron.builder.yml packs exactly these files, with their licence, and leaves the npm packages out of app.asar', () => {
    const yml = readFileSync('electron.builder.yml', 'utf8');
    for (const font of FONTS) {
      const { module } = BUNDLED_FONTS[font];
      expect(yml).toContain(`  - from: node_modules/${module}\n    to: fonts/${basename(module)}\n`);
      expect(yml).toContain(`  - from: node_modules/${module.split('/').slice(0, 2).join('/')}/LICENSE_FONT\n`);
      expect(readFileSync(join('node_modules', module.split('/').slice(0, 2).join('/'), 'LICENSE_FONT'), 'utf8')).toContain('SIL Open Font License, Version 1.1');
    }
    expect(yml).toContain("  - '!node_modules/@expo-google-fonts/**'\n");
  });
});
