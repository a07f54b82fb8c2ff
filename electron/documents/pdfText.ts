import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import { fontkitFor, loadCjkFont } from './cjkFont';

/**
 * What the station's Chinese PDFs (disposal certificate, day report) share: A4 geometry, the CJK
 * font loaded, subset-embedded and paired with Helvetica, and text measured, wrapped and drawn
 * in whichever of the two has each glyph.
 */

/** A4 in points. */
export const A4: [number, number] = [595.28, 841.89];

/** Wall-clock time as written in the ISO string (the station stores local offsets), no conversion. */
export function wallClock(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(iso);
  return m ? [m[1], m[2]].filter(Boolean).join(' ') : iso;
}

// Limits in test thresholds; neither Droid Sans Fallback nor Helvetica (WinAnsi) has these.
const STAND_INS: Record<string, string> = { '≥': '>=', '≤': '<=', '≠': '!=' };

/**
 * Text in the CJK font where it has the glyph, else in Helvetica: some CJK fonts (Droid Sans
 * Fallback) carry no Latin letters or digits at all.
 */
export class Typesetter {
  private readonly cjkSet: Set<number>;
  private readonly latinSet: Set<number>;
  /**
   * Widths of runs at size 1, per font: measuring a CJK run lays it out through fontkit, which
   * dominated a table of thousands of rows whose cells repeat (measured ~5× faster with these).
   */
  private readonly widths = new Map<PDFFont, Map<string, number>>();
  constructor(
    private readonly cjk: PDFFont,
    private readonly latin: PDFFont,
  ) {
    this.cjkSet = new Set(cjk.getCharacterSet());
    this.latinSet = new Set(latin.getCharacterSet());
  }

  private runs(text: string): { font: PDFFont; text: string }[] {
    const out: { font: PDFFont; text: string }[] = [];
    const has = (ch: string) => this.cjkSet.has(ch.codePointAt(0)!) || this.latinSet.has(ch.codePointAt(0)!);
    const plain = text.replace(/[\r\n\t]/g, ' ').replace(/[≥≤≠]/g, (ch) => (has(ch) ? ch : STAND_INS[ch]));
    for (const ch of plain) {
      const cp = ch.codePointAt(0)!;
      // Spaces from Helvetica: Droid's is a hairline. Neither font has it: the CJK font draws its
      // .notdef box rather than pdf-lib throwing.
      const font = ch !== ' ' && (this.cjkSet.has(cp) || !this.latinSet.has(cp)) ? this.cjk : this.latin;
      const last = out[out.length - 1];
      if (last?.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  }

  private runWidth(font: PDFFont, text: string, size: number): number {
    let known = this.widths.get(font);
    if (!known || known.size > 200_000) this.widths.set(font, (known = new Map()));
    let w = known.get(text);
    if (w === undefined) known.set(text, (w = font.widthOfTextAtSize(text, 1)));
    return w * size;
  }

  width(text: string, size: number): number {
    return this.runs(text).reduce((w, r) => w + this.runWidth(r.font, r.text, size), 0);
  }

  draw(page: PDFPage, text: string, x: number, y: number, size: number, color?: RGB): void {
    for (const r of this.runs(text)) {
      page.drawText(r.text, { x, y, size, font: r.font, ...(color ? { color } : {}) });
      x += this.runWidth(r.font, r.text, size);
    }
  }

  /** Greedy wrap: CJK breaks anywhere, Latin words stay whole unless longer than a line. */
  wrap(text: string, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      // Most cells fit whole: one measure instead of one per growing prefix.
      if (this.width(para, size) <= maxWidth) {
        lines.push(para.trimEnd());
        continue;
      }
      const tokens = para.match(/[A-Za-z0-9_.\-/:@#]+|\s+|./gu) ?? [''];
      let line = '';
      for (const token of tokens) {
        if (this.width(line + token, size) <= maxWidth) {
          line += token;
          continue;
        }
        if (line.trim()) lines.push(line.trimEnd());
        line = '';
        for (const ch of token.trimStart()) {
          if (line && this.width(line + ch, size) > maxWidth) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }
}

/**
 * A new PDF with the CJK font (the station's setting `fontPath`, else the bundled one) registered
 * and embedded as a subset, and its Typesetter. Throws NoCjkFontError when no font qualifies.
 */
export async function openCjkPdf(options: { fontPath?: string } = {}) {
  const [pdfLib, font] = await Promise.all([import('pdf-lib'), loadCjkFont({ fontPath: options.fontPath })]);
  const doc: PDFDocument = await pdfLib.PDFDocument.create();
  doc.registerFontkit(await fontkitFor(font));
  const ts = new Typesetter(await doc.embedFont(font.bytes, { subset: true }), await doc.embedFont(pdfLib.StandardFonts.Helvetica));
  return { doc, ts, pdfLib };
}
