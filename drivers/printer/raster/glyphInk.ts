import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { createBitmap, type Bitmap1 } from '../bitmap';
import { CODE_FONT_FAMILY, DEFAULT_FONT_FAMILY, registerBundledFonts, TEXT_LANG, type TextStyle } from './text';

/**
 * Lines composed from glyphs drawn once each, so a label's new code or quantity never goes through
 * the canvas. Reading a canvas back allocates its pixels in @napi-rs/canvas's own allocator
 * (mimalloc, huge pages allowed), which hands freed memory back after 10 ms: about one read in 60
 * then faulted in a fresh 2 MB page, ~4.5 ms on the bench machine, which was the raster p99.
 *
 * It gives the same dots as drawing the line (test/unit/printer/glyphInk.test.ts): Skia draws a line
 * glyph by glyph, each from its own mask at a quarter-dot position, and with one language for all
 * text (TEXT_LANG) these characters shape the same alone as beside any neighbour: no kerning,
 * ligature or fallback font among them. Other text (Latin words in Noto, whose pairs kern; ¥ and
 * brackets; characters a font lacks) is drawn as a line.
 */
const COMPOSABLE: Record<string, RegExp> = {
  // Roboto Mono: ASCII letters, digits and code punctuation; it has no GPOS table at all.
  [CODE_FONT_FAMILY]: /^[0-9A-Za-z .:/()-]*$/,
  // Noto Sans SC: digits and their punctuation, the full-width colon, and the CJK ideographs it has
  // (all of U+4E00–U+9FEF; not the 16 added after Unicode 10).
  [DEFAULT_FONT_FAMILY]: /^[0-9 .:/\-\uff1a\u4e00-\u9fef]*$/u,
};

export const isComposable = (text: string, style: TextStyle) => COMPOSABLE[style.family]?.test(text) === true;

/** One glyph at one quarter-dot phase: coverage (0–255) over its ink box, (dx, dy) from its whole-dot origin. */
interface GlyphInk {
  dx: number;
  dy: number;
  width: number;
  height: number;
  alpha: Uint8Array;
}

interface Glyph {
  advance: number;
  /** By phase: drawn on first use. */
  ink: (GlyphInk | undefined)[];
}

/** Skia quantises a glyph's horizontal position to a quarter dot, rounding by an eighth (SkGlyph's subpixel rounding). */
const PHASES = 4;
const ROUNDING = 1 / 8;

/** Glyphs by font and outline, then character: a few hundred at most (digits, units, the station's names). */
const fonts = new Map<string, Map<string, Glyph>>();
const MAX_GLYPHS = 5_000;
let glyphCount = 0;
let scratch: Canvas | undefined;
/** The composed line's coverage, grown as needed and reused. */
let coverage = new Uint8Array(0);

/**
 * The line as LineInk (lineInk.ts): dots with a 50 % threshold, `dx`/`dy` from (x, baseline).
 * Pen positions add up in 32-bit floats, as Skia's shaped runs do.
 */
