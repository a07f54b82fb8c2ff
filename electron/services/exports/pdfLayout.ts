import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import { A4, openCjkPdf, type Typesetter } from '../../documents/pdfText';

/** Page geometry of the report: A4 with 50 pt side margins, room for a footer. */
export const MARGIN_X = 50;
export const TOP = A4[1] - 50;
export const BOTTOM = 56;
export const CONTENT_W = A4[0] - 2 * MARGIN_X;

const BODY = 9;
const LINE = 12;
const PAD = 3;

export interface PdfColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right';
}

export interface Colors {
  text: RGB;
  gray: RGB;
  rule: RGB;
  shade: RGB;
  red: RGB;
  green: RGB;
}

/** A cursor down the pages: a block that does not fit starts a new page; tables repeat their header row there. */
export class Flow {
  page: PDFPage;
  y = TOP;
  constructor(
    private readonly doc: PDFDocument,
    readonly ts: Typesetter,
    readonly c: Colors,
  ) {
    this.page = doc.addPage(A4);
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = TOP;
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  /** A section heading, kept on the page with `keepWith` points of what follows it. */
  heading(text: string, size = 12, keepWith = 40): void {
    this.ensure(size + 14 + keepWith);
    this.y -= 8;
    this.page.drawRectangle({ x: MARGIN_X, y: this.y - size - 1, width: 3, height: size + 2, color: this.c.red });
    this.ts.draw(this.page, text, MARGIN_X + 8, this.y - size + 1, size);
    this.y -= size + 8;
  }

  text(text: string, size = BODY, color?: RGB): void {
    for (const line of this.ts.wrap(text, size, CONTENT_W)) {
      this.ensure(size + 4);
      this.ts.draw(this.page, line, MARGIN_X, this.y - size, size, color ?? this.c.text);
      this.y -= size + 4;
    }
  }

  /**
   * Column shares from the content: each column as wide as its widest cell (heads included); when
   * that is more than the page, only the columns that may wrap (`wraps`) give up width.
   */
  fitColumns(heads: string[], rows: string[][], wraps: boolean[]): number[] {
    const natural = heads.map((h, i) => Math.max(this.ts.width(h, BODY), ...rows.map((r) => this.ts.width(r[i], BODY))) + 2 * PAD + 1);
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= CONTENT_W) return natural.map((w) => w / total);
    const fixed = natural.reduce((sum, w, i) => sum + (wraps[i] ? 0 : w), 0);
    const flexible = total - fixed;
    const room = Math.max(CONTENT_W - fixed, CONTENT_W * 0.3);
    const widths = natural.map((w, i) => (wraps[i] ? (w * room) / flexible : w));
    const sum = widths.reduce((a, b) => a + b, 0);
    return widths.map((w) => w / sum);
  }

  /** A ruled table; rows wrap inside their cells and break across pages whole, under a repeated header. */
  table(columns: PdfColumn[], rows: string[][], colorOf?: (row: number, col: number) => RGB | undefined): void {
    const widths = columns.map((c) => c.width * CONTENT_W);
    const lay = (cells: string[]) => {
      const lines = cells.map((cell, i) => this.ts.wrap(cell, BODY, widths[i] - 2 * PAD));
      return { lines, h: Math.max(...lines.map((l) => l.length)) * LINE + 2 * PAD };
    };
    const header = lay(columns.map((c) => c.header));
    const drawRow = (laid: { lines: string[][]; h: number }, shaded: boolean, row: number) => {
      let x = MARGIN_X;
      laid.lines.forEach((lines, i) => {
        this.page.drawRectangle({ x, y: this.y - laid.h, width: widths[i], height: laid.h, borderColor: this.c.rule, borderWidth: 0.5, ...(shaded ? { color: this.c.shade } : {}) });
        const color = row >= 0 ? colorOf?.(row, i) : undefined;
        lines.forEach((line, k) => {
          const w = this.ts.width(line, BODY);
          const tx = columns[i].align === 'right' && row >= 0 ? x + widths[i] - PAD - w : x + PAD;
          this.ts.draw(this.page, line, tx, this.y - PAD - (k + 1) * LINE + 3, BODY, color ?? this.c.text);
        });
        x += widths[i];
      });
      this.y -= laid.h;
    };
    this.ensure(header.h + (rows.length ? lay(rows[0]).h : 0));
    drawRow(header, true, -1);
    rows.forEach((cells, r) => {
      const laid = lay(cells);
      if (this.y - laid.h < BOTTOM) {
        this.newPage();
        drawRow(header, true, -1);
      }
      drawRow(laid, false, r);
    });
    this.y -= 6;
  }
}

/**
 * A new A4 export document in Chinese: its metadata (title, creator, language, the time it was
 * made as creation date when known), the report's colours, the page cursor, and a centred line
 * for the title block.
 */
export async function openA4Export(options: { fontPath?: string; title: string; generatedAt?: string | null }) {
  const { doc, ts, pdfLib } = await openCjkPdf(options);
  const { rgb } = pdfLib;
  const c: Colors = { text: rgb(0.1, 0.1, 0.1), gray: rgb(0.4, 0.4, 0.4), rule: rgb(0.6, 0.6, 0.6), shade: rgb(0.93, 0.93, 0.93), red: rgb(0.75, 0.05, 0.05), green: rgb(0.1, 0.45, 0.15) };
  doc.setTitle(options.title);
  doc.setCreator('yipin-yima-station');
  doc.setLanguage('zh-CN');
  const generated = options.generatedAt ? new Date(options.generatedAt) : null;
  if (generated && !Number.isNaN(generated.getTime())) {
    doc.setCreationDate(generated);
    doc.setModificationDate(generated);
  }
  const flow = new Flow(doc, ts, c);
  const centred = (text: string, size: number, color = c.text, bold = false) => {
    const x = (A4[0] - ts.width(text, size)) / 2;
    ts.draw(flow.page, text, x, flow.y - size, size, color);
    if (bold) ts.draw(flow.page, text, x + 0.35, flow.y - size, size, color); // a second pass stands in for a bold face
    flow.y -= size + 8;
  };
  return { doc, ts, pdfLib, c, flow, centred };
}
