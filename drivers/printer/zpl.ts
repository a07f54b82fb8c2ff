import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { packRows, type Bitmap1 } from './bitmap';
import { BARCODE_MODULE_DOTS, NativeLayoutError, placeLabel, type NativeFont, type RenderOptions } from './layout';
import { NativeTextError, toGbk, unprintable } from './text';

/**
 * ZPL II. Zebra's resident fonts have no CJK glyphs: Chinese needs a TrueType font stored on the
 * printer, called by path with ^A@ (ZPL II Programming Guide, "^A@ Use Font Name to Call Font",
 * drives R:, E:, B:, A:). E:SIMSUN.TTF is what Chinese-market Zebras and most Chinese ZPL code use
 * (e.g. `^CW1,E:SIMSUN.TTF` with `^CI28`); Zebra's own font option is E:ANMDS.TTF (Andale,
 * downloaded first). Configure `cjkFont` to what the printer has (check with ^WD E:*.TTF): a
 * missing font prints nothing for that field. Every line uses it, ASCII too: both fonts are
 * monospaced (Chinese one em wide, ASCII half), so the layout knows what each line takes — the
 * built-in ^A0 is proportional with widths this station cannot know. Both cover GBK, so
 * characters outside GBK go as raster.
 */
export const DEFAULT_ZPL_CJK_FONT = 'E:SIMSUN.TTF';

/** How far below its ^FO a QR prints: the ^BY height, pinned to this in every format. */
export const ZPL_QR_SINK_DOTS = 10;

