/**
 * Draws the application icon set into build/ (committed; electron-builder reads it when packing):
 *   build/icon.png  512×512 (Linux AppImage and deb)
 *   build/icon.ico  16–256 px, PNG-compressed entries (Windows executable, installer, shortcuts)
 * Run again after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledFontPath } from '../drivers/printer/raster/fonts';

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
const GREEN = '#1f7a4d';

GlobalFonts.registerFromPath(bundledFontPath('sans'), 'YP Noto Sans SC');

/** A rounded green square with a white 码 (the trace code), drawn at `size` so small icons stay crisp. */
function draw(size: number): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const r = size * 0.18;
  ctx.fillStyle = GREEN;
  ctx.beginPath();
  ctx.roundRect(0, 0, size, size, r);
  ctx.fill();
  // A QR finder pattern in a corner says "code" even where the character is too small to read.
  if (size >= 48) {
    const m = size * 0.08;
    const f = size * 0.22;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(size - m - f, m, f, f);
    ctx.fillStyle = GREEN;
    ctx.fillRect(size - m - f * (6 / 7), m + f / 7, (f * 5) / 7, (f * 5) / 7);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(size - m - f * (5 / 7), m + (f * 2) / 7, (f * 3) / 7, (f * 3) / 7);
  }
  ctx.fillStyle = '#ffffff';
  ctx.font = `${Math.round(size * (size >= 48 ? 0.62 : 0.78))}px "YP Noto Sans SC"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('码', size * (size >= 48 ? 0.44 : 0.5), size * (size >= 48 ? 0.56 : 0.52));
  return canvas.toBuffer('image/png');
}

/** An ICO file of PNG entries (Windows Vista and later read them; 256 px is written as 0). */
function icoOf(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2);
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

const out = join(__dirname, '..', 'build');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.png'), draw(512));
writeFileSync(join(out, 'icon.ico'), icoOf(ICO_SIZES.map((size) => ({ size, png: draw(size) }))));
console.log(`icons written to ${out}`);
