import { BinaryBitmap, HybridBinarizer, NotFoundException, RGBLuminanceSource } from '@zxing/library';
import { toBuffer } from 'bwip-js/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameReader, cameraText } from '../../../renderer/src/scan/CameraScanner';
import { makeQrPng, pngLuma } from '../../fixtures/qr';

const GS = '\u001d';

async function bitmapOf(png: Buffer): Promise<BinaryBitmap> {
  const { luma, width, height } = pngLuma(png);
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, width, height)));
}

const symbol = (bcid: string, text: string) => toBuffer({ bcid, text, scale: 3, height: 12, padding: 10, backgroundcolor: 'FFFFFF', parsefnc: true });

afterEach(() => {
  vi.restoreAllMocks();
});

// The camera's decoder, run on clean images of each format the station reads.
describe('FrameReader', () => {
  it('reads a QR code with Chinese text', async () => {
    const text = '一品一码 批次 LOT-7';
    expect(new FrameReader().decode(await bitmapOf(await makeQrPng(text))).getText()).toBe(text);
  });

  it('reads GS1 Data Matrix and GS1-128 as a wedge with symbology identifiers sends them', async () => {
    const reader = new FrameReader();
    const dm = reader.decode(await bitmapOf(await symbol('gs1datamatrix', '(01)06901234567892(10)LOT7(17)261231')));
    expect(dm.getText()).toBe(`${GS}010690123456789210LOT7${GS}17261231`);
    expect(cameraText(dm)).toBe(`]d2010690123456789210LOT7${GS}17261231`);
    const c128 = reader.decode(await bitmapOf(await symbol('gs1-128', '(01)06901234567892(10)LOT7(17)261231')));
    expect(cameraText(c128)).toBe(`]C1010690123456789210LOT7${GS}17261231`);
    const plain = reader.decode(await bitmapOf(await symbol('datamatrix', 'LOT7')));
    expect(cameraText(plain)).toBe('LOT7');
  });

  it('reads EAN-13 and plain Code 128', async () => {
    const reader = new FrameReader();
    expect(reader.decode(await bitmapOf(await symbol('ean13', '6901234567892'))).getText()).toBe('6901234567892');
    expect(reader.decode(await bitmapOf(await symbol('code128', 'ABC-123')))).toMatchObject({ text: 'ABC-123' });
  });

  it('reports a frame without a code as NotFoundException, without logging', async () => {
    const warn = vi.spyOn(console, 'warn');
    const blank = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(new Uint8ClampedArray(640 * 480).fill(200), 640, 480)));
    expect(() => new FrameReader().decode(blank)).toThrow(NotFoundException);
    expect(warn).not.toHaveBeenCalled();
  });
});
