import type { LabelContent, LabelField, LabelTemplate } from '../../../shared/domain/label';
import { createBitmap, type Bitmap1 } from '../bitmap';
import { fillRect } from './bits';
import { code128Widths, qrMatrix, type QrMatrix } from './codes';
import { drawLine } from './lineInk';
import { baselineOffset, CODE_FONT_FAMILY, DEFAULT_FONT_FAMILY, fitLine, fitSize, lineAdvance, lineHeight, measure, takeLine, type TextStyle } from './text';

export interface RasterOptions {
  /** CSS font-family lists for text and for codes; default: the bundled fonts. */
  fontFamily?: string;
  codeFontFamily?: string;
}

/** The print head is narrower than the paper: 58 mm rolls print 48 mm, 80 mm rolls 72 mm. */
const RECEIPT_PRINTABLE_MM: Record<number, number> = { 58: 48, 80: 72 };
const QR_QUIET_MODULES = 4;
const BAR_QUIET_MODULES = 10;
/** 3 dots = 0.375 mm at 203 dpi: wider bars gain nothing with handheld scanners. */
const BAR_MAX_MODULE = 3;
/** Below ~1.5 mm Chinese glyphs blur on a thermal head: text never shrinks under 12 dots. */
const MIN_TEXT = 12;
/**
 * Regular-weight stems are under one dot wide at 12–16 dots; one that straddles two dots covers
 * neither by half, so the 50 % threshold dropped it (市 printed as 亏). A 0.35-dot outline keeps
 * every stem without filling in dense glyphs like 螺. Only the regular weight is bundled (a bold
 * face would add 10 MB): bold lines get a 1.2-dot outline instead.
 */
const EMBOLDEN = 0.35;
const BOLD_OUTLINE = 1.2;
/** When a fixed-size label overflows, every line shrinks by these factors in turn. */
const SHRINK_STEPS = [1, 0.9, 0.8, 0.7, 0.6];
/**
 * Codes are never wrapped or cut: they shrink, or move below the QR where the line is wider.
 * Other lines wrap on a receipt; on a fixed-size label each stays one line (shrunk, then cut with …).
 */
const CODE_FIELDS: ReadonlySet<LabelField> = new Set(['code', 'parentCode']);

export interface TextOp {
  text: string;
  x: number;
  baseline: number;
  style: TextStyle;
}

export interface Layout {
  width: number;
  height: number;
  text: TextOp[];
  /** Where the last text line ends: the canvas needs no more rows. */
  textBottom: number;
  bars?: { x: number; y: number; height: number; module: number; widths: number[] };
  qr?: { x: number; y: number; module: number; matrix: QrMatrix };
}

/**
 * Renders a label or receipt to the 1-bit raster that is both printed (printers without Chinese
 * fonts) and shown as the preview. Codes are drawn dot by dot into the bits; only text goes through
 * the canvas and a 50 % threshold. Throws a RangeError rather than print content that cannot fit.
 */
export function renderLabelRaster(content: LabelContent, template: LabelTemplate, options: RasterOptions = {}): Bitmap1 {
  const layout = layOut(content, template, { text: options.fontFamily ?? DEFAULT_FONT_FAMILY, code: options.codeFontFamily ?? CODE_FONT_FAMILY });
  const bm = createBitmap(layout.width, layout.height);

  const textHeight = Math.min(layout.height, layout.textBottom);
  for (const op of layout.text) drawLine(bm, op.text, op.x, op.baseline, op.style, op.style.bold ? BOLD_OUTLINE : EMBOLDEN, textHeight);

  if (layout.bars) {
    const { x, y, height, module, widths } = layout.bars;
    let at = x;
    widths.forEach((w, i) => {
      if (i % 2 === 0) fillRect(bm, at, y, w * module, height, true);
      at += w * module;
    });
  }

  if (layout.qr) {
    const { x, y, module, matrix } = layout.qr;
    const side = (matrix.size + 2 * QR_QUIET_MODULES) * module;
    // Clear the quiet zone: a glyph's overhang must never touch the symbol.
    fillRect(bm, x, y, side, side, false);
    const origin = QR_QUIET_MODULES * module;
    // Each run of dark modules in a row is one rectangle.
    for (let r = 0; r < matrix.size; r++) {
      for (let c = 0; c < matrix.size;) {
        if (!matrix.dark[r * matrix.size + c]) {
          c++;
          continue;
        }
        const start = c;
        while (c < matrix.size && matrix.dark[r * matrix.size + c]) c++;
        fillRect(bm, x + origin + start * module, y + origin + r * module, (c - start) * module, module, true);
      }
    }
  }
  return bm;
}

export interface Families {
  text: string;
  code: string;
}

