import { describe, expect, it } from 'vitest';
import { LABEL_40x30 } from '../../../shared/domain/label';
import { fieldData, Zpl, zplLabel } from '../../../drivers/printer/zpl';
import { decodeZpl } from '../../fixtures/printerDecode';
import { CABBAGE, LABEL_WITH_PRICE, noise, pattern16x8, PORK, visible } from './samples';

describe('ZPL labels', () => {
  it.each([
    ['白菜', CABBAGE],
    ['猪肉 里脊', PORK],
  ])('prints every field of %s exactly in UTF-8 (^CI28), Chinese in the printer font', (_name, content) => {
    const job = decodeZpl(zplLabel(content, LABEL_WITH_PRICE, { mode: 'native' }));
    expect(job).toMatchObject({ formats: 1, ci: '28', pw: 320, ll: 240 });
    expect(job.texts.map((t) => t.text)).toEqual([content.product, content.quantity, content.date, content.issuer, content.code, content.price]);
    for (const t of job.texts) expect(t.font.startsWith(/^[\x20-\x7e]*$/.test(t.text) ? 'A0N,' : 'A@N,')).toBe(true);
    expect(job.texts.find((t) => t.text === content.product)!.font).toBe('A@N,24,24,E:SIMSUN.TTF');
    expect(job.qrs).toEqual([expect.objectContaining({ model: 2, magnification: LABEL_WITH_PRICE.qrModule, ecc: 'Q', inputMode: 'A', data: content.qr })]);
    expect(job.barcodes).toEqual([expect.objectContaining({ type: '128', data: content.code })]);
  });

  it('keeps the QR payload’s line breaks as ^FH hex (ZPL drops raw CR/LF)', () => {
    const bytes = new Zpl().qr(0, 0, 'a\nb', 3).build().toString('utf8');
    expect(bytes).toContain('^BQN,2,3^FH\\^FDQA,a\\0Ab^FS');
  });

  it('escapes ^, ~ and the hex indicator in field data', () => {
    expect(fieldData('50% ^off~ a\\b')).toBe('^FH\\^FD50% \\5Eoff\\7E a\\5Cb^FS');
    expect(decodeZpl(new Zpl().text(0, 0, '价^格~\\', 20).build()).texts[0].text).toBe('价^格~\\');
  });

  it('uses the configured printer font for Chinese', () => {
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
