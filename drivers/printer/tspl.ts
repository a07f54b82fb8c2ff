import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { packRows, type Bitmap1 } from './bitmap';
import { NativeLayoutError, placeLabel, type NativeFont, type RenderOptions } from './layout';
import { gbkCells, NativeTextError, toGbk, type Substitution } from './text';

const CRLF = '\r\n';
/** The Simplified Chinese bitmap font of TSC, Gprinter, Xprinter and HPRT label printers: 24 dots, GBK-indexed. */
export const TSPL_CJK_FONT = 'TSS24.BF2';
const FONT_DOTS = 24;

/** TEXT scales the font by whole multiples only. */
export const tsplMultiple = (size: number) => Math.max(1, Math.round(size / FONT_DOTS));

/** TSS24.BF2 draws every GBK byte as a cell 12 dots wide (ASCII one cell, Chinese two), 24 high. */
export const TSPL_FONT: NativeFont = {
  height: (size) => FONT_DOTS * tsplMultiple(size),
  width: (text, size) => gbkCells(text) * (FONT_DOTS / 2) * tsplMultiple(size),
};

/** TSPL escapes a double quote inside a string as \["] (TSPL/TSPL2 manual, TEXT). */
const quoteEscaped = (s: string) => s.replace(/"/g, '\\["]');

/** TSPL commands, one per CRLF-terminated line; strings in quotes, image data raw. */
export class Tspl {
  private readonly parts: Buffer[] = [];
  /** Characters TEXT had to replace for GBK, so the UI can warn (text.ts). */
  readonly substitutions: Substitution[] = [];

  private cmd(line: string): this {
    this.parts.push(Buffer.from(line + CRLF, 'ascii'));
    return this;
  }

  size(widthMm: number, heightMm: number): this {
    return this.cmd(`SIZE ${widthMm} mm,${heightMm} mm`);
  }

  gap(mm: number): this {
    return this.cmd(`GAP ${mm} mm,0 mm`);
  }

  /** 1 prints the label the right way up as it leaves most Chinese desktop printers. */
  direction(n: 0 | 1): this {
    return this.cmd(`DIRECTION ${n}`);
  }

  cls(): this {
    return this.cmd('CLS');
  }

  /** One line of text in GBK; `mult` scales the 24-dot font (1–10). */
  text(x: number, y: number, text: string, mult = 1): this {
    const gbk = toGbk(quoteEscaped(text.replace(/[\r\n]+/g, ' ')));
    this.substitutions.push(...gbk.substitutions);
    this.parts.push(Buffer.from(`TEXT ${x},${y},"${TSPL_CJK_FONT}",0,${mult},${mult},"`, 'ascii'), gbk.bytes, Buffer.from(`"${CRLF}`, 'ascii'));
    return this;
  }

