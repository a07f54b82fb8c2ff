import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECEIPT_58, RECEIPT_80 } from '../../../shared/domain/label';
import { code128Data, decodeEscposStatus, drawerPulse, EscPos, escposLabel, ESCPOS_STATUS_REQUEST } from '../../../drivers/printer/escpos';
import { decodeEscpos } from '../../fixtures/printerDecode';
import { CABBAGE, noise, pattern16x8, PORK, visible } from './samples';

describe('ESC/POS receipts', () => {
  it.each([
    ['白菜', CABBAGE],
    ['猪肉 里脊', PORK],
  ])('prints every field of %s exactly, Chinese inside FS & … FS .', (_name, content) => {
    const job = decodeEscpos(escposLabel(content, RECEIPT_58, { mode: 'native' }));
    const expected = [
      content.title,
      `品名：${content.product}`,
      `数量：${content.quantity}`,
      `金额：${content.price!.replace('¥', '￥')}`,
      ...(content.buyer ? [`购买方：${content.buyer}`] : []),
      ...(content.origin ? [`来源：${content.origin}`] : []),
      ...(content.parentCode ? [`原批次：${content.parentCode}`] : []),
      `时间：${content.time}`,
      `追溯码：${content.codeGrouped}`,
    ];
    // The blank lines after the QR and the barcode are the LF that prints them.
    expect(job.texts.filter(Boolean)).toEqual(expected);
    expect(job.qrs).toEqual([{ model: 2, module: RECEIPT_58.qrModule, ecc: 0x31, declaredBytes: Buffer.byteLength(content.qr), data: content.qr }]);
    expect(job.code128).toEqual([content.code]);
    expect(job.inits).toBe(1);
    expect(job.cuts).toEqual([1]);
  });

  it('sends ¥ as GBK ￥ (A3 A4) to a GBK printer, the default: no four-byte GB18030 sequence', () => {
    const bytes = new EscPos().line('¥12.50 白菜').build();
    expect([...bytes]).toEqual([0x1c, 0x26, 0xa3, 0xa4, ...Buffer.from('12.50 '), 0xb0, 0xd7, 0xb2, 0xcb, 0x1c, 0x2e, 0x0a]);
    // An independent decoder (the WHATWG one in Node's ICU, not iconv-lite) reads it back.
    expect(new TextDecoder('gbk').decode(bytes.subarray(2, -3))).toBe('￥12.50 白菜');
  });

  it('sends ¥ as its 4-byte GB18030 sequence when the printer profile says GB18030', () => {
    const bytes = new EscPos('gb18030').line('¥12.50').build();
    expect([...bytes]).toEqual([0x1c, 0x26, 0x81, 0x30, 0x84, 0x36, ...Buffer.from('12.50'), 0x1c, 0x2e, 0x0a]);
    expect(new TextDecoder('gb18030').decode(bytes.subarray(2, -3))).toBe('¥12.50');
  });

  it('leaves ASCII lines outside Chinese mode', () => {
    expect([...new EscPos().line('2025-03-14').build()]).toEqual([...Buffer.from('2025-03-14'), 0x0a]);
  });

  it('declares the QR length in UTF-8 bytes, not characters', () => {
    const data = '码 白菜 2.350 公斤';
    expect(Buffer.byteLength(data)).not.toBe(data.length);
    const bytes = new EscPos().qr(data).build();
    const fn80 = bytes.indexOf(Buffer.from([0x31, 0x50, 0x30])); // store: 1D 28 6B pL pH 31 50 30
    const declared = bytes[fn80 - 2] | (bytes[fn80 - 1] << 8);
    expect(declared).toBe(Buffer.byteLength(data) + 3);
    expect([...bytes.subarray(0, 9)]).toEqual([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
    expect([...bytes.subarray(bytes.length - 8)]).toEqual([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
    expect(decodeEscpos(bytes).qrs[0].data).toBe(data);
  });

  it('uses both length bytes for payloads over 252 bytes', () => {
    const data = '白'.repeat(200); // 600 bytes
    const job = decodeEscpos(new EscPos().qr(data).build());
    expect(job.qrs[0]).toMatchObject({ declaredBytes: 600, data });
  });

  it('opens the drawer with exactly five bytes, t1 and t2 included', () => {
    expect([...drawerPulse()]).toEqual([0x1b, 0x70, 0x00, 25, 250]);
    expect([...drawerPulse(1, 100, 200)]).toEqual([0x1b, 0x70, 0x01, 50, 100]);
    const job = decodeEscpos(new EscPos().init().drawer().build());
    expect(job.drawerPulses.map((p) => p.length)).toEqual([5]);
  });

  it('encodes Code 128 in set C for digits (set B for an odd last digit) and set B otherwise', () => {
    expect([...code128Data('3102')]).toEqual([0x7b, 0x43, 31, 2]);
    expect([...code128Data('31020')]).toEqual([0x7b, 0x43, 31, 2, 0x7b, 0x42, 0x30]);
    expect(code128Data('A{1').toString('ascii')).toBe('{BA{{1');
    expect(() => code128Data('白菜')).toThrow(/ASCII/);
  });

  it('round-trips any Code 128 value through GS k with a byte-exact length', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\d{2,40}$/),
          fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 }).filter((s) => /^[\x20-\x7e]+$/.test(s)),
        ),
        (value) => {
          expect(decodeEscpos(new EscPos().code128(value).build()).code128).toEqual([value]);
        },
      ),
    );
  });

  it('prints a raster bit for bit (GS v 0, 1 = black, MSB left)', () => {
    const bm = pattern16x8();
    const bytes = new EscPos().raster(bm).build();
    expect([...bytes.subarray(0, 8)]).toEqual([0x1d, 0x76, 0x30, 0, 2, 0, 8, 0]);
    expect([...bytes.subarray(8, 10)]).toEqual([0xff, 0xff]); // the top border row
    const [back] = decodeEscpos(bytes).rasters;
    expect(visible(back)).toEqual(visible(bm));
  });

  it('sends tall images in bands that join back into the same image', () => {
    const bm = noise(384, 300);
    const bytes = new EscPos().raster(bm, { bandRows: 128 }).build();
    const heights: number[] = [];
    for (let at = 0; at < bytes.length; at += 8 + 48 * heights[heights.length - 1]) {
      expect([...bytes.subarray(at, at + 6)]).toEqual([0x1d, 0x76, 0x30, 0, 48, 0]);
      heights.push(bytes[at + 6] | (bytes[at + 7] << 8));
    }
    expect(heights).toEqual([128, 128, 44]);
    const job = decodeEscpos(bytes);
    expect(job.rasters).toHaveLength(1);
    expect(visible(job.rasters[0])).toEqual(visible(bm));
  });

  it('clears padding bits and ignores a renderer’s wider rows', () => {
    const bm = noise(13, 5, 4); // 13 dots wide, rows padded to 4 bytes
    const [back] = decodeEscpos(new EscPos().raster(bm).build()).rasters;
    expect(back.bytesPerRow).toBe(2);
    for (let y = 0; y < 5; y++) expect(back.bits[y * 2 + 1] & 0x07).toBe(0);
    expect(visible({ ...back, width: 13 })).toEqual(visible(bm));
  });

  it('prints the renderer’s bitmap in raster mode, then cuts', () => {
    const bm = noise(640, 200);
    const job = decodeEscpos(escposLabel(CABBAGE, RECEIPT_80, { mode: 'raster', raster: bm }));
    expect(job.texts).toEqual([]);
    expect(visible(job.rasters[0])).toEqual(visible(bm));
    expect(job.cuts).toEqual([1]);
    expect(() => escposLabel(CABBAGE, RECEIPT_80, { mode: 'raster' })).toThrow(/bitmap/);
  });
});

