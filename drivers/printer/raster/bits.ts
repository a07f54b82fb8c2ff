import type { Bitmap1 } from '../bitmap';

/** Sets (black) or clears (white) a rectangle of dots; codes go through here so no edge is ever grey. */
export function fillRect(bm: Bitmap1, x: number, y: number, w: number, h: number, black: boolean): void {
  const x1 = Math.min(bm.width, x + w);
  const y1 = Math.min(bm.height, y + h);
  for (let row = Math.max(0, y); row < y1; row++) {
    const base = row * bm.bytesPerRow;
    for (let col = Math.max(0, x); col < x1; col++) {
      const mask = 0x80 >> (col & 7);
      if (black) bm.bits[base + (col >> 3)] |= mask;
      else bm.bits[base + (col >> 3)] &= ~mask;
    }
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
