import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { createBitmap, type Bitmap1 } from '../bitmap';
import { inkToBits } from './bits';
import { composeLine, isComposable } from './glyphInk';
import { cssFont, registerBundledFonts, TEXT_LANG, type TextStyle } from './text';

/**
 * One line of text as dots, drawn once and kept: `bits` covers the line's ink box, whose top-left
 * corner is (dx, dy) from the line's origin (its x and baseline, whole dots).
 */
interface LineInk {
  dx: number;
  dy: number;
  bits: Bitmap1;
}

/**
 * Lines by font, outline and text. A station prints the same product, issuer and date lines label
 * after label: only the code and quantity are new, and those are composed from kept glyphs
 * (glyphInk.ts). A line with other characters is drawn into its own small box and read back, not a
 * whole ~300 KB canvas per label. Emptied when full: a station prints a few hundred distinct lines.
 */
const lines = new Map<string, LineInk>();
const MAX_LINES = 2_000;
let scratch: Canvas | undefined;

/** ORs the line into `bm` at (x, baseline), clipped to its first `clipHeight` rows. */
export function drawLine(bm: Bitmap1, text: string, x: number, baseline: number, style: TextStyle, outline: number, clipHeight: number): void {
  // A kept line is only exact at whole-dot offsets (anti-aliasing depends on the fraction).
  if (!Number.isInteger(x) || !Number.isInteger(baseline)) throw new RangeError(`text at (${x}, ${baseline}) is not on whole dots`);
  const font = cssFont(style);
  const key = `${font}\n${outline}\n${text}`;
  let ink = lines.get(key);
  if (!ink) {
    ink = isComposable(text, style) ? composeLine(text, font, style.size, outline) : drawInk(text, font, style.size, outline);
    if (lines.size >= MAX_LINES) lines.clear();
    lines.set(key, ink);
  }
  orBits(bm, ink.bits, x + ink.dx, baseline + ink.dy, clipHeight);
}

/** Draws the line whole; exported for the test that composed lines equal drawn ones. */
export function drawInk(text: string, font: string, size: number, outline: number): LineInk {
  registerBundledFonts();
  scratch ??= createCanvas(1, 1);
  let ctx = scratch.getContext('2d');
  ctx.font = font;
  ctx.lang = TEXT_LANG;
  const m = ctx.measureText(text);
  // The glyphs' box (at least the em box, in case a fallback font reports less), the outline and
  // one dot of anti-aliasing around it.
  const pad = Math.ceil(outline) + 2;
  const left = Math.ceil(Math.max(m.actualBoundingBoxLeft, 0)) + pad;
  const right = Math.ceil(Math.max(m.actualBoundingBoxRight, m.width)) + pad;
  const ascent = Math.ceil(Math.max(m.actualBoundingBoxAscent, size)) + pad;
  const descent = Math.ceil(Math.max(m.actualBoundingBoxDescent, size * 0.4)) + pad;
  const width = left + right;
  const height = ascent + descent;
  if (scratch.width < width || scratch.height < height) {
    scratch = createCanvas(Math.max(scratch.width, width), Math.max(scratch.height, height));
    ctx = scratch.getContext('2d');
    ctx.font = font;
    ctx.lang = TEXT_LANG;
  }
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  ctx.strokeStyle = '#000';
  ctx.lineWidth = outline;
  ctx.fillText(text, left, ascent);
  ctx.strokeText(text, left, ascent);
  const bits = createBitmap(width, height);
  inkToBits(bits, ctx.getImageData(0, 0, width, height).data, width, height);
  return { dx: -left, dy: -ascent, bits };
}

/** ORs `src` into `dst` with its top-left corner at (x, y), dots outside `dst` or below `clipHeight` dropped. */
function orBits(dst: Bitmap1, src: Bitmap1, x: number, y: number, clipHeight: number): void {
  const rows = Math.min(src.height, clipHeight - y, dst.height - y);
  for (let r = Math.max(0, -y); r < rows; r++) {
    const from = r * src.bytesPerRow;
    const to = (y + r) * dst.bytesPerRow;
    for (let b = 0; b < src.bytesPerRow; b++) {
      const byte = src.bits[from + b];
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (!(byte & (0x80 >> bit))) continue;
        const col = x + b * 8 + bit;
        if (col >= 0 && col < dst.width) dst.bits[to + (col >> 3)] |= 0x80 >> (col & 7);
      }
    }
  }
}
