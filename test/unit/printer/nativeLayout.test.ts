import { QRCodeDecoderErrorCorrectionLevel, QRCodeEncoder } from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { buildJob, nativeObstacles, type PrinterLanguage } from '../../../drivers/printer/languages';
import { NativeLayoutError } from '../../../drivers/printer/layout';
import { code128Widths } from '../../../drivers/printer/raster/codes';
import { DEFAULT_TEMPLATES, type LabelContent, type LabelTemplate } from '../../../shared/domain/label';
import { decodeTspl, decodeZpl } from '../../fixtures/printerDecode';
import { sampleContent, urlContent } from './rasterSupport';
import { CABBAGE, LABEL_WITH_PRICE, PORK } from './samples';

/**
 * Native labels are checked on paper geometry rebuilt from the commands the printer gets: each
 * text line's box from its position and the font's cell sizes (TSS24.BF2: 12 dots per ASCII
 * character, 24 per Chinese one, times the multiplier; the ZPL TrueType fonts: w per Chinese
 * character, w/2 per ASCII one), the QR's from its position, cell size and the symbol size zxing
 * encodes its bytes to, the barcode's from bwip-js's bars. Nothing may overlap, the QR keeps its
 * quiet zone clear of text, and everything stays on the label.
 */
interface Box {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const QUIET_MODULES = 4;

/** Modules per side of the QR the printer draws for `data` in byte mode, ECC M (no ECI). */
function qrSide(data: string): number {
  return QRCodeEncoder.encode(data, QRCodeDecoderErrorCorrectionLevel.M).getMatrix().getWidth();
}

const cells = (text: string, full: number) => [...text].reduce((w, c) => w + (c.codePointAt(0)! <= 0x7e ? full / 2 : full), 0);
const bars = (value: string, module: number) => code128Widths(value).reduce((a, b) => a + b, 0) * module;

interface Paper {
  width: number;
  height: number;
  texts: Box[];
  qr?: { box: Box; quiet: number };
  barcode?: Box;
}

function tsplPaper(bytes: Buffer): Paper {
  const job = decodeTspl(bytes);
  const [w, h] = job.size!.split(',').map((s) => parseFloat(s) * 8);
  const qr = job.qrcodes[0];
  const bc = job.barcodes[0];
  return {
    width: w!,
    height: h!,
    texts: job.texts.map((t) => ({ what: t.text, x: t.x, y: t.y, w: cells(t.text, 24) * t.mult[0], h: 24 * t.mult[1] })),
    ...(qr && { qr: { box: { what: 'QR', x: qr.x, y: qr.y, w: qrSide(qr.data) * qr.cell, h: qrSide(qr.data) * qr.cell }, quiet: QUIET_MODULES * qr.cell } }),
    // The human-readable digits go under the bars in a 24-dot font.
    ...(bc && { barcode: { what: 'Code 128', x: bc.x, y: bc.y, w: bars(bc.data, bc.narrow), h: bc.height + (bc.readable ? 24 : 0) } }),
  };
}

function zplPaper(bytes: Buffer): Paper {
  const job = decodeZpl(bytes);
  const qr = job.qrs[0];
  const bc = job.barcodes[0];
  // A QR prints ^BY's height below its ^FO (firmware behaviour the driver pins).
  const sink = job.by?.height ?? 10;
  return {
    width: job.pw!,
    height: job.ll!,
    texts: job.texts.map((t) => {
      const [, h, w] = t.font.split(',').map(Number);
      return { what: t.text, x: t.x, y: t.y, w: cells(t.text, w!), h: h! };
    }),
    ...(qr && { qr: { box: { what: 'QR', x: qr.x, y: qr.y + sink, w: qrSide(qr.data) * qr.magnification, h: qrSide(qr.data) * qr.magnification }, quiet: QUIET_MODULES * qr.magnification } }),
    ...(bc && { barcode: { what: 'Code 128', x: bc.x, y: bc.y, w: bars(bc.data, job.by!.module), h: bc.height + 24 } }),
  };
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const grow = (b: Box, by: number): Box => ({ ...b, x: b.x - by, y: b.y - by, w: b.w + 2 * by, h: b.h + 2 * by });

/** Every problem on the paper, in words: empty when the layout is sound. */
function problems(p: Paper): string[] {
  const out: string[] = [];
  const solid = [...p.texts, ...(p.qr ? [p.qr.box] : []), ...(p.barcode ? [p.barcode] : [])];
  for (const b of solid) if (b.x < 0 || b.y < 0 || b.x + b.w > p.width || b.y + b.h > p.height) out.push(`${b.what} leaves the ${p.width}×${p.height} label`);
  for (let i = 0; i < solid.length; i++) for (let j = i + 1; j < solid.length; j++) if (overlap(solid[i]!, solid[j]!)) out.push(`${solid[i]!.what} overlaps ${solid[j]!.what}`);
  if (p.qr) for (const t of p.texts) if (overlap(t, grow(p.qr.box, p.qr.quiet))) out.push(`${t.what} is in the QR's quiet zone`);
  return out;
}

const CONTENTS: Record<string, LabelContent> = {
  cabbage: CABBAGE,
  pork: PORK,
  child: sampleContent(),
  stall: sampleContent({ stall: '5号摊 陈记蔬菜' }),
  longName: sampleContent({ product: '福建漳州六鳌红薯（精选特级）', issuer: '鲤城农贸市场' }),
  shortCode: { ...PORK, issuer: '市场', product: '姜' },
  url: urlContent(),
  urlLong: urlContent({ area: '福建省漳州市龙海区农业农村局', issuer: '福州市鼓楼区东街口农贸市场管理处', stall: 'A区 12号 王记蔬菜批发' }),
};
const TEMPLATES: LabelTemplate[] = [...DEFAULT_TEMPLATES, LABEL_WITH_PRICE];
const LANGUAGES: [PrinterLanguage, (b: Buffer) => Paper][] = [
  ['tspl', tsplPaper],
  ['zpl', zplPaper],
];

describe('native label geometry', () => {
  for (const [language, paper] of LANGUAGES) {
    describe(language, () => {
      for (const template of TEMPLATES) {
        it.each(Object.entries(CONTENTS))(`${template.id}: %s lies beside or below the QR, on the label, or is refused`, (_name, content) => {
          const { overflow } = nativeObstacles(language, content, template);
          const build = () => buildJob(language, content, template, { mode: 'native' });
          if (overflow) {
            expect(build).toThrow(NativeLayoutError);
            return;
          }
          expect(problems(paper(build()))).toEqual([]);
        });
      }

      it('fits realistic content on 40×30 natively (the check is not passed by refusing everything)', () => {
        const label = TEMPLATES.find((t) => t.id === 'label-40x30')!;
        const fitting = Object.values(CONTENTS).filter((c) => !nativeObstacles(language, c, label).overflow);
        expect(fitting.length).toBeGreaterThanOrEqual(language === 'tspl' ? 2 : 4);
      });
    });
  }

  it('fits more on 40×30 natively now that the QR is a URL (version 8, not 10–12); a full URL label still goes as raster on TSPL', () => {
    const label = TEMPLATES.find((t) => t.id === 'label-40x30')!;
    // ZPL's 16-dot lines hold all of it, 产地, 检测 and the query page included.
    expect(nativeObstacles('zpl', CONTENTS.url!, label)).toMatchObject({ overflow: false });
    // TSPL's 24-dot font (12-dot cells, the query line unbroken: 25 cells at most): a label without
    // a stall or 产地 fits, where the YP1 label never did.
    const plain = urlContent({ stall: undefined, area: undefined, lookup: 'trace.example.com/q' });
    expect(nativeObstacles('tspl', { ...plain, lookup: 'trace.example.gov.cn/q' }, label)).toMatchObject({ overflow: true });
    expect(nativeObstacles('tspl', plain, label)).toMatchObject({ overflow: false });
    expect(nativeObstacles('tspl', { ...plain, qr: CONTENTS.child!.qr }, label)).toMatchObject({ overflow: true });
    expect(nativeObstacles('tspl', CONTENTS.url!, label)).toMatchObject({ overflow: true });
  });

  it('finds text printed over a QR (the check can fail)', () => {
    const qr = { box: { what: 'QR', x: 120, y: 8, w: 183, h: 183 }, quiet: 12 };
    expect(problems({ width: 320, height: 240, texts: [{ what: '鲤城农贸市场 2号摊', x: 8, y: 120, w: 216, h: 24 }], qr })).toEqual([
      '鲤城农贸市场 2号摊 overlaps QR',
      "鲤城农贸市场 2号摊 is in the QR's quiet zone",
    ]);
  });
});
