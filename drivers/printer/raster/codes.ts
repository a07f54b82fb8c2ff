import bwipjs from 'bwip-js/node';

/** A QR symbol as a square of modules, without quiet zone: dark[y * size + x]. */
export interface QrMatrix {
  size: number;
  dark: ArrayLike<number>;
}

/**
 * The module matrix itself (bwip-js `raw`), not a picture of it: the caller places every module
 * on whole dots, so nothing is resampled or anti-aliased. Model 2, ECC M, text as UTF-8 without an
 * ECI header (what phone cameras assume), digit runs in numeric mode.
 */
export function qrMatrix(text: string): QrMatrix {
  // Options as a BWIPP string: bwip-js's typed options leave out eclevel.
  const [sym] = bwipjs.raw('qrcode', text, 'eclevel=M');
  if (!sym || !('pixs' in sym) || sym.pixx !== sym.pixy) throw new Error('bwip-js returned no QR matrix');
  return { size: sym.pixx, dark: sym.pixs };
}

/** Code 128 as alternating bar/space widths in modules, bar first (bwip-js picks subsets: all-digit codes use C). */
export function code128Widths(text: string): number[] {
  const [sym] = bwipjs.raw({ bcid: 'code128', text });
  if (!sym || !('sbs' in sym)) throw new Error('bwip-js returned no Code 128 bars');
  return sym.sbs;
}