/** ^A@N,h,w with a monospaced CJK TrueType font: h high, Chinese w wide, ASCII w/2. */
export const ZPL_FONT: NativeFont = {
  height: (size) => size,
  width: (text, size) => Math.ceil([...text].reduce((w, c) => w + (c.codePointAt(0)! <= 0x7e ? size / 2 : size), 0)),
};

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
  // ^BY is pinned in every format: Code 128 takes its 2-dot module, and a QR placed with ^FO
  // prints ^BY's height lower than asked — printer-persistent state, so left alone it varies from
  // one session to the next (behaviour reproduced by labelary and the zebrash, BinaryKits.Zpl and
  // ZPLab renderers).
  private readonly lines: string[] = ['^XA', '^CI28', `^BY${BARCODE_MODULE_DOTS},3,${ZPL_QR_SINK_DOTS}`];

  constructor(private readonly cjkFont = DEFAULT_ZPL_CJK_FONT) {}

  size(widthDots: number, heightDots: number): this {
    this.lines.push(`^PW${widthDots}`, `^LL${heightDots}`);
    return this;
  }

  /** The font covers GBK: ¥ and the like go as their GBK look-alikes (text.ts), as on TSPL. */
  text(x: number, y: number, text: string, height: number): this {
    this.lines.push(`^FO${x},${y}^A@N,${height},${height},${this.cjkFont}${fieldData(toGbk(text).text)}`);
    return this;
  }

  /**
   * Model 2, ECC M (as TSPL and the raster: same symbol size), manual input in 8-bit byte mode:
   * "MM,B<4-digit byte count><bytes>" (^BQ field data; the guide's example "B0006qrcode" counts
   * bytes). Automatic input cannot carry bytes 0x80–0x9F and 0xE0–0xFF, which UTF-8 Chinese is
   * full of. The count is of the bytes the printer gets after ^FH unescapes the line breaks.
   */
  qr(x: number, y: number, data: string, magnification: number): this {
    const count = Buffer.byteLength(data, 'utf8');
    if (count > 9999) throw new Error('QR payload longer than a ZPL byte-mode block');
    if (y < ZPL_QR_SINK_DOTS) throw new RangeError(`a ZPL QR cannot start above ${ZPL_QR_SINK_DOTS} dots`);
    this.lines.push(`^FO${x},${y - ZPL_QR_SINK_DOTS}^BQN,2,${magnification}${fieldData(`MM,B${String(count).padStart(4, '0')}${data}`)}`);
    return this;
  }

  /** Code 128 in automatic mode (A): the printer picks subset C for the all-digit trace codes; 2-dot modules from ^BY. */
  code128(x: number, y: number, value: string, height: number): this {
    this.lines.push(`^FO${x},${y}^BCN,${height},Y,N,N,A${fieldData(value)}`);
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

/**
 * A label job. Native: the printer's TrueType font beside and below the QR (layout.ts); content
 * that does not fit or has characters outside the font is refused (the queue prints it as
 * raster). Raster: the renderer's bitmap at 0,0.
 */
export function zplLabel(content: LabelContent, template: LabelTemplate, { mode, raster, cjkFont }: ZplOptions): Buffer {
  const place = placeLabel(content, template, { font: ZPL_FONT, qrEcc: 'M', qrTop: ZPL_QR_SINK_DOTS });
  const z = new Zpl(cjkFont);
  if (mode === 'raster') {
    if (!raster) throw new Error('raster mode needs the rendered bitmap');
    return z
      .size(place.widthDots, template.kind === 'label' ? place.heightDots : raster.height)
      .graphic(0, 0, raster)
      .build();
  }
  if (place.overflow) throw new NativeLayoutError(template);
  const missing = unprintable(place.texts.map((t) => t.text).join(''), 'gbk');
  if (missing.length) throw new NativeTextError(missing);
  z.size(place.widthDots, place.heightDots);
  for (const line of place.texts) z.text(line.x, line.y, line.text, line.size);
  if (place.qr) z.qr(place.qr.x, place.qr.y, content.qr, template.qrModule);
  if (place.barcode) z.code128(place.barcode.x, place.barcode.y, content.code, place.barcode.height);
  return z.build();
}

/** ~HS: three STX…ETX CR LF strings back (ZPL II Programming Guide, "~HS Host Status Return"). */
export const ZPL_STATUS_REQUEST = Buffer.from('~HS', 'ascii');
const STX = 0x02;
const ETX = 0x03;

/** The three ~HS strings, once all three have arrived after `skip` earlier answers; else null. */
export function zplStatusStrings(received: Buffer, skip = 0): Buffer | null {
  let etx = -1;
  for (let n = 0; n < 3 * (skip + 1); n++) {
    etx = received.indexOf(ETX, etx + 1);
    if (etx < 0) return null;
  }
  let start = etx;
  for (let n = 0; n < 3; n++) start = received.lastIndexOf(STX, start - 1);
  return start < 0 ? null : received.subarray(start, etx + 1);
}

export interface ZplStatus {
  paperOut: boolean;
  paused: boolean;
  headOpen: boolean;
  ribbonOut: boolean;
  /** Head under or over temperature: the printer stops until it is back in range. */
  temperature: boolean;
  /** Formats still in the receive buffer or labels left in the batch: still printing. */
  busy: boolean;
}

/**
 * String 1 `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l`: b paper out, c pause, eee formats in the buffer, k under
 * and l over temperature. String 2 `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www`: o head up, p ribbon out,
 * q thermal transfer mode — a direct-thermal printer has no ribbon, so its ribbon flag is not a
 * stop — and uuuuuuuu labels remaining in the batch.
 * String 3 (password, RAM) says nothing about printing. Anything else is refused, not read as fine.
 */
export function decodeZplStatus(reply: Uint8Array): ZplStatus {
  const strings = Buffer.from(reply)
    .toString('latin1')
    .split('\x03')
    .map((s) => s.slice(s.indexOf('\x02') + 1))
    .slice(0, 3);
  const one = strings[0]?.split(',') ?? [];
  const two = strings[1]?.split(',') ?? [];
  if (one.length !== 12 || two.length !== 11 || ![...one, ...two].every((f) => /^\d+$/.test(f))) {
    throw new Error(`not a ~HS answer: ${JSON.stringify(Buffer.from(reply).toString('latin1'))}`);
  }
  const on = (f: string) => f === '1';
  return {
    paperOut: on(one[1]!),
    paused: on(one[2]!),
    headOpen: on(two[2]!),
    ribbonOut: on(two[3]!) && on(two[4]!),
    temperature: on(one[10]!) || on(one[11]!),
    busy: Number(one[4]) > 0 || Number(two[8]) > 0,
  };
}
