import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/**
 * Fonts shipped with the station (npm packages of Google Fonts, SIL OFL 1.1), so labels and
 * certificates come out the same on Windows, macOS and Linux and never depend on what a PC has.
 * electron-builder copies exactly these files to `resources/fonts` (electron.builder.yml).
 */
export const BUNDLED_FONTS = {
  /** Chinese and Latin text: Noto Sans SC (TrueType outlines, which pdf-lib can subset). */
  sans: { family: 'YP Noto Sans SC', module: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf' },
  /** Codes: Roboto Mono's slashed zero stays apart from O and C at 16 dots; Noto's does not. */
  mono: { family: 'YP Roboto Mono', module: '@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf' },
} as const;

export type BundledFont = keyof typeof BUNDLED_FONTS;

const require = createRequire(__filename);

/**
 * The font file on disk. A packaged app has it in `resources/fonts` (outside app.asar, where native
 * code such as @napi-rs/canvas can open it); a checkout has it in node_modules.
 */
export function bundledFontPath(font: BundledFont): string {
  const { module } = BUNDLED_FONTS[font];
  if (process.resourcesPath) {
    const packaged = join(process.resourcesPath, 'fonts', basename(module));
    if (existsSync(packaged)) return packaged;
  }
  return require.resolve(module);
}
