import type { LabelContent, LabelTemplate } from '../../../shared/domain/label';
import { LABEL_40x30 } from '../../../shared/domain/label';
import { createBitmap, setPixel, type Bitmap1 } from '../../../drivers/printer/bitmap';

/** A signed payload shaped like docs/label-payload.md: Chinese keys, line breaks, base64url signature. */
const payload = (code: string, qty: string) => `一品一码 YP1\n码 ${code}\n父 31020000000000017\n量 ${qty}\n日 2025-03-14\n发 沪·曹杨菜场 "东3号"\n签 Zm9v-YmFy_ZXhhbXBsZS1zaWduYXR1cmUtYmFzZTY0dXJs`;

export const CABBAGE: LabelContent = {
  code: '31020000000000024',
  parentCode: '31020000000000017',
  product: '白菜',
  quantity: '2.350 公斤',
  date: '2025-03-14',
  issuer: '沪·曹杨菜场 "东3号"',
  origin: '山东寿光',
  buyer: '王记饭店',
  price: '¥12.50',
  title: '沪·曹杨菜场 "东3号"',
  time: '2025-03-14 09:41',
  codeGrouped: '31020000000000024',
  qr: payload('31020000000000024', '2.350 公斤'),
};

export const PORK: LabelContent = {
  code: '3102000000000003',
  product: '猪肉 里脊',
  quantity: '3 件',
  date: '2025-03-14',
  issuer: '曹杨菜场',
  price: '¥88.00',
  title: '曹杨菜场 肉摊',
  time: '2025-03-14 10:02',
  codeGrouped: '3102000000000003',
  qr: payload('3102000000000003', '3 件'),
};

/** The 40×30 label with a price line and a barcode, so native label jobs carry ¥ and Code 128 too. */
export const LABEL_WITH_PRICE: LabelTemplate = {
  ...LABEL_40x30,
  id: 'label-40x30-price',
  lines: [...LABEL_40x30.lines, { field: 'price', size: 16 }],
  barcode: true,
};

/** 16×8: a border, a diagonal and one lone dot, so any shift, flip or inversion shows. */
export function pattern16x8(): Bitmap1 {
  const bm = createBitmap(16, 8);
  for (let x = 0; x < 16; x++) {
    setPixel(bm, x, 0, true);
    setPixel(bm, x, 7, true);
  }
  for (let y = 0; y < 8; y++) {
    setPixel(bm, 0, y, true);
    setPixel(bm, 15, y, true);
    setPixel(bm, 2 * y, y, true);
  }
  setPixel(bm, 9, 3, true);
  return bm;
}

/** Deterministic noise of any size, for band and padding tests. */
export function noise(width: number, height: number, bytesPerRow = Math.ceil(width / 8)): Bitmap1 {
  const bits = new Uint8Array(bytesPerRow * height);
  let s = 12345;
  for (let i = 0; i < bits.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    bits[i] = s >> 16;
  }
  return { width, height, bytesPerRow, bits };
}

/** Bitmap1 with padding bits (past `width`) cleared, for comparing with what a printer gets. */
export function visible(bm: Bitmap1): number[][] {
  return Array.from({ length: bm.height }, (_, y) => Array.from({ length: bm.width }, (_, x) => (bm.bits[y * bm.bytesPerRow + (x >> 3)] >> (7 - (x & 7))) & 1));
}
