import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import { qrSegments } from './qrSegments';
// node-qrcode's Reed–Solomon steps without their garbage (qrReedSolomon.ts), before the first symbol.
import './qrReedSolomon';

/** A QR symbol as a square of modules, without quiet zone: dark[y * size + x]. */
export interface QrMatrix {
  size: number;
  dark: ArrayLike<number>;
}

/**
 * The module matrix itself, not a picture of it: the caller places every module on whole dots, so
 * nothing is resampled or anti-aliased. Model 2, ECC M, text as UTF-8 without an ECI header (what
 * phone cameras assume), digit runs in numeric mode; never Kanji mode (it needs Shift JIS).
 * node-qrcode rather than bwip-js: the same symbol for a label payload in a twelfth of the time
 * (npm run bench, label raster), which is most of a raster label's cost; the segments are chosen
 * here (qrSegments.ts), which halves that again.
 */
export function qrMatrix(text: string): QrMatrix {
  if (text === '') throw new RangeError('a QR code needs some text');
  const { modules } = QRCode.create(qrSegments(text), { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: modules.data };
}

/** Code 128 as alternating bar/space widths in modules, bar first (bwip-js picks subsets: all-digit codes use C). */
export function code128Widths(text: string): number[] {
  const [sym] = bwipjs.raw({ bcid: 'code128', text });
  if (!sym || !('sbs' in sym)) throw new Error('bwip-js returned no Code 128 bars');
  return sym.sbs;
}