  /**
   * QR model 2 (the default is M1, which phones read badly), mask S7 (the default). Manual mode
   * with one binary block "B<4-digit byte count><UTF-8 bytes>": the signed payload has line
   * breaks, which would end a TSPL line, and in auto mode the printer may take UTF-8 Chinese
   * bytes for Shift-JIS kanji and encode them as such.
   */
  qr(x: number, y: number, data: string, { cell = 4, ecc = 'M' }: { cell?: number; ecc?: 'L' | 'M' | 'Q' | 'H' } = {}): this {
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length > 9999) throw new Error('QR payload longer than a TSPL binary block');
    const head = `QRCODE ${x},${y},${ecc},${cell},M,0,M2,S7,"B${String(bytes.length).padStart(4, '0')}`;
    this.parts.push(Buffer.from(head, 'ascii'), bytes, Buffer.from(`"${CRLF}`, 'ascii'));
    return this;
  }

  /** Code 128 with automatic subset switching ("128"), human-readable line on, 2-dot modules. */
  code128(x: number, y: number, value: string, height = 48): this {
    if (!/^[\x20-\x7e]+$/.test(value)) throw new Error('Code 128 takes printable ASCII only');
    return this.cmd(`BARCODE ${x},${y},"128",${height},1,0,2,2,"${quoteEscaped(value)}"`);
  }

  /**
   * BITMAP mode 0 (overwrite). TSPL's polarity is the inverse of ESC/POS: a 1 bit is NO dot.
   * TSC's manual is unclear on it; other drivers agree: pretix/pretixprint-android TSPL.kt (from TSC's
   * SDK sample) starts each row at 0xFF and clears the bits of black pixels, and
   * kubesail/raster-to-tspl-js sets bits for light pixels. Some drivers keep an invert switch for
   * odd firmware, so check each new printer model with the test pattern.
   */
  bitmap(x: number, y: number, bm: Bitmap1): this {
    const { bytesPerRow, data } = packRows(bm, true);
    this.parts.push(Buffer.from(`BITMAP ${x},${y},${bytesPerRow},${bm.height},0,`, 'ascii'), Buffer.from(data), Buffer.from(CRLF, 'ascii'));
    return this;
  }

  print(sets = 1, copies = 1): this {
    return this.cmd(`PRINT ${sets},${copies}`);
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface TsplStatus {
  headOpen: boolean;
  jam: boolean;
  paperOut: boolean;
  ribbonOut: boolean;
  paused: boolean;
  printing: boolean;
  /** Bits 6–7: no documented meaning, so a printer setting them is not known to be able to print. */
  unknown: boolean;
}

/** ESC ! ? — answered immediately with one byte, even mid-job. */
export const TSPL_STATUS_REQUEST = Buffer.from([0x1b, 0x21, 0x3f]);
export const TSPL_STATUS_REPLY_BYTES = 1;

export function decodeTsplStatus(byte: number): TsplStatus {
  return {
    headOpen: (byte & 0x01) !== 0,
    jam: (byte & 0x02) !== 0,
    paperOut: (byte & 0x04) !== 0,
    ribbonOut: (byte & 0x08) !== 0,
    paused: (byte & 0x10) !== 0,
    printing: (byte & 0x20) !== 0,
    unknown: (byte & 0xc0) !== 0,
  };
}

export interface TsplOptions extends RenderOptions {
  direction?: 0 | 1;
}

/**
 * A label job. Native: TSS24.BF2 text (scaled by whole multiples only; no bold in bitmap fonts)
 * beside and below the QR (layout.ts), Code 128 under the text; content that does not fit or has
 * characters outside GBK is refused (the queue prints it as raster). Raster: the renderer's bitmap
 * at 0,0. Receipt templates (no fixed height) get a length that fits the content and no gap.
 */
export function tsplLabel(content: LabelContent, template: LabelTemplate, { mode, raster, direction = 1 }: TsplOptions): Buffer {
  const place = placeLabel(content, template, { font: TSPL_FONT, qrEcc: 'M' });
  if (mode === 'native' && place.overflow) throw new NativeLayoutError(template);
  const heightDots = mode === 'raster' && raster && template.kind === 'receipt' ? raster.height : place.heightDots;
  const t = new Tspl()
    .size(template.widthMm, template.kind === 'label' ? template.heightMm : Math.ceil(heightDots / template.dotsPerMm))
    .gap(template.gapMm)
    .direction(direction)
    .cls();
  if (mode === 'raster') {
    if (!raster) throw new Error('raster mode needs the rendered bitmap');
    t.bitmap(0, 0, raster);
  } else {
    for (const line of place.texts) t.text(line.x, line.y, line.text, tsplMultiple(line.size));
    if (place.qr) t.qr(place.qr.x, place.qr.y, content.qr, { cell: template.qrModule });
    if (place.barcode) t.code128(place.barcode.x, place.barcode.y, content.code, place.barcode.height);
    const missing = t.substitutions.filter((s) => s.replacement === '?').map((s) => s.char);
    if (missing.length) throw new NativeTextError(missing);
  }
  return t.print(1, 1).build();
}
