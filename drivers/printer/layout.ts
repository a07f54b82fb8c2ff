import type { LabelContent, LabelField, LabelTemplate } from '../../shared/domain/label';
import type { Bitmap1 } from './bitmap';

/**
 * Where things go on a label for the coordinate languages (TSPL, ZPL) and what each text line
 * says for all three. Native layout is approximate by nature (printer fonts differ); the raster
 * path is the pixel-exact one.
 */

/** Native: printer fonts and symbologies. Raster: one image from drivers/printer/raster. */
export interface RenderOptions {
  mode: 'native' | 'raster';
  /** The renderer's image of the whole label; required in raster mode. */
  raster?: Bitmap1;
}

export interface TextLine {
  field: LabelField;
  text: string;
  size: number;
  bold: boolean;
  /** The template's label ('品名') when it labels the line, so a code can go under its label. */
  label?: string;
}

/** '品名：白菜' when the template labels the line; optional fields that are absent are skipped. */
export function labelLines(content: LabelContent, template: LabelTemplate): TextLine[] {
  const lines: TextLine[] = [];
  for (const line of template.lines) {
    const value = content[line.field];
    if (!value) continue;
    const oneLine = value.replace(/[\r\n]+/g, ' ');
    lines.push({ field: line.field, text: line.label ? `${line.label}：${oneLine}` : oneLine, size: line.size, bold: !!line.bold, ...(line.label && { label: line.label }) });
  }
  return lines;
}

// Byte-mode capacity of QR model 2 versions 1–40 (ISO/IEC 18004 table 7), per ECC level.
const QR_BYTES = {
  M: [
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989,
    2099, 2213, 2331,
  ],
  Q: [
    11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482, 509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579,
    1663,
  ],
} as const;

/** Modules per side of the smallest QR holding `byteLength` bytes; throws past version 40. */
export function qrModules(byteLength: number, ecc: 'M' | 'Q'): number {
  const version = QR_BYTES[ecc].findIndex((cap) => cap >= byteLength) + 1;
  if (version === 0) throw new Error(`QR payload of ${byteLength} bytes does not fit in a QR code at ECC ${ecc}`);
  return 17 + 4 * version;
}

/** What a printer's own font takes for a template size: line height and text width in dots. */
export interface NativeFont {
  height(size: number): number;
  width(text: string, size: number): number;
}

export interface Placed extends TextLine {
  x: number;
  y: number;
}

export interface Placement {
  widthDots: number;
  heightDots: number;
  /** One entry per printed line: long lines are already wrapped. */
  texts: Placed[];
  qr?: { x: number; y: number; side: number };
  barcode?: { x: number; y: number; height: number };
  /** Labels: the content does not fit the stock in the printer's font; print it as raster. */
  overflow: boolean;
}

/** The content does not fit the stock in the printer's own font: it must go as raster (the queue does). */
export class NativeLayoutError extends Error {
  constructor(template: LabelTemplate) {
    super(`the content does not fit ${template.name} in the printer font: print as raster`);
    this.name = 'NativeLayoutError';
  }
}

export const MARGIN_DOTS = 8;
export const BARCODE_HEIGHT_DOTS = 48;
/** The human-readable digits the printer adds under the bars. */
export const BARCODE_TEXT_DOTS = 32;
const LINE_GAP_DOTS = 4;
/** Clear modules between the QR and any text, as ISO/IEC 18004 asks (the label edge counts as clear). */
export const QR_QUIET_MODULES = 4;
/** Both native languages print Code 128 with 2-dot modules (TSPL narrow 2, ZPL ^BY2). */
export const BARCODE_MODULE_DOTS = 2;

/**
 * Width of the bars the printer draws for `value` in Code 128: digit pairs in subset C (an odd
 * last digit after a switch to B), anything else in B; start and check symbols 11 modules each,
 * the stop 13.
 */
export function code128Dots(value: string): number {
  const digits = /^\d+$/.test(value);
  const symbols = digits ? Math.floor(value.length / 2) + (value.length % 2 ? 2 : 0) : value.length;
  return ((symbols + 2) * 11 + 13) * BARCODE_MODULE_DOTS;
}

/** Codes are read back digit by digit: never broken across lines. */
const UNBROKEN: ReadonlySet<LabelField> = new Set(['code', 'parentCode']);
/**
 * Runs of ASCII (numbers, dates, prices, codes) are never broken — "2026-11-2" over "5" reads as
 * another day; Chinese may break between any two characters.
 */
const TOKENS = /[\x21-\x7e¥￥]+|\s+|./gu;

/** The longest head of `text` that fits `width`, and the rest; null when not even its first word fits. */
function takeLine(text: string, width: number, measure: (t: string) => number): [string, string] | null {
  const tokens = text.trim().match(TOKENS) ?? [];
  let head = '';
  for (let i = 0; i < tokens.length; i++) {
    if (measure((head + tokens[i]).trimEnd()) > width) return head.trim() === '' ? null : [head.trimEnd(), tokens.slice(i).join('').trimStart()];
    head += tokens[i];
  }
  return [head.trimEnd(), ''];
}

