import { describe, expect, it } from 'vitest';
import { LABEL_40x30, RECEIPT_58 } from '../../../shared/domain/label';
import { NativeLayoutError } from '../../../drivers/printer/layout';
import { NativeTextError } from '../../../drivers/printer/text';
import { fieldData, Zpl, zplLabel } from '../../../drivers/printer/zpl';
import { decodeZpl } from '../../fixtures/printerDecode';
import { CABBAGE, LABEL_WITH_PRICE, noise, pattern16x8, PORK, visible } from './samples';

describe('ZPL labels', () => {
  it.each([
    ['白菜', CABBAGE],
    ['猪肉 里脊', PORK],
  ])('prints every field of %s in UTF-8 (^CI28), all text in the printer’s monospaced font', (_name, content) => {
    const job = decodeZpl(zplLabel(content, LABEL_40x30, { mode: 'native' }));
    expect(job).toMatchObject({ formats: 1, ci: '28', pw: 320, ll: 240 });
    const unspaced = (lines: string[]) => lines.join('').replace(/ /g, '');
    expect(unspaced(job.texts.map((t) => t.text))).toBe(unspaced([content.product, content.quantity, content.date, content.issuer, content.code]));
    expect(job.texts.find((t) => t.text === content.product)!.font).toBe('A@N,24,24,E:SIMSUN.TTF');
    expect(job.texts.every((t) => t.font.startsWith('A@N,') && t.font.endsWith(',E:SIMSUN.TTF'))).toBe(true);
    expect(job.qrs).toEqual([
      expect.objectContaining({ model: 2, magnification: LABEL_40x30.qrModule, ecc: 'M', inputMode: 'M', charMode: 'B', declaredBytes: Buffer.byteLength(content.qr), data: content.qr }),
    ]);
  });

  it('prints the Code 128 on receipt stock', () => {
    const job = decodeZpl(zplLabel(CABBAGE, RECEIPT_58, { mode: 'native' }));
    expect(job.barcodes).toEqual([expect.objectContaining({ type: '128', data: CABBAGE.code })]);
    expect(job.texts.map((t) => t.text)).toContain('金额：￥12.50');
  });

  it('refuses what does not fit the label, and characters outside the font (the queue prints those as raster)', () => {
    expect(() => zplLabel(CABBAGE, LABEL_WITH_PRICE, { mode: 'native' })).toThrow(NativeLayoutError);
    expect(() => zplLabel({ ...PORK, product: '𫚕鱼' }, LABEL_40x30, { mode: 'native' })).toThrow(NativeTextError);
  });

  it('puts the QR in manual byte mode with its byte count, the line breaks as ^FH hex (ZPL drops raw CR/LF)', () => {
    const bytes = new Zpl().qr(0, 20, 'a\nb', 3).build().toString('utf8');
    expect(bytes).toContain('^BQN,2,3^FH\\^FDMM,B0003a\\0Ab^FS');
    // The QR prints ^BY's height below its ^FO: pinned to 10, and the ^FO raised by as much.
    expect(bytes).toContain('^BY2,3,10');
    expect(bytes).toContain('^FO0,10^BQN');
  });

  it('never sends automatic mode: Chinese UTF-8 is full of the bytes it cannot carry (0x80–0x9F, 0xE0–0xFF)', () => {
    const bytes = zplLabel(CABBAGE, LABEL_40x30, { mode: 'native' });
    const utf8 = Buffer.from(CABBAGE.qr, 'utf8');
    expect(utf8.some((b) => (b >= 0x80 && b <= 0x9f) || b >= 0xe0)).toBe(true);
    // The field data between "B<count>" and ^FS, ^FH escapes undone by hand: exactly the payload's bytes.
    const start = bytes.indexOf(`^FDMM,B${String(utf8.length).padStart(4, '0')}`) + 11;
    const field = bytes.subarray(start, bytes.indexOf('^FS', start)).toString('latin1');
    const raw = Buffer.from(
      field.replace(/\\([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    expect(raw.equals(utf8)).toBe(true);
    expect(bytes.includes('QA,')).toBe(false);
  });

  it('escapes ^, ~ and the hex indicator in field data', () => {
    expect(fieldData('50% ^off~ a\\b')).toBe('^FH\\^FD50% \\5Eoff\\7E a\\5Cb^FS');
    expect(decodeZpl(new Zpl().text(0, 0, '价^格~\\', 20).build()).texts[0].text).toBe('价^格~\\');
  });

  it('uses the configured printer font', () => {
    const job = decodeZpl(zplLabel(CABBAGE, LABEL_40x30, { mode: 'native', cjkFont: 'E:ANMDS.TTF' }));
    expect(job.texts[0].font).toBe('A@N,24,24,E:ANMDS.TTF');
  });

  it('sends ^GFA hex with 1 = black, counts in bytes, and decodes to the same dots', () => {
    const bm = pattern16x8();
    const text = new Zpl().graphic(5, 6, bm).build().toString('utf8');
    expect(text).toContain('^FO5,6^GFA,16,16,2,FFFF');
    const [g] = decodeZpl(Buffer.from(text)).graphics;
    expect(g).toMatchObject({ x: 5, y: 6, declaredBytes: 16 });
    expect(visible(g.bitmap)).toEqual(visible(bm));
  });

  it('prints the renderer’s bitmap alone in raster mode', () => {
    const bm = noise(320, 240);
    const job = decodeZpl(zplLabel(CABBAGE, LABEL_40x30, { mode: 'raster', raster: bm }));
    expect(job.texts).toEqual([]);
    expect(visible(job.graphics[0].bitmap)).toEqual(visible(bm));
  });
});
