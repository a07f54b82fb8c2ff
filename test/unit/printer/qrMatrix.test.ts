import bwipjs from 'bwip-js/node';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBitmap, setPixel, type Bitmap1 } from '../../../drivers/printer/bitmap';
import { qrMatrix } from '../../../drivers/printer/raster/codes';
import { qrSegments } from '../../../drivers/printer/raster/qrSegments';
import QRCode from 'qrcode';
import { signedText, withSignature } from '../../../shared/domain/labelPayload';
import { zxingCppRead } from '../../fixtures/zxingCpp';
import { sampleContent, zxingQr } from './rasterSupport';

/** A label payload signed exactly as the station signs one (stationIdentity.signLabel): Ed25519 over the UTF-8 lines. */
function signedPayload(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const text = signedText({
    code: '3059901260000001234',
    parentCode: '(01)06901234567892(10)A1',
    quantity: 2.35,
    unit: 'kg',
    date: '2026-12-04',
    issuer: '泉州市鲤城区江南新区农产品综合批发市场二区',
    stall: '118 号摊位',
  });
  return withSignature(text, sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'));
}

const PAYLOADS: [string, string][] = [
  ['digits only (numeric mode)', '30599012600000012345678901234567890'],
  ['upper-case letters and digits (alphanumeric mode)', 'HTTP://TRACE.EXAMPLE/3059901 $%*+-./:'],
  ['lower-case ASCII (byte mode)', 'https://trace.example/q?code=3059901260000001234&v=1'],
  ['Chinese only (byte mode, UTF-8, never Kanji mode)', '一品一码食用农产品承诺达标合格证'],
  ['characters outside the BMP and GBK (4-byte UTF-8)', '𠮷野家 ¥12.50 😀 鲤城'],
  ['the sample label payload (mixed segments)', sampleContent().qr],
  ['a real signed label payload', signedPayload()],
  ['a long receipt payload', `${sampleContent().qr}\n${'备注 福州鼓楼区幸福餐馆 '.repeat(12)}`],
];

/** The matrix on dots, `scale` dots a module, inside the 4-module quiet zone the raster leaves. */
function toBitmap(text: string, scale = 4): Bitmap1 {
  const { size, dark } = qrMatrix(text);
  const side = (size + 8) * scale;
  const bm = createBitmap(side, side);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (!dark[y * size + x]) continue;
      for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) setPixel(bm, (x + 4) * scale + dx, (y + 4) * scale + dy, true);
    }
  return bm;
}

describe('QR matrix (node-qrcode)', () => {
  it.each(PAYLOADS)('%s: ZXing-C++ and zxing-js read it back exactly', async (_what, text) => {
    const bm = toBitmap(text);
    expect(await zxingCppRead(bm, 'QRCode')).toBe(text);
    expect(zxingQr(bm, true)).toBe(text);
  });

  // Same symbol version as bwip-js gave before the switch: label and receipt layouts are unchanged.
  it.each(PAYLOADS)('%s: as many modules as bwip-js encodes it in (ECC M)', (_what, text) => {
    const [sym] = bwipjs.raw('qrcode', text, 'eclevel=M');
    expect(qrMatrix(text).size).toBe((sym as { pixx: number }).pixx);
  });

  it('is a square of 0/1 modules with the three finder patterns in place', () => {
    const { size, dark } = qrMatrix(sampleContent().qr);
    expect(size).toBe(57);
    expect(dark.length).toBe(size * size);
    const at = (x: number, y: number) => dark[y * size + x];
    for (const [ox, oy] of [
      [0, 0],
      [size - 7, 0],
      [0, size - 7],
    ]) {
      // Finder: dark 7×7 ring, light ring, dark 3×3 core.
      expect([at(ox, oy), at(ox + 6, oy + 6), at(ox + 1, oy + 1), at(ox + 3, oy + 3), at(ox + 2, oy + 2)]).toEqual([1, 1, 0, 1, 1]);
    }
  });

  // The segments are chosen in qrSegments.ts rather than by node-qrcode's graph search (a third of the time).
  it('splits the label payload into the segments node-qrcode itself would pick: digit runs numeric, the rest UTF-8 bytes', () => {
    const text = sampleContent().qr;
    expect(qrSegments(text).map((s) => [s.mode, Buffer.byteLength(s.data as string)])).toEqual([
      ['byte', 21],
      ['numeric', 19],
      ['byte', 9],
      ['numeric', 14],
      ['byte', 160],
    ]);
    expect(qrSegments('30599012600000012345678901234567890').map((s) => s.mode)).toEqual(['numeric']);
    expect(qrSegments('HTTP://TRACE.EXAMPLE/3059901 $%*+-./:').map((s) => s.mode)).toEqual(['alphanumeric']);
    // A digit run pays for its own header and the byte header after it only from some length on,
    // which depends on the count field widths of the version range (1–9 here, then 10–26).
    const modes = (text: string) => qrSegments(text).map((s) => s.mode);
    expect(modes('码 12345 发')).toEqual(['byte']);
    expect(modes('码 123456 发')).toEqual(['byte', 'numeric', 'byte']);
    expect(modes(`码 123456 ${'备'.repeat(55)}`)).toEqual(['byte', 'numeric', 'byte']); // 1418 bits: still version 9
    const long = '备注'.repeat(40);
    expect(modes(`${long} 1234567 ${long}`)).toEqual(['byte']);
    expect(modes(`${long} 12345678 ${long}`)).toEqual(['byte', 'numeric', 'byte']);
  });

  it.each(PAYLOADS.filter(([what]) => !what.includes('signed')))('%s: the same matrix as node-qrcode from the plain string', (_what, text) => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(Buffer.from(qrMatrix(text).dark as Uint8Array).equals(Buffer.from(modules.data))).toBe(true);
  });
});