/**
 * Where everything goes for the coordinate languages (TSPL, ZPL), measured in the printer's own
 * font. Labels: QR top-right, text down the left in the column beside it (with the QR's quiet
 * zone) and at full width below it; a code that does not fit the column goes below the QR; what
 * does not fit the stock sets `overflow` — it is never drawn over the QR or off the label.
 * Receipts (height grows): text at full width, the QR centred, then the barcode. `qrTop`: the
 * highest the language can put a QR (ZPL's sinks below its ^FO).
 */
export function placeLabel(content: LabelContent, template: LabelTemplate, opts: { font: NativeFont; qrEcc: 'M' | 'Q'; qrTop?: number }): Placement {
  const { font } = opts;
  const isLabel = template.kind === 'label';
  const widthDots = Math.round(template.widthMm * template.dotsPerMm);
  const labelHeight = Math.round(template.heightMm * template.dotsPerMm);
  const full = widthDots - 2 * MARGIN_DOTS;
  const qrSide = template.qrModule > 0 ? qrModules(Buffer.byteLength(content.qr, 'utf8'), opts.qrEcc) * template.qrModule : 0;
  const quiet = QR_QUIET_MODULES * template.qrModule;
  const placement: Placement = { widthDots, heightDots: 0, texts: [], overflow: false };
  if (isLabel && qrSide) placement.qr = { x: widthDots - MARGIN_DOTS - qrSide, y: Math.max(MARGIN_DOTS, opts.qrTop ?? 0), side: qrSide };
  // Text starting above this line sits beside the QR and gets the column left of its quiet zone.
  const besideUntil = placement.qr ? placement.qr.y + qrSide + quiet : 0;
  const widthAt = (y: number) => (y < besideUntil ? placement.qr!.x - quiet - MARGIN_DOTS : full);

  let y = MARGIN_DOTS;
  const emit = (line: TextLine, text: string) => {
    if (font.width(text, line.size) > widthAt(y)) placement.overflow = true;
    placement.texts.push({ ...line, text, x: MARGIN_DOTS, y });
    y += font.height(line.size) + LINE_GAP_DOTS;
  };
  for (const line of labelLines(content, template)) {
    const measure = (t: string) => font.width(t, line.size);
    if (UNBROKEN.has(line.field)) {
      let code = line.text;
      if (line.label && measure(code) > widthAt(y)) {
        emit(line, `${line.label}：`);
        code = code.slice(line.label.length + 1);
      }
      if (measure(code) > widthAt(y)) y = Math.max(y, besideUntil);
      if (measure(code) > widthAt(y)) placement.overflow = true;
      emit(line, code);
      continue;
    }
    for (let rest = line.text; rest !== '';) {
      let taken = takeLine(rest, widthAt(y), measure);
      // Its next word does not fit beside the QR: carry on below it.
      if (!taken && y < besideUntil) taken = takeLine(rest, widthAt((y = besideUntil)), measure);
      if (!taken) {
        placement.overflow = true;
        break;
      }
      emit(line, taken[0]);
      rest = taken[1];
    }
  }
  // The last line's gap is not content.
  let bottom = placement.texts.length ? y - LINE_GAP_DOTS : MARGIN_DOTS;

  const bars = code128Dots(content.code);
  if (template.barcode && bars > full) placement.overflow = true;
  if (isLabel) {
    if (template.barcode) {
      const at = Math.max(bottom + MARGIN_DOTS, besideUntil);
      placement.barcode = { x: MARGIN_DOTS, y: at, height: BARCODE_HEIGHT_DOTS };
      bottom = at + BARCODE_HEIGHT_DOTS + BARCODE_TEXT_DOTS;
    }
    placement.heightDots = labelHeight;
    if (bottom > labelHeight - MARGIN_DOTS) placement.overflow = true;
    return placement;
  }
  const gap = Math.max(2 * MARGIN_DOTS, quiet);
  if (qrSide) {
    placement.qr = { x: Math.max(0, Math.round((widthDots - qrSide) / 2)), y: Math.max(bottom + gap, opts.qrTop ?? 0), side: qrSide };
    bottom = placement.qr.y + qrSide;
  }
  if (template.barcode) {
    placement.barcode = { x: Math.max(MARGIN_DOTS, Math.round((widthDots - bars) / 2)), y: bottom + gap, height: BARCODE_HEIGHT_DOTS };
    bottom = placement.barcode.y + BARCODE_HEIGHT_DOTS + BARCODE_TEXT_DOTS;
  }
  placement.heightDots = bottom + MARGIN_DOTS;
  return placement;
}
