import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { packRows, type Bitmap1 } from './bitmap';
import { placeLabel, type RenderOptions } from './layout';

/**
 * ZPL II. Zebra's resident fonts have no CJK glyphs: a line with Chinese must name a TrueType font
 * stored on the printer, called by path with ^A@ (ZPL II Programming Guide, "^A@ Use Font Name to
 * Call Font", drives R:, E:, B:, A:). E:SIMSUN.TTF is what Chinese-market Zebras and most Chinese
 * ZPL code use (e.g. `^CW1,E:SIMSUN.TTF` with `^CI28`); Zebra's own font option is E:ANMDS.TTF
 * (Andale, downloaded first). Configure `cjkFont` to what the printer has (check with ^WD E:*.TTF):
 * a missing font prints nothing for that field. ASCII-only lines use the built-in ^A0.
 */
export const DEFAULT_ZPL_CJK_FONT = 'E:SIMSUN.TTF';

/**
 * ^FH\ with \XX hex for the bytes ZPL would otherwise act on: ^ and ~ (command prefixes), the
 * indicator itself, and control characters — ZPL drops CR/LF from the stream, so the QR
 * payload's line breaks only survive as \0A. Under ^CI28 the rest is plain UTF-8.
 */
export function fieldData(text: string): string {
  const hex = (c: string) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  const escaped = Array.from(text, (c) => (c === '\\' || c === '^' || c === '~' || c < ' ' || c === '\x7f' ? hex(c) : c)).join('');
  return `^FH\\^FD${escaped}^FS`;
}

export class Zpl {
  private readonly lines: string[] = ['^XA', '^CI28'];

  constructor(private readonly cjkFont = DEFAULT_ZPL_CJK_FONT) {}

  size(widthDots: number, heightDots: number): this {
    this.lines.push(`^PW${widthDots}`, `^LL${heightDots}`);
    return this;
  }

  text(x: number, y: number, text: string, height: number): this {
    const font = /^[\x20-\x7e]*$/.test(text) ? `^A0N,${height},${height}` : `^A@N,${height},${height},${this.cjkFont}`;
    this.lines.push(`^FO${x},${y}${font}${fieldData(text)}`);
    return this;
  }

  /** Model 2; "QA," = ECC Q, automatic input mode (^BQ field data). `magnification` = dots per module. */
  qr(x: number, y: number, data: string, magnification: number): this {
    this.lines.push(`^FO${x},${y}^BQN,2,${magnification}${fieldData(`QA,${data}`)}`);
    return this;
  }

  /** Code 128 in automatic mode (A): the printer picks subset C for the all-digit trace codes. */
  code128(x: number, y: number, value: string, height: number): this {
    this.lines.push(`^FO${x},${y}^BY2^BCN,${height},Y,N,N,A${fieldData(value)}`);
    return this;
  }

  /** ^GFA: ASCII hex, 1 = black as in Bitmap1; total bytes given twice (binary and field count). */
  graphic(x: number, y: number, bm: Bitmap1): this {
    const { bytesPerRow, data } = packRows(bm);
    const hex = Buffer.from(data).toString('hex').toUpperCase();
    this.lines.push(`^FO${x},${y}^GFA,${data.length},${data.length},${bytesPerRow},${hex}^FS`);
    return this;
  }

  build(): Buffer {
    return Buffer.from([...this.lines, '^XZ', ''].join('\n'), 'utf8');
  }
}

export interface ZplOptions extends RenderOptions {
  cjkFont?: string;
}

export function zplLabel(content: LabelContent, template: LabelTemplate, { mode, raster, cjkFont }: ZplOptions): Buffer {
  const place = placeLabel(content, template, { fontHeight: (size) => size, qrEcc: 'Q' });
  const z = new Zpl(cjkFont);
  if (mode === 'raster') {
    if (!raster) throw new Error('raster mode needs the rendered bitmap');
    return z.size(place.widthDots, template.kind === 'label' ? place.heightDots : raster.height).graphic(0, 0, raster).build();
  }
  z.size(place.widthDots, place.heightDots);
  for (const line of place.texts) z.text(line.x, line.y, line.text, line.size);
  if (place.qr) z.qr(place.qr.x, place.qr.y, content.qr, template.qrModule);
  if (place.barcode) z.code128(place.barcode.x, place.barcode.y, content.code, place.barcode.height);
  return z.build();
}
