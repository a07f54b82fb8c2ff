/** Raster test support: a realistic label, and zxing-js (the station's camera); ZXing-C++ is in test/fixtures/zxingCpp.ts. */
import { BinaryBitmap, Code128Reader, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { createBitmap, getPixel, setPixel, type Bitmap1 } from '../../../drivers/printer/bitmap';
import { groupedCode, type LabelContent } from '../../../shared/domain/label';

/** 86 base64url characters: the length of an Ed25519 signature. */
export const signature = (seed: number) => Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + seed * 101) & 0xff)).toString('base64url');

/** A split child's label, its QR in the docs/label-payload.md format (~220 UTF-8 bytes). */
export function sampleContent(overrides: Partial<LabelContent> = {}): LabelContent {
  const c = {
    code: '3050102000000000017',
    parentCode: '(01)06901234567892(10)A1',
    product: '白菜',
    quantity: '2.350 公斤',
    date: '2026-11-25',
    issuer: '鲤城农贸市场 2号摊',
    ...overrides,
  };
  const qr = ['一品一码 YP1', `码 ${c.code}`, `父 ${c.parentCode}`, `量 ${c.quantity}`, `日 ${c.date}`, `发 ${c.issuer}`, `签 ${signature(1)}`].join('\n');
  // Receipt lines follow the issuer and the code unless the test sets them.
  return { qr, title: c.issuer, time: `${c.date} 10:12`, codeGrouped: groupedCode(c.code), ...c };
}

/** A split child's label as printed since issue 19: the query URL in the QR, 产地, 检测 and the page under the QR. */
export function urlContent(overrides: Partial<LabelContent> = {}): LabelContent {
  const c = {
    code: '3050102000000000017',
    parentCode: '3050102000000000009',
    product: '白菜',
    quantity: '2.350 公斤',
    date: '2026-11-25',
    issuer: '鲤城农贸市场 收货台',
    stall: '5号摊 陈记蔬菜',
    area: '寿光市农业农村局',
    test: '合格',
    lookup: 'trace.example.gov.cn/q',
    ...overrides,
  };
  const qr = `https://trace.example.gov.cn/q?c=${c.code}&s=${signature(1)}`;
  return { qr, title: `${c.issuer} ${c.stall}`, time: `${c.date} 10:12`, codeGrouped: groupedCode(c.code), origin: '寿光蔬菜合作社', ...c };
}

export function crop(bm: Bitmap1, x0: number, y0: number, width: number, height: number): Bitmap1 {
  const out = createBitmap(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) setPixel(out, x, y, getPixel(bm, x0 + x, y0 + y));
  return out;
}

/** The bitmap as zxing's luminance: black dot 0, white 255. */
function binaryBitmap(bm: Bitmap1): BinaryBitmap {
  const luma = new Uint8ClampedArray(bm.width * bm.height);
  for (let y = 0; y < bm.height; y++) for (let x = 0; x < bm.width; x++) luma[y * bm.width + x] = getPixel(bm, x, y) ? 0 : 255;
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, bm.width, bm.height)));
}

const tryHarder = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
const pure = new Map<DecodeHintType, unknown>([[DecodeHintType.PURE_BARCODE, true]]);

/**
 * zxing-js's reading of the QR in the raster, or undefined. Hints only work passed to decode().
 * `pureBarcode`: the image is exactly one QR with its quiet zone, so zxing's finder-pattern search
 * (the part that misses some perfectly sharp symbols) is skipped.
 */
export function zxingQr(bm: Bitmap1, pureBarcode = false): string | undefined {
  try {
    return new QRCodeReader().decode(binaryBitmap(bm), pureBarcode ? pure : tryHarder).getText();
  } catch {
    return undefined;
  }
}

export function zxingCode128(bm: Bitmap1): string | undefined {
  try {
    return new Code128Reader().decode(binaryBitmap(bm), tryHarder).getText();
  } catch {
    return undefined;
  }
}
