import { describe, expect, it } from 'vitest';
import { createBitmap, getPixel, setPixel, type Bitmap1 } from '../../../drivers/printer/bitmap';
import { fillRect, inkToBits } from '../../../drivers/printer/raster/bits';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 16) % n;
  };
}

function noise(width: number, height: number, r: (n: number) => number): Bitmap1 {
  const bm = createBitmap(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) setPixel(bm, x, y, r(2) === 1);
  return bm;
}

describe('raster bits', () => {
  it('fillRect sets or clears exactly the dots of the rectangle inside the bitmap, whole bytes or not', () => {
    const r = random(7);
    for (let i = 0; i < 300; i++) {
      const bm = noise(37, 9, r);
      const before = createBitmap(37, 9);
      before.bits.set(bm.bits);
      const [x, y, w, h, black] = [r(50) - 8, r(14) - 3, r(30), r(8), r(2) === 1];
      fillRect(bm, x, y, w, h, black);
      for (let py = 0; py < 9; py++)
        for (let px = 0; px < 37; px++) {
          const inside = px >= x && px < x + w && py >= y && py < y + h;
          expect(getPixel(bm, px, py), `(${px}, ${py}) after ${[x, y, w, h, black]}`).toBe(inside ? black : getPixel(before, px, py));
        }
    }
  });

  it('inkToBits turns alpha ≥ 128 into a dot and keeps the dots already there', () => {
    const r = random(11);
    const [width, height] = [29, 5];
    const bm = noise(width, height, r);
    const before = createBitmap(width, height);
    before.bits.set(bm.bits);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba[i * 4 + 3] = [0, 127, 128, 255, r(256)][r(5)];
    inkToBits(bm, rgba, width, height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) expect(getPixel(bm, x, y)).toBe(getPixel(before, x, y) || rgba[(y * width + x) * 4 + 3] >= 128);
  });
});