export function composeLine(text: string, font: string, size: number, outline: number): { dx: number; dy: number; bits: Bitmap1 } {
  const key = `${font}\n${outline}`;
  let glyphs = fonts.get(key);
  if (!glyphs) fonts.set(key, (glyphs = new Map()));
  if (glyphCount >= MAX_GLYPHS) {
    for (const g of fonts.values()) g.clear();
    glyphCount = 0;
  }
  const placed: { x: number; ink: GlyphInk }[] = [];
  let pen = 0;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (const ch of text) {
    let glyph = glyphs.get(ch);
    if (!glyph) {
      glyph = { advance: measureGlyph(ch, font), ink: [] };
      glyphs.set(ch, glyph);
      glyphCount++;
    }
    const at = Math.fround(pen + ROUNDING);
    const origin = Math.floor(at);
    const phase = Math.floor((at - origin) * PHASES);
    const ink = (glyph.ink[phase] ??= drawGlyph(ch, font, size, outline, phase));
    if (ink.width > 0) {
      placed.push({ x: origin, ink });
      left = Math.min(left, origin + ink.dx);
      right = Math.max(right, origin + ink.dx + ink.width);
      top = Math.min(top, ink.dy);
      bottom = Math.max(bottom, ink.dy + ink.height);
    }
    pen = Math.fround(pen + glyph.advance);
  }
  if (placed.length === 0) return { dx: 0, dy: 0, bits: createBitmap(0, 0) };

  const width = right - left;
  const height = bottom - top;
  if (coverage.length < width * height) coverage = new Uint8Array(width * height * 2);
  coverage.fill(0, 0, width * height);
  // Where two glyphs' anti-aliased edges meet, the second paints over the first as Skia's blitter
  // does: a + (255 − a)·b / 255, rounded down (rounding to nearest differed from drawn lines more often).
  for (const { x, ink } of placed) {
    for (let r = 0; r < ink.height; r++) {
      const from = r * ink.width;
      const to = (ink.dy - top + r) * width + (x + ink.dx - left);
      for (let c = 0; c < ink.width; c++) {
        const b = ink.alpha[from + c];
        if (b === 0) continue;
        const a = coverage[to + c];
        coverage[to + c] = a + Math.floor(((255 - a) * b) / 255);
      }
    }
  }
  const bits = createBitmap(width, height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) if (coverage[r * width + c] >= 128) bits.bits[r * bits.bytesPerRow + (c >> 3)] |= 0x80 >> (c & 7);
  }
  return { dx: left, dy: top, bits };
}

function context(font: string) {
  registerBundledFonts();
  scratch ??= createCanvas(1, 1);
  const ctx = scratch.getContext('2d');
  ctx.font = font;
  ctx.lang = TEXT_LANG;
  return ctx;
}

function measureGlyph(ch: string, font: string): number {
  return context(font).measureText(ch).width;
}

/** Draws the glyph alone with its origin `phase` quarters of a dot right of a whole dot, as lineInk.ts draws lines. */
function drawGlyph(ch: string, font: string, size: number, outline: number, phase: number): GlyphInk {
  let ctx = context(font);
  const m = ctx.measureText(ch);
  const pad = Math.ceil(outline) + 2;
  const originX = Math.ceil(Math.max(m.actualBoundingBoxLeft, 0)) + pad;
  const originY = Math.ceil(Math.max(m.actualBoundingBoxAscent, size)) + pad;
  const width = originX + Math.ceil(Math.max(m.actualBoundingBoxRight, m.width)) + pad + 1;
  const height = originY + Math.ceil(Math.max(m.actualBoundingBoxDescent, size * 0.4)) + pad;
  if (scratch!.width < width || scratch!.height < height) {
    scratch = createCanvas(Math.max(scratch!.width, width), Math.max(scratch!.height, height));
    ctx = context(font);
  }
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  ctx.strokeStyle = '#000';
  ctx.lineWidth = outline;
  const x = originX + phase / PHASES;
  ctx.fillText(ch, x, originY);
  ctx.strokeText(ch, x, originY);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  // Keep only the ink's box.
  let x0 = width;
  let x1 = 0;
  let y0 = height;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < width; c++) {
      if (rgba[(y * width + c) * 4 + 3] === 0) continue;
      x0 = Math.min(x0, c);
      x1 = Math.max(x1, c + 1);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y + 1);
    }
  }
  if (x1 <= x0) return { dx: 0, dy: 0, width: 0, height: 0, alpha: new Uint8Array(0) };
  const alpha = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) for (let c = x0; c < x1; c++) alpha[(y - y0) * (x1 - x0) + c - x0] = rgba[(y * width + c) * 4 + 3];
  return { dx: x0 - originX, dy: y0 - originY, width: x1 - x0, height: y1 - y0, alpha };
}
