import { PNG } from 'pngjs';
import { getPixel, type Bitmap1 } from '../bitmap';

/** Black-on-white greyscale PNG of the raster, each dot a scale × scale square (no smoothing). */
export function rasterToPng(bitmap: Bitmap1, scale = 2): Buffer {
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);
  const width = bitmap.width * scale;
  const png = new PNG({ width, height: bitmap.height * scale, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  const data = Buffer.alloc(width * bitmap.height * scale, 0xff);
  for (let y = 0; y < bitmap.height; y++) {
    const row = Buffer.alloc(width, 0xff);
    for (let x = 0; x < bitmap.width; x++) if (getPixel(bitmap, x, y)) row.fill(0, x * scale, (x + 1) * scale);
    for (let i = 0; i < scale; i++) row.copy(data, (y * scale + i) * width);
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** The same PNG as a data: URL for an <img> in the preview. */
export function rasterToDataUrl(bitmap: Bitmap1, scale = 2): string {
  return `data:image/png;base64,${rasterToPng(bitmap, scale).toString('base64')}`;
}
