import { describe, expect, it } from 'vitest';
import { LABEL_40x30, RECEIPT_58 } from '../../../shared/domain/label';
import { decodeTsplStatus, Tspl, tsplLabel, TSPL_STATUS_REQUEST } from '../../../drivers/printer/tspl';
import { nativeObstacles } from '../../../drivers/printer/languages';
import { NativeLayoutError } from '../../../drivers/printer/layout';
import { NativeTextError } from '../../../drivers/printer/text';
import { decodeTspl } from '../../fixtures/printerDecode';
import { CABBAGE, LABEL_WITH_PRICE, noise, pattern16x8, PORK, visible } from './samples';

describe('TSPL labels', () => {
  it.each([
    ['白菜', CABBAGE],
    ['猪肉 里脊', PORK],
  ])('prints every field of %s on 40×30 (GBK, wrapped beside the QR), QR model 2', (_name, content) => {
    const job = decodeTspl(tsplLabel(content, LABEL_40x30, { mode: 'native' }));
    expect(job).toMatchObject({ size: '40 mm,30 mm', gap: '2 mm,0 mm', direction: '1', cls: true, print: [1, 1] });
    // Wrapping only ever breaks at a space or between Chinese characters.
    const unspaced = (lines: string[]) => lines.join('').replace(/ /g, '');
    expect(unspaced(job.texts.map((t) => t.text))).toBe(unspaced([content.product, content.quantity, content.date, content.issuer, content.code]));
    expect(job.texts.every((t) => t.font === 'TSS24.BF2')).toBe(true);
    expect(job.qrcodes).toEqual([
      expect.objectContaining({ model: 'M2', mask: 'S7', ecc: 'M', cell: LABEL_40x30.qrModule, mode: 'M', data: content.qr, declaredBytes: Buffer.byteLength(content.qr) }),
    ]);
  });

  it('prints ¥ as ￥ and the Code 128 on receipt stock', () => {
    const job = decodeTspl(tsplLabel(CABBAGE, RECEIPT_58, { mode: 'native' }));
    expect(job.texts.map((t) => t.text)).toContain('金额：￥12.50');
    expect(job.barcodes).toEqual([expect.objectContaining({ type: '128', data: CABBAGE.code })]);
  });

  it('refuses what does not fit the label in its font (the queue prints it as raster)', () => {
    expect(() => tsplLabel(CABBAGE, LABEL_WITH_PRICE, { mode: 'native' })).toThrow(NativeLayoutError);
  });

  it('refuses a name with a character outside GBK rather than print "?" for it', () => {
    const fish = { ...PORK, product: '𫚕鱼' };
    expect(() => tsplLabel(fish, LABEL_40x30, { mode: 'native' })).toThrow(NativeTextError);
    expect(nativeObstacles('tspl', fish, LABEL_40x30)).toEqual({ chars: ['𫚕'], overflow: false });
  });

  it('always asks for QR model 2 in a binary block counted in bytes (line breaks and Chinese inside)', () => {
    const data = '码 3102\n量 2.350 公斤';
    const line = new Tspl().qr(10, 20, data, { cell: 4 }).build();
    const head = `QRCODE 10,20,M,4,M,0,M2,S7,"B${String(Buffer.byteLength(data)).padStart(4, '0')}`;
    expect(Buffer.byteLength(data)).not.toBe(data.length);
    expect(line.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(line.subarray(head.length).toString('utf8')).toBe(`${data}"\r\n`);
  });

  it('escapes a double quote in text as \\["] and ends every command with CRLF', () => {
    const bytes = new Tspl().text(8, 8, '东3号 "甲"').build();
    expect(bytes.toString('latin1')).toContain('\\["]');
    expect(bytes.subarray(-3).toString('latin1')).toBe('"\r\n');
    expect(decodeTspl(bytes).texts[0].text).toBe('东3号 "甲"');
  });

  it('records what TEXT had to replace: look-alikes, and the characters GBK lacks', () => {
    const t = new Tspl().text(0, 0, '¥5 𠮷');
    expect(t.substitutions).toEqual([
      { char: '¥', replacement: '￥' },
      { char: '𠮷', replacement: '?' },
    ]);
    // A look-alike keeps the meaning: no obstacle to printing natively.
    expect(nativeObstacles('tspl', CABBAGE, RECEIPT_58)).toEqual({ chars: [], overflow: false });
  });

  it('sends BITMAP inverted (1 = no dot) and it decodes back to the same dots', () => {
    const bm = pattern16x8();
    const bytes = new Tspl().bitmap(0, 0, bm).build();
    const head = 'BITMAP 0,0,2,8,0,';
    expect(bytes.subarray(0, head.length).toString('latin1')).toBe(head);
    const raw = bytes.subarray(head.length, head.length + 16);
    expect([...raw.subarray(0, 2)]).toEqual([0x00, 0x00]); // the black top border: all zeros
    expect([...raw]).toEqual([...bm.bits].map((v) => ~v & 0xff));
    expect(bytes.subarray(head.length + 16).toString('latin1')).toBe('\r\n');
    expect(visible(decodeTspl(bytes).bitmaps[0].bitmap)).toEqual(visible(bm));
  });

  it('pads rows with 1s (no dot) when the width is not a multiple of 8', () => {
    const bm = noise(13, 4, 3);
    const { bitmap } = decodeTspl(new Tspl().bitmap(0, 0, bm).build()).bitmaps[0];
    expect(bitmap.bytesPerRow).toBe(2);
    for (let y = 0; y < 4; y++) expect(bitmap.bits[y * 2 + 1] & 0x07).toBe(0); // re-inverted: white
    expect(visible({ ...bitmap, width: 13 })).toEqual(visible(bm));
  });

  it('prints the renderer’s bitmap alone in raster mode', () => {
    const bm = noise(320, 240);
    const job = decodeTspl(tsplLabel(CABBAGE, LABEL_40x30, { mode: 'raster', raster: bm }));
    expect(job.texts).toEqual([]);
    expect(job.bitmaps).toHaveLength(1);
    expect(job.bitmaps[0]).toMatchObject({ x: 0, y: 0, mode: 0 });
    expect(visible(job.bitmaps[0].bitmap)).toEqual(visible(bm));
  });

  it('gives receipt templates a length that fits the content and no gap', () => {
    const job = decodeTspl(tsplLabel(CABBAGE, RECEIPT_58, { mode: 'native' }));
    const [w, h] = job.size!.split(',').map((s) => parseFloat(s));
    expect(w).toBe(58);
    expect(h).toBeGreaterThan(50);
    expect(job.gap).toBe('0 mm,0 mm');
    const lastText = job.texts[job.texts.length - 1];
    expect(h * 8).toBeGreaterThan(lastText.y);
  });
});

describe('TSPL status', () => {
  it('asks with ESC ! ?', () => {
    expect([...TSPL_STATUS_REQUEST]).toEqual([0x1b, 0x21, 0x3f]);
  });

  const none = { headOpen: false, jam: false, paperOut: false, ribbonOut: false, paused: false, printing: false, unknown: false };
  it.each([
    [0x00, none],
    [0x01, { ...none, headOpen: true }],
    [0x02, { ...none, jam: true }],
    [0x04, { ...none, paperOut: true }],
    [0x08, { ...none, ribbonOut: true }],
    [0x10, { ...none, paused: true }],
    [0x20, { ...none, printing: true }],
    [0x40, { ...none, unknown: true }],
    [0x80, { ...none, unknown: true }],
    [0x05, { ...none, headOpen: true, paperOut: true }],
  ])('0x%s', (byte, expected) => {
    expect(decodeTsplStatus(byte)).toEqual(expected);
  });
});
