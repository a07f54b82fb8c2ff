import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrLuma, makeQrPng, makeQrY4m, pngLuma, y4mFirstFrame } from '../../fixtures/qr';
import { zxingCppRead } from '../../fixtures/zxingCpp';

/** A greyscale PNG of a luma plane, for the second decoder. */
function lumaPng(luma: Uint8ClampedArray, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  luma.forEach((v, i) => png.data.set([v, v, v, 255], i * 4));
  return PNG.sync.write(png);
}

// bwip-js's own mask for this text is one zxing-js misreads, so the fixture's mask fallback is exercised.
const TEXT = '一品一码 https://trace.example.cn/01/06901234567892/10/LOT-7?17=261231';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qr-fixture-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('QR fixtures', () => {
  it('makes a PNG that decodes back to the text, Chinese included', async () => {
    const { luma, width, height } = pngLuma(await makeQrPng(TEXT));
    expect(decodeQrLuma(luma, width, height)).toBe(TEXT);
  });

  it('makes a 640x480 y4m for the fake camera whose frames show the code (read by zxing-js and ZXing-C++)', async () => {
    const out = join(dir, 'qr.y4m');
    await makeQrY4m(TEXT, out);
    const frame = await y4mFirstFrame(out);
    expect(frame.header.startsWith('YUV4MPEG2 ')).toBe(true);
    expect(frame.header.split(' ')).toEqual(expect.arrayContaining(['W640', 'H480']));
    const y4m = await readFile(out);
    const frameBytes = 'FRAME\n'.length + (640 * 480 * 3) / 2;
    expect(frame.header.split(' ')).toEqual(expect.arrayContaining(['F15:1', 'C420jpeg']));
    expect((y4m.length - frame.header.length - 1) / frameBytes).toBe(15); // 1 s at 15 fps
    expect(y4m.subarray(frame.header.length + 1, frame.header.length + 7).toString('latin1')).toBe('FRAME\n');
    expect(y4m.subarray(-frameBytes).equals(y4m.subarray(frame.header.length + 1, frame.header.length + 1 + frameBytes))).toBe(true);
    // Studio-range luma, black 16 and white 235, and grey chroma, as ffmpeg's yuv420p.
    expect([...new Set(frame.luma)].sort((a, b) => a - b)).toEqual([16, 235]);
    const chroma = y4m.subarray(frame.header.length + 7 + 640 * 480, frame.header.length + 1 + frameBytes);
    expect(chroma.every((v) => v === 128)).toBe(true);
    expect(decodeQrLuma(frame.luma, frame.width, frame.height)).toBe(TEXT);
    expect(await zxingCppRead(lumaPng(frame.luma, frame.width, frame.height), 'QRCode')).toBe(TEXT);
  });
});
