import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { packRows, type Bitmap1 } from './bitmap';
import { labelLines, type RenderOptions } from './layout';
import { encodeFor, type PrinterEncoding } from './text';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

/**
 * ESC/POS commands, each appended as bytes. Everything with a length (QR store, Code 128) counts
 * BYTES, and all non-ASCII text goes inside Chinese mode (FS & … FS .): node-thermal-printer,
 * tried first, declared a QR's character count instead of its byte count, sent ESC R 15 instead
 * of FS &, and after one character outside GBK switched to another code page for good, which
 * garbled all later Chinese. Text is GBK unless the printer's profile says GB18030: a GBK-only printer garbles GB18030's four-byte sequences (¥ is one), so GBK gets
 * look-alikes (¥ → ￥) as TSPL does.
 */
export class EscPos {
  private readonly parts: Buffer[] = [];

  constructor(private readonly encoding: PrinterEncoding = 'gbk') {}

  private push(...bytes: number[]): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  init(): this {
    return this.push(ESC, 0x40);
  }

  /** ASCII goes as is; anything else as FS & + GBK/GB18030 + FS . (Chinese mode on only around it). */
  text(text: string): this {
    if (/^[\x20-\x7e]*$/.test(text)) this.parts.push(Buffer.from(text, 'ascii'));
    else this.parts.push(Buffer.from([FS, 0x26]), encodeFor(text, this.encoding), Buffer.from([FS, 0x2e]));
    return this;
  }

  line(text = ''): this {
    return this.text(text).push(LF);
  }

