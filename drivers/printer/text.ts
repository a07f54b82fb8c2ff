import iconv from 'iconv-lite';

/**
 * The one place printer text is encoded. Most Chinese printer fonts index GBK (TSPL's TSS24.BF2,
 * most ESC/POS receipt printers), which lacks some characters the station uses: those are
 * substituted with a GBK look-alike, and what has none is reported (never sent as '?': the job
 * prints as raster instead). An ESC/POS printer whose profile says GB18030 gets GB18030 bytes
 * (FS & + GB18030 + FS .).
 */
export type PrinterEncoding = 'gbk' | 'gb18030';

export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

/** Bytes for a printer font of `encoding`: GB18030 as is, GBK with look-alikes (toGbk). */
export function encodeFor(text: string, encoding: PrinterEncoding): Buffer {
  return encoding === 'gb18030' ? encodeGb18030(text) : toGbk(text).bytes;
}

/**
 * Characters a printer font of `encoding` cannot show. GBK: those with no look-alike. GB18030:
 * those past the BMP (printer fonts carry GB18030-2000's BMP characters, not the extensions).
 */
export function unprintable(text: string, encoding: PrinterEncoding): string[] {
  const chars =
    encoding === 'gb18030'
      ? [...text].filter((c) => c.codePointAt(0)! > 0xffff)
      : toGbk(text)
          .substitutions.filter((s) => s.replacement === '?')
          .map((s) => s.char);
  return [...new Set(chars)];
}

/**
 * Characters outside GBK (or, for €, only in CP936's single-byte 0x80 extension that GB2312-era
 * printer fonts lack), and what prints instead.
 */
export const GBK_SUBSTITUTES: Readonly<Record<string, string>> = {
  '¥': '￥', // U+00A5 → fullwidth U+FFE5 (GBK A3A4): prices are written with ¥
  '\u00a0': ' ', // no-break space
  '•': '·', // bullet → middle dot (GBK A1A4)
  '€': 'EUR',
};

/**
 * Byte cells `text` takes in a GBK bitmap font: one for ASCII, two for any other GBK character,
 * look-alikes counted as what prints. Characters outside GBK count two (such text goes as raster).
 */
export function gbkCells(text: string): number {
  let cells = 0;
  for (const char of text) {
    const sub = GBK_SUBSTITUTES[char];
    cells += sub !== undefined ? gbkCells(sub) : char.codePointAt(0)! < 0x80 ? 1 : 2;
  }
  return cells;
}

export interface Substitution {
  char: string;
  /** What prints instead: a GBK look-alike, or '?' when there is none. */
  replacement: string;
}

export interface GbkText {
  bytes: Buffer;
  /** The text as it will print (after substitutions). */
  text: string;
  substitutions: Substitution[];
}

export function toGbk(text: string): GbkText {
  let out = '';
  const substitutions: Substitution[] = [];
  for (const char of text) {
    const sub = GBK_SUBSTITUTES[char] ?? (inGbk(char) ? undefined : '?');
    if (sub === undefined) {
      out += char;
    } else {
      out += sub;
      substitutions.push({ char, replacement: sub });
    }
  }
  return { bytes: iconv.encode(out, 'gbk'), text: out, substitutions };
}

// iconv-lite writes '?' for anything it cannot map, so a lone '?' for another character means "not in GBK".
function inGbk(char: string): boolean {
  if (char === '?') return true;
  const bytes = iconv.encode(char, 'gbk');
  return !(bytes.length === 1 && bytes[0] === 0x3f);
}

/** Native text would print these characters wrong: the job must go as raster (the queue does). */
export class NativeTextError extends Error {
  constructor(readonly chars: string[]) {
    super(`the printer font has no ${chars.join('')}: print as raster`);
    this.name = 'NativeTextError';
  }
}
