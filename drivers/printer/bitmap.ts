/**
 * A 1-bit image as every printer encoder takes it: rows of `bytesPerRow` bytes, MSB = leftmost
 * dot, 1 = black (ESC/POS GS v 0 and ZPL ^GF order; TSPL inverts it on the way out). Bits past
 * `width` in the last byte of a row are padding and print as white.
 */
export interface Bitmap1 {
  width: number;
  height: number;
  bytesPerRow: number;
  bits: Uint8Array;
}

export function createBitmap(width: number, height: number): Bitmap1 {
  const bytesPerRow = Math.ceil(width / 8);
  return { width, height, bytesPerRow, bits: new Uint8Array(bytesPerRow * height) };
}

export function getPixel(bm: Bitmap1, x: number, y: number): boolean {
  return (bm.bits[y * bm.bytesPerRow + (x >> 3)] & (0x80 >> (x & 7))) !== 0;
}

export function setPixel(bm: Bitmap1, x: number, y: number, black: boolean): void {
  const i = y * bm.bytesPerRow + (x >> 3);
  const mask = 0x80 >> (x & 7);
  bm.bits[i] = black ? bm.bits[i] | mask : bm.bits[i] & ~mask;
}

/**
 * The rows packed to `ceil(width / 8)` bytes with padding bits forced white, so a renderer's
 * wider rows or stray padding never print. `invert` gives TSPL's polarity (1 = no dot), where the
 * padding must then be 1s.
 */
export function packRows(bm: Bitmap1, invert = false): { bytesPerRow: number; data: Uint8Array } {
  const bytesPerRow = Math.ceil(bm.width / 8);
  const data = new Uint8Array(bytesPerRow * bm.height);
  const spare = bytesPerRow * 8 - bm.width;
  const lastMask = (0xff << spare) & 0xff;
  for (let y = 0; y < bm.height; y++) {
    for (let b = 0; b < bytesPerRow; b++) {
      let v = bm.bits[y * bm.bytesPerRow + b];
      if (b === bytesPerRow - 1) v &= lastMask;
      data[y * bytesPerRow + b] = invert ? ~v & 0xff : v;
    }
  }
  return { bytesPerRow, data };
}