  align(align: Align): this {
    return this.push(ESC, 0x61, { left: 0, center: 1, right: 2 }[align]);
  }

  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** GS ! applies to Chinese characters as well as ASCII, so one command scales both. */
  size(width: 1 | 2, height: 1 | 2): this {
    return this.push(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  /** QR model 2; `module` is dots per module (1–16). */
  qr(data: string, { module = 5, ecc = 'M' }: { module?: number; ecc?: QrEcc } = {}): this {
    const bytes = Buffer.from(data, 'utf8');
    const len = bytes.length + 3;
    if (len > 0xffff) throw new Error(`QR payload of ${bytes.length} bytes is too long for GS ( k`);
    this.push(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, module);
    this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(ecc));
    this.push(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30);
    this.parts.push(bytes);
    return this.push(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);
  }

  /** Code 128 (GS k 73) with the digits printed under it; `moduleWidth` in dots (2–6). */
  code128(value: string, { height = 80, moduleWidth = 2 }: { height?: number; moduleWidth?: number } = {}): this {
    const data = code128Data(value);
    if (data.length > 255) throw new Error('Code 128 data is longer than GS k allows');
    this.push(GS, 0x48, 2, GS, 0x68, height, GS, 0x77, moduleWidth);
    this.push(GS, 0x6b, 73, data.length);
    this.parts.push(data);
    return this;
  }

  /** GS v 0 in bands of `bandRows` rows: small printers drop a single image command that is too tall. */
  raster(bm: Bitmap1, { bandRows = 128 }: { bandRows?: number } = {}): this {
    const { bytesPerRow, data } = packRows(bm);
    for (let y = 0; y < bm.height; y += bandRows) {
      const rows = Math.min(bandRows, bm.height - y);
      this.push(GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8);
      this.parts.push(Buffer.from(data.subarray(y * bytesPerRow, (y + rows) * bytesPerRow)));
    }
    return this;
  }

  feed(lines: number): this {
    return this.push(ESC, 0x64, lines);
  }

  /** Feeds the last line past the blade, then cuts (GS V 1 partial, GS V 0 full). */
  cut({ feedLines = 4, partial = true }: { feedLines?: number; partial?: boolean } = {}): this {
    return this.feed(feedLines).push(GS, 0x56, partial ? 1 : 0);
  }

  drawer(pin: 0 | 1 = 0, onMs = 50, offMs = 500): this {
    this.parts.push(drawerPulse(pin, onMs, offMs));
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/**
 * ESC p m t1 t2, all five bytes: pin 0 = connector pin 2, 1 = pin 5; on/off times go in 2 ms
 * units (node-thermal-printer leaves out t1/t2, and many drawers then never open).
 */
export function drawerPulse(pin: 0 | 1 = 0, onMs = 50, offMs = 500): Buffer {
  const unit = (ms: number) => Math.max(1, Math.min(255, Math.round(ms / 2)));
  return Buffer.from([ESC, 0x70, pin, unit(onMs), unit(offMs)]);
}

/**
 * Code set C (two digits per symbol) for runs of digits, code set B otherwise, with '{' doubled
 * as GS k requires. Trace codes are numeric, so they come out short enough for 58 mm paper.
 */
export function code128Data(value: string): Buffer {
  if (/^\d{2,}$/.test(value)) {
    const even = value.length - (value.length % 2);
    const pairs = Array.from({ length: even / 2 }, (_, i) => Number(value.slice(2 * i, 2 * i + 2)));
    const tail = value.length % 2 ? [0x7b, 0x42, value.charCodeAt(value.length - 1)] : [];
    return Buffer.from([0x7b, 0x43, ...pairs, ...tail]);
  }
  if (!/^[\x20-\x7e]+$/.test(value)) throw new Error('Code 128 (set B) takes printable ASCII only');
  return Buffer.from(`{B${value.replace(/\{/g, '{{')}`, 'ascii');
}

export interface EscposStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
}

/** DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensor): three one-byte replies in this order. */
export const ESCPOS_STATUS_REQUEST = Buffer.from([DLE, 0x04, 1, DLE, 0x04, 2, DLE, 0x04, 4]);
export const ESCPOS_STATUS_REPLY_BYTES = 3;

/**
 * DLE EOT n status bytes: n=1 bit3 offline; n=2 bit2 cover open, bit5 paper end; n=4 0x0C near end, 0x60 paper
 * end. Every reply has bits 1 and 4 set and bits 0 and 7 clear (all clear = 0x12): a reply
 * without them is not an ESC/POS status, and is refused rather than read as "fine".
 */
export function decodeEscposStatus(reply: Uint8Array): EscposStatus {
  if (reply.length < ESCPOS_STATUS_REPLY_BYTES) throw new Error(`ESC/POS status needs 3 reply bytes, got ${reply.length}`);
  const [printer, offline, paper] = reply;
  for (const b of [printer, offline, paper]) {
    if ((b & 0x93) !== 0x12) throw new Error(`0x${b.toString(16).padStart(2, '0')} is not an ESC/POS status byte`);
  }
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut: (offline & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
  };
}

/**
 * A receipt (or label on continuous stock) from a template. Native: printer fonts, unlabeled
 * bold lines centred as headings, sizes of 40 dots and up doubled, then QR and Code 128 centred.
 * Raster: the renderer's bitmap as is. Receipts end with a cut.
 */
export function escposLabel(content: LabelContent, template: LabelTemplate, { mode, raster, encoding }: RenderOptions & { encoding?: PrinterEncoding }): Buffer {
  const p = new EscPos(encoding).init();
  if (mode === 'raster') {
    if (!raster) throw new Error('raster mode needs the rendered bitmap');
    p.align('left').raster(raster);
  } else {
    for (const line of labelLines(content, template)) {
      const heading = line.bold && !line.label;
      const big = line.size >= 40 ? 2 : 1;
      p.align(heading ? 'center' : 'left')
        .bold(line.bold)
        .size(big, big)
        .line(line.text);
    }
    p.bold(false).size(1, 1).align('center');
    if (template.qrModule > 0) p.qr(content.qr, { module: template.qrModule }).line();
    if (template.barcode) p.code128(content.code).line();
    p.align('left');
  }
  if (template.kind === 'receipt') p.cut();
  else p.feed(2);
  return p.build();
}
