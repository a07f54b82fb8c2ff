import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { BUNDLED_FONTS, bundledFontPath, type BundledFont } from './fonts';

/** The bundled fonts (fonts.ts): the same glyphs on every PC, whatever fonts the system has. */
export const DEFAULT_FONT_FAMILY = `"${BUNDLED_FONTS.sans.family}"`;
/** Codes: monospace digits with a slashed zero; Chinese labels before them fall back to the sans. */
export const CODE_FONT_FAMILY = `"${BUNDLED_FONTS.mono.family}", "${BUNDLED_FONTS.sans.family}"`;

/**
 * The language every raster line is shaped in. Noto Sans SC has two sets of digits, equally wide: a
 * line of digits alone is a Latin run, whose default language swaps in the Latin-style set (its GSUB,
 * script latn); a line with a Han character, or any line in language zh, keeps the default set. The
 * canvas default, 'inherit', follows the host: digits-only lines printed differently on a Chinese PC.
 * Fixed, a label prints the same digits on every PC, and a glyph drawn alone is the glyph of any
 * line (glyphInk.ts composes lines from them).
 */
export const TEXT_LANG = 'zh-CN';

let registered = false;

/** Registers the bundled fonts with @napi-rs/canvas under their own family names, once. */
export function registerBundledFonts(): void {
  if (registered) return;
  for (const font of Object.keys(BUNDLED_FONTS) as BundledFont[]) {
    const path = bundledFontPath(font);
    if (!GlobalFonts.registerFromPath(path, BUNDLED_FONTS[font].family)) throw new Error(`cannot load the bundled font ${path}`);
  }
  registered = true;
}

export interface TextStyle {
  size: number;
  bold: boolean;
  family: string;
}

export const cssFont = (s: TextStyle) => `${s.bold ? 'bold ' : ''}${s.size}px ${s.family}`;

/**
 * Line metrics from the size alone, so the layout does not depend on which font was found: ink
 * spans 0.9 em above the baseline to 0.2 em below, then 0.15 em of leading before the next line.
 */
export const baselineOffset = (size: number) => Math.round(size * 0.9);
export const lineHeight = (size: number) => Math.round(size * 1.1);
export const lineAdvance = (size: number) => Math.round(size * 1.25);

let scratch: SKRSContext2D | undefined;
/**
 * Widths by font and text. Wrapping and fitting measure every growing head of a line at several
 * sizes (a receipt: ~150 calls), and most lines repeat from label to label (issuer, product, unit).
 * Emptied when full rather than evicted one by one: a station prints a few hundred distinct lines.
 */
const widths = new Map<string, number>();
const MAX_WIDTHS = 10_000;

export function measure(text: string, style: TextStyle): number {
  const font = cssFont(style);
  const key = `${font}\n${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    registerBundledFonts();
    if (!scratch) {
      scratch = createCanvas(1, 1).getContext('2d');
      scratch.lang = TEXT_LANG;
    }
    scratch.font = font;
    width = scratch.measureText(text).width;
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/** Latin words and numbers (2.350, ¥12.50) stay whole; CJK may break between any two characters. */
const TOKENS = /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}.,:;/\\%#&+_¥$@'"()-])+|\s+|./gu;

/**
 * Splits off the longest head of `text` that fits `width`: [head, rest]. At least one character
 * is always taken, so wrapping ends even in a column narrower than a glyph.
 */
export function takeLine(text: string, style: TextStyle, width: number): [string, string] {
  const tokens = text.trim().match(TOKENS) ?? [];
  let head = '';
  for (let i = 0; i < tokens.length; i++) {
    const next = head + tokens[i];
    if (measure(next.trimEnd(), style) <= width) {
      head = next;
      continue;
    }
    if (head !== '') return [head.trimEnd(), tokens.slice(i).join('').trimStart()];
    // A run too long for a whole line is broken between characters.
    const chars = [...tokens[i]];
    let n = 1;
    while (n < chars.length && measure(chars.slice(0, n + 1).join(''), style) <= width) n++;
    return [chars.slice(0, n).join(''), (chars.slice(n).join('') + tokens.slice(i + 1).join('')).trimStart()];
  }
  return [head.trimEnd(), ''];
}

/**
 * `text` on one line of `width` for a fixed-size label: the largest size from `style.size` down to
 * `minSize` that fits, else cut at `minSize` and ended with an ellipsis.
 */
export function fitLine(text: string, style: TextStyle, width: number, minSize: number): { text: string; style: TextStyle } {
  const size = fitSize(text, style, width, minSize);
  if (size !== undefined) return { text, style: { ...style, size } };
  const small = { ...style, size: Math.min(style.size, minSize) };
  const chars = [...text];
  let n = chars.length - 1;
  while (n > 0 && measure(`${chars.slice(0, n).join('').trimEnd()}…`, small) > width) n--;
  return { text: `${chars.slice(0, n).join('').trimEnd()}…`, style: small };
}

/** The largest size from `style.size` down to `minSize` at which `text` fits on one line. */
export function fitSize(text: string, style: TextStyle, width: number, minSize: number): number | undefined {
  for (let size = style.size; size >= Math.min(style.size, minSize); size--) {
    if (measure(text, { ...style, size }) <= width) return size;
  }
  return undefined;
}
