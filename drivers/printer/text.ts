import iconv from 'iconv-lite';

/**
 * The one place printer text is encoded. ESC/POS gets GB18030 (every Unicode character has bytes;
 * TOOLCHAIN "Printing": FS & + GB18030 + FS . is the verified way). TSPL's Chinese fonts
 * (TSS24.BF2) index GBK, which lacks some characters the station uses, so those are substituted
 * with a GBK look-alike, and only what has none becomes '?', reported so the UI can warn.
 */
export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
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
