import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * CJK-capable families, first found wins: Noto Sans CJK SC (Linux, fonts-noto-cjk), Source Han
 * Sans SC (its Adobe name), Microsoft YaHei and SimHei (every Chinese Windows), PingFang SC (macOS).
 * @napi-rs/canvas loads the system and per-user font folders at start-up (unless the environment
 * sets DISABLE_SYSTEM_FONTS_LOAD), so nothing needs registering.
 */
export const DEFAULT_FONT_FAMILY =
  '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif';

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

export function measure(text: string, style: TextStyle): number {
  scratch ??= createCanvas(1, 1).getContext('2d');
  scratch.font = cssFont(style);
  return scratch.measureText(text).width;
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
