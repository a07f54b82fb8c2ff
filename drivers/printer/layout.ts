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
}

/** '品名：白菜' when the template labels the line; optional fields that are absent are skipped. */
export function labelLines(content: LabelContent, template: LabelTemplate): TextLine[] {
  const lines: TextLine[] = [];
  for (const line of template.lines) {
    const value = content[line.field];
    if (!value) continue;
    const oneLine = value.replace(/[\r\n]+/g, ' ');
    lines.push({ field: line.field, text: line.label ? `${line.label}：${oneLine}` : oneLine, size: line.size, bold: !!line.bold });
  }
  return lines;
}

// Byte-mode capacity of QR model 2 versions 1–40 (ISO/IEC 18004 table 7), per ECC level.
const QR_BYTES = {
  M: [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331],
  Q: [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482, 509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663],
} as const;

/** Modules per side of the smallest QR holding `byteLength` bytes; throws past version 40. */
export function qrModules(byteLength: number, ecc: 'M' | 'Q'): number {
  const version = QR_BYTES[ecc].findIndex((cap) => cap >= byteLength) + 1;
  if (version === 0) throw new Error(`QR payload of ${byteLength} bytes does not fit in a QR code at ECC ${ecc}`);
  return 17 + 4 * version;
}

export interface Placed extends TextLine {
  x: number;
  y: number;
}

export interface Placement {
  widthDots: number;
  heightDots: number;
  texts: Placed[];
  qr?: { x: number; y: number };
  barcode?: { x: number; y: number; height: number };
}

export const MARGIN_DOTS = 8;
export const BARCODE_HEIGHT_DOTS = 48;

/**
 * Labels: text down the left, QR top-right. Receipts (height grows): text, then the QR centred,
 * then the barcode. `fontHeight` maps a template size to the dots the printer's font really takes.
 */
export function placeLabel(
  content: LabelContent,
  template: LabelTemplate,
  opts: { fontHeight: (size: number) => number; qrEcc: 'M' | 'Q' },
): Placement {
  const widthDots = Math.round(template.widthMm * template.dotsPerMm);
  const qrSide = template.qrModule > 0 ? qrModules(Buffer.byteLength(content.qr, 'utf8'), opts.qrEcc) * template.qrModule : 0;
  let y = MARGIN_DOTS;
  const texts = labelLines(content, template).map((line) => {
    const placed = { ...line, x: MARGIN_DOTS, y };
    y += opts.fontHeight(line.size) + 4;
    return placed;
  });
  const placement: Placement = { widthDots, heightDots: 0, texts };
  if (template.kind === 'label') {
    if (qrSide) placement.qr = { x: Math.max(MARGIN_DOTS, widthDots - MARGIN_DOTS - qrSide), y: MARGIN_DOTS };
    if (template.barcode) placement.barcode = { x: MARGIN_DOTS, y, height: BARCODE_HEIGHT_DOTS };
    placement.heightDots = Math.round(template.heightMm * template.dotsPerMm);
    return placement;
  }
  if (qrSide) {
    placement.qr = { x: Math.max(0, Math.round((widthDots - qrSide) / 2)), y: y + MARGIN_DOTS };
    y += qrSide + 2 * MARGIN_DOTS;
  }
  if (template.barcode) {
    placement.barcode = { x: MARGIN_DOTS, y, height: BARCODE_HEIGHT_DOTS };
    y += BARCODE_HEIGHT_DOTS + 32; // room for the human-readable line under the bars
  }
  placement.heightDots = y + MARGIN_DOTS;
  return placement;
}
