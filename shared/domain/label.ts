/**
 * What a printed label or receipt says, independent of the printer language. Every driver
 * (ESC/POS, TSPL, ZPL, raster) renders the same LabelContent through the same LabelTemplate, so
 * the preview, the native commands and the raster fallback cannot drift apart.
 */
export interface LabelContent {
  /** The child (or source) trace code, numeric: printed as text, Code 128 and inside the QR. */
  code: string;
  /** Parent lot's code, when the lot came from a split. */
  parentCode?: string;
  /** Variety name, e.g. 白菜 (Chinese: needs GB18030/GBK bytes or raster). */
  product: string;
  /** Quantity as sold, in the unit the seller weighed in: '2.350 公斤', '4.70 斤', '3 件'. */
  quantity: string;
  /** Issue day YYYY-MM-DD. */
  date: string;
  /** Issuer: the issuing station's name (market or desk). */
  issuer: string;
  /** 摊位: the stall selling the lot, when the gate assigned one (split children inherit it). */
  stall?: string;
  /** Supplier line (receipts: 来源). */
  origin?: string;
  /** 产地: the issuer of the lot's origin exit voucher or quarantine certificate (shared/domain/labelFacts.ts). */
  area?: string;
  /** 检测: 合格 / 不合格 / 待检 / 未抽检, as the lot's tests stand when the label prints. */
  test?: string;
  /** The query page as printed under the QR (labelUrlShortForm): for a buyer who types it in later. */
  lookup?: string;
  /** Buyer line on receipts. */
  buyer?: string;
  /** Price line, e.g. '¥12.50' (¥ is outside GBK: drivers must encode it correctly or substitute). */
  price?: string;
  /** Receipt heading: the market (station name) and the selling stall. */
  title?: string;
  /** When the code was issued (the sale, or the entry for a crate label): 'YYYY-MM-DD HH:mm'. */
  time?: string;
  /** The code as the screen shows it, in groups (groupedCode), for people to read back. */
  codeGrouped?: string;
  /** The QR: the label URL (docs/label-payload.md); labels queued before URLs carry the YP1 text. */
  qr: string;
}

export type LabelField = 'title' | 'product' | 'quantity' | 'date' | 'time' | 'issuer' | 'stall' | 'origin' | 'area' | 'test' | 'parentCode' | 'buyer' | 'price' | 'code' | 'codeGrouped' | 'lookup';

const OWN_CODE = /^(\d{7})(\d{12})$/;

/**
 * An own 19-digit code as people read it back: station id, then fours —
 * `3050102 0000 0000 0017`. Other codes (GS1 bracketed, opaque) stay as they are.
 */
export function groupedCode(code: string): string {
  const m = OWN_CODE.exec(code);
  return m ? `${m[1]} ${m[2]!.replace(/(\d{4})(?=\d)/g, '$1 ')}` : code;
}

export interface LabelTemplate {
  id: string;
  /** Chinese name shown in the template picker. */
  name: string;
  kind: 'label' | 'receipt';
  /** Label stock: width × height in mm (receipt: paper width; height grows with content). */
  widthMm: number;
  heightMm: number;
  /** Gap between labels in mm (TSPL GAP). */
  gapMm: number;
  /** Print density in dots per mm (203 dpi = 8). */
  dotsPerMm: number;
  /** Text lines in order, each with a size in dots (cap height ~ font size). */
  lines: { field: LabelField; size: number; bold?: boolean; label?: string }[];
  /** QR module size in dots; 0 = no QR. */
  qrModule: number;
  /** Print a Code 128 of the code under the text. */
  barcode: boolean;
}

export const LABEL_40x30: LabelTemplate = {
  id: 'label-40x30',
  name: '标签 40×30 mm',
  kind: 'label',
  widthMm: 40,
  heightMm: 30,
  gapMm: 2,
  dotsPerMm: 8,
  lines: [
    { field: 'product', size: 24, bold: true },
    { field: 'quantity', size: 20 },
    { field: 'date', size: 16 },
    { field: 'stall', size: 16 },
    { field: 'issuer', size: 16 },
    { field: 'area', size: 16, label: '产地' },
    { field: 'test', size: 16, label: '检测' },
    { field: 'code', size: 16 },
    { field: 'lookup', size: 12, label: '查询' },
  ],
  qrModule: 3,
  barcode: false,
};

export const RECEIPT_58: LabelTemplate = {
  id: 'receipt-58',
  name: '小票 58 mm',
  kind: 'receipt',
  widthMm: 58,
  heightMm: 0,
  gapMm: 0,
  dotsPerMm: 8,
  // The buyer's receipt: who sold it (market and stall), what, how much, when, and the code to read back.
  lines: [
    { field: 'title', size: 24, bold: true },
    { field: 'product', size: 24, label: '品名' },
    { field: 'quantity', size: 24, label: '数量' },
    { field: 'price', size: 24, label: '金额' },
    { field: 'buyer', size: 20, label: '购买方' },
    { field: 'origin', size: 20, label: '来源' },
    { field: 'area', size: 20, label: '产地' },
    { field: 'test', size: 20, label: '检测' },
    { field: 'parentCode', size: 20, label: '原批次' },
    { field: 'time', size: 20, label: '时间' },
    { field: 'codeGrouped', size: 24, label: '追溯码' },
    { field: 'lookup', size: 20, label: '查询' },
  ],
  qrModule: 5,
  barcode: true,
};

export const RECEIPT_80: LabelTemplate = { ...RECEIPT_58, id: 'receipt-80', name: '小票 80 mm', widthMm: 80, qrModule: 6 };

export const DEFAULT_TEMPLATES: readonly LabelTemplate[] = [LABEL_40x30, RECEIPT_58, RECEIPT_80];
