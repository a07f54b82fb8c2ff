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

/** ORs canvas RGBA (black ink on transparent) into the top rows: coverage ≥ 50 % is a dot, no dithering. */
export function inkToBits(bm: Bitmap1, rgba: Uint8ClampedArray, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const base = y * bm.bytesPerRow;
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3] >= 128) bm.bits[base + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
}