describe('ESC/POS status', () => {
  it('asks DLE EOT 1, 2 and 4', () => {
    expect([...ESCPOS_STATUS_REQUEST]).toEqual([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]);
  });

  const clear = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false };
  it.each([
    ['all clear', [0x12, 0x12, 0x12], clear],
    ['n=1 bit3: offline', [0x1a, 0x12, 0x12], { ...clear, online: false }],
    ['n=2 bit2: cover open', [0x12, 0x16, 0x12], { ...clear, coverOpen: true }],
    ['n=2 bit5: stopped at paper end', [0x12, 0x32, 0x12], { ...clear, paperOut: true }],
    ['n=4 0x0C: paper near end', [0x12, 0x12, 0x1e], { ...clear, paperNearEnd: true }],
    ['n=4 0x60: paper end', [0x12, 0x12, 0x72], { ...clear, paperOut: true }],
    ['n=4 bit2 alone: near end', [0x12, 0x12, 0x16], { ...clear, paperNearEnd: true }],
    ['n=4 bit5 alone: paper end', [0x12, 0x12, 0x32], { ...clear, paperOut: true }],
    ['everything', [0x1a, 0x36, 0x7e], { online: false, coverOpen: true, paperOut: true, paperNearEnd: true }],
  ])('%s', (_name, reply, expected) => {
    expect(decodeEscposStatus(Uint8Array.from(reply))).toEqual(expected);
  });

  it.each([[[0x00, 0x12, 0x12]], [[0x12, 0x12, 0x93]], [[0x12, 0x12]]])('refuses %j as a status reply', (reply) => {
    expect(() => decodeEscposStatus(Uint8Array.from(reply))).toThrow();
  });
});