/** Where each line, code and QR goes; exported for tests that measure the lines. */
export function layOut(content: LabelContent, template: LabelTemplate, family: Families = { text: DEFAULT_FONT_FAMILY, code: CODE_FONT_FAMILY }): Layout {
  const isLabel = template.kind === 'label';
  const width = isLabel ? template.widthMm * template.dotsPerMm : receiptWidth(template);
  const matrix = template.qrModule > 0 ? qrMatrix(content.qr) : undefined;
  const qrSide = matrix ? (matrix.size + 2 * QR_QUIET_MODULES) * template.qrModule : 0;
  if (qrSide > width || (isLabel && qrSide > template.heightMm * template.dotsPerMm)) {
    throw new RangeError(`QR of ${matrix?.size} modules at ${template.qrModule} dots does not fit ${template.name}`);
  }
  if (!isLabel) return flow(content, template, family, width, 1, matrix);

  const height = template.heightMm * template.dotsPerMm;
  for (const k of SHRINK_STEPS) {
    const layout = flow(content, template, family, width, k, matrix);
    if (layout.height <= height) return { ...layout, height };
  }
  throw new RangeError(`content does not fit ${template.name} even at ${SHRINK_STEPS.at(-1)} scale`);
}

function receiptWidth(template: LabelTemplate): number {
  const mm = RECEIPT_PRINTABLE_MM[template.widthMm];
  if (mm === undefined) throw new RangeError(`unknown receipt paper width ${template.widthMm} mm`);
  return mm * template.dotsPerMm;
}

/**
 * Lays lines top to bottom at scale `k`. On a label the QR sits top-right (its quiet zone flush with
 * the edges) and lines beside it get the narrower column; lines below it get the full width. On a
 * receipt the barcode and then the QR, centred, follow the text. The returned height is the content's.
 */
function flow(content: LabelContent, template: LabelTemplate, family: Families, width: number, k: number, matrix?: QrMatrix): Layout {
  const isLabel = template.kind === 'label';
  const margin = isLabel ? template.dotsPerMm : 0;
  const qrSide = matrix ? (matrix.size + 2 * QR_QUIET_MODULES) * template.qrModule : 0;
  const qrBesideText = isLabel && matrix !== undefined;
  const qrBottom = qrBesideText ? qrSide : 0;
  // The dots left of the QR at height y (all of them below it); text also keeps its margins.
  const bandAt = (y: number) => (y < qrBottom ? width - qrSide : width);
  const widthAt = (y: number) => bandAt(y) - 2 * margin;

  const text: TextOp[] = [];
  let y = margin;
  // Where text or bars end: the last line's leading is not content.
  let bottom = 0;
  const emit = (line: string, style: TextStyle) => {
    text.push({ text: line, x: margin, baseline: y + baselineOffset(style.size), style });
    bottom = y + lineHeight(style.size);
    y += lineAdvance(style.size);
  };
  const emitWrapped = (line: string, style: TextStyle) => {
    for (let rest = line; rest !== '';) {
      const [head, tail] = takeLine(rest, style, widthAt(y));
      emit(head, style);
      rest = tail;
    }
  };

  for (const line of template.lines) {
    const value = content[line.field];
    if (!value) continue;
    const isCode = CODE_FIELDS.has(line.field);
    const size = Math.max(Math.min(line.size, MIN_TEXT), Math.round(line.size * k));
    const style: TextStyle = { size, bold: line.bold ?? false, family: isCode ? family.code : family.text };
    const whole = line.label ? `${line.label}：${value}` : value;
    if (isCode && measure(whole, style) > widthAt(y)) {
      if (line.label) emitWrapped(`${line.label}：`, { ...style, family: family.text });
      let fit = fitSize(value, style, widthAt(y), MIN_TEXT);
      if (fit === undefined && y < qrBottom) {
        y = qrBottom;
        fit = fitSize(value, style, widthAt(y), MIN_TEXT);
      }
      if (fit === undefined) throw new RangeError(`code ${value} does not fit ${template.name}`);
      emit(value, { ...style, size: fit });
    } else if (isLabel && !isCode) {
      const fitted = fitLine(whole, style, widthAt(y), MIN_TEXT);
      emit(fitted.text, fitted.style);
    } else {
      emitWrapped(whole, style);
    }
  }

  const textBottom = y;

  let bars: Layout['bars'];
  if (template.barcode) {
    const widths = code128Widths(content.code);
    const modules = widths.reduce((a, b) => a + b, 0);
    y += template.dotsPerMm;
    const module = Math.min(BAR_MAX_MODULE, Math.floor(bandAt(y) / (modules + 2 * BAR_QUIET_MODULES)));
    if (module < 1) throw new RangeError(`Code 128 of ${content.code} does not fit ${template.name}`);
    const height = 8 * template.dotsPerMm;
    bars = { x: Math.floor((bandAt(y) - modules * module) / 2), y, height, module, widths };
    bottom = y + height;
    y = bottom + template.dotsPerMm;
  }

  let qr: Layout['qr'];
  if (matrix) {
    const x = qrBesideText ? width - qrSide : Math.floor((width - qrSide) / 2);
    qr = { x, y: qrBesideText ? 0 : y, module: template.qrModule, matrix };
  }
  // The QR's own quiet zone is its margin.
  const height = Math.max(bottom + margin, qr ? qr.y + qrSide : 0);
  return { width, height, text, textBottom, bars, qr };
}
