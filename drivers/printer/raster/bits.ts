import type { Bitmap1 } from '../bitmap';

/** Sets (black) or clears (white) a rectangle of dots; codes go through here so no edge is ever grey. Whole bytes at a time. */
export function fillRect(bm: Bitmap1, x: number, y: number, w: number, h: number, black: boolean): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(bm.width, x + w);
  const y1 = Math.min(bm.height, y + h);
  if (x1 <= x0) return;
  const first = x0 >> 3;
  const last = (x1 - 1) >> 3;
  // The dots of the first and last byte inside [x0, x1).
  const headMask = 0xff >> (x0 & 7);
  const tailMask = (0xff << (7 - ((x1 - 1) & 7))) & 0xff;
  const { bits, bytesPerRow } = bm;
  for (let row = Math.max(0, y); row < y1; row++) {
    const base = row * bytesPerRow;
    if (first === last) {
      const mask = headMask & tailMask;
      bits[base + first] = black ? bits[base + first] | mask : bits[base + first] & ~mask;
      continue;
    }
    bits[base + first] = black ? bits[base + first] | headMask : bits[base + first] & ~headMask;
    bits.fill(black ? 0xff : 0, base + first + 1, base + last);
    bits[base + last] = black ? bits[base + last] | tailMask : bits[base + last] & ~tailMask;
  }
}

/**
 * ORs canvas RGBA (black ink on transparent) into the top rows: coverage ≥ 50 % is a dot, no dithering.
 * Reads each pixel as one 32-bit word (alpha is the top byte on little-endian machines, the bottom
 * one on big-endian) and writes each byte of dots once.
 */
export function inkToBits(bm: Bitmap1, rgba: Uint8ClampedArray, width: number, height: number): void {
  const px = rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, width * height) : new Uint32Array(rgba.slice(0, width * height * 4).buffer);
  const alphaShift = LITTLE_ENDIAN ? 24 : 0;
  const { bits, bytesPerRow } = bm;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const base = y * bytesPerRow;
    for (let x0 = 0; x0 < width; x0 += 8) {
      const end = Math.min(width, x0 + 8);
      let byte = 0;
      for (let x = x0; x < end; x++) if (((px[row + x] >>> alphaShift) & 0xff) >= 128) byte |= 0x80 >> (x - x0);
      if (byte !== 0) bits[base + (x0 >> 3)] |= byte;
    }
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
