import { mkdirSync, writeFileSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { getPixel, type Bitmap1 } from '../../../drivers/printer/bitmap';
import { rasterToDataUrl, rasterToPng, renderLabelRaster } from '../../../drivers/printer/raster';
import { qrMatrix } from '../../../drivers/printer/raster/codes';
import { BUNDLED_FONTS } from '../../../drivers/printer/raster/fonts';
import { layOut } from '../../../drivers/printer/raster/renderLabel';
import { baselineOffset, CODE_FONT_FAMILY, DEFAULT_FONT_FAMILY, measure } from '../../../drivers/printer/raster/text';
import { LABEL_40x30, RECEIPT_58, RECEIPT_80, type LabelTemplate } from '../../../shared/domain/label';
import { zxingCppRead } from '../../fixtures/zxingCpp';
import { crop, sampleContent, urlContent, zxingQr } from './rasterSupport';

const blackCount = (bm: Bitmap1) => bm.bits.reduce((n, byte) => n + popcount(byte), 0);
const popcount = (b: number) => {
  let n = 0;
  for (; b; b &= b - 1) n++;
  return n;
};

/** Bounding box of the black dots inside a region, or undefined when it is blank. */
function inkBox(bm: Bitmap1, x0 = 0, y0 = 0, x1 = bm.width, y1 = bm.height) {
  let box: { left: number; top: number; right: number; bottom: number } | undefined;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!getPixel(bm, x, y)) continue;
      box = box ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x + 1), bottom: Math.max(box.bottom, y + 1) } : { left: x, top: y, right: x + 1, bottom: y + 1 };
    }
  }
  return box;
}

/** Rows where two same-width rasters differ. */
function differingRows(a: Bitmap1, b: Bitmap1): number[] {
  const rows: number[] = [];
  for (let y = 0; y < Math.min(a.height, b.height); y++) {
    const row = (bm: Bitmap1) => bm.bits.subarray(y * bm.bytesPerRow, (y + 1) * bm.bytesPerRow);
    if (!row(a).every((v, i) => v === row(b)[i])) rows.push(y);
  }
  return rows;
}

/** Where the QR block (quiet zone included) sits: top-right on a label, centred at the foot of a receipt. */
function qrBlock(bm: Bitmap1, template: LabelTemplate, qr: string) {
  const m = qrMatrix(qr);
  const side = (m.size + 8) * template.qrModule;
  const x = template.kind === 'label' ? bm.width - side : Math.floor((bm.width - side) / 2);
  const y = template.kind === 'label' ? 0 : bm.height - side;
  return { m, side, x, y };
}

/** A template with just one line, so a test can look at that line alone. */
const oneLine = (base: LabelTemplate, line: LabelTemplate['lines'][number]): LabelTemplate => ({ ...base, lines: [line], qrModule: 0, barcode: false });

describe('raster size', () => {
  it('is 320 × 240 dots for a 40 × 30 mm label at 8 dots/mm', () => {
    const bm = renderLabelRaster(sampleContent(), LABEL_40x30);
    expect([bm.width, bm.height, bm.bytesPerRow, bm.bits.length]).toEqual([320, 240, 40, 40 * 240]);
  });

  it('uses the printable width of receipt paper (58 mm → 384 dots, 80 mm → 576) and grows with content', () => {
    const r58 = renderLabelRaster(sampleContent(), RECEIPT_58);
    const r80 = renderLabelRaster(sampleContent(), RECEIPT_80);
    expect([r58.width, r58.bytesPerRow, r80.width, r80.bytesPerRow]).toEqual([384, 48, 576, 72]);
    const more = renderLabelRaster(sampleContent({ buyer: '福州鼓楼区幸福餐馆', origin: '福建漳州', price: '¥12.50' }), RECEIPT_58);
    expect(more.height).toBeGreaterThan(r58.height);
    expect(more.bits.length).toBe(more.bytesPerRow * more.height);
  });

  it('refuses receipt paper whose printable width it does not know rather than guess', () => {
    expect(() => renderLabelRaster(sampleContent(), { ...RECEIPT_58, widthMm: 62 })).toThrow(RangeError);
  });
});

describe('codes on the raster', () => {
  it.each([LABEL_40x30, RECEIPT_58, RECEIPT_80])('$id: every QR module is exactly qrModule dots square, inside a white 4-module quiet zone', (template) => {
    const content = sampleContent();
    const bm = renderLabelRaster(content, template);
    const { m, side, x, y } = qrBlock(bm, template, content.qr);
    for (let dy = 0; dy < side; dy++) {
      for (let dx = 0; dx < side; dx++) {
        const [r, c] = [Math.floor(dy / template.qrModule) - 4, Math.floor(dx / template.qrModule) - 4];
        const dark = r >= 0 && c >= 0 && r < m.size && c < m.size && m.dark[r * m.size + c] === 1;
        if (getPixel(bm, x + dx, y + dy) !== dark) throw new Error(`dot (${x + dx}, ${y + dy}) should be ${dark ? 'black' : 'white'}`);
      }
    }
  });

  it('draws a Code 128 only where the template asks for one', () => {
    const noBars = { ...RECEIPT_58, barcode: false };
    const withBars = renderLabelRaster(sampleContent(), RECEIPT_58);
    expect(withBars.height - renderLabelRaster(sampleContent(), noBars).height).toBe(10 * 8);
  });
});

describe('text', () => {
  it('draws each field that is present, and nothing for one that is absent', () => {
    const without = renderLabelRaster(sampleContent(), RECEIPT_58);
    const withPrice = renderLabelRaster(sampleContent({ price: '¥12.50' }), RECEIPT_58);
    expect(withPrice.height - without.height).toBe(30); // one 24-dot line
    // The price line is the 4th line (issuer, product, quantity, price): rows 90–120.
    const box = inkBox(withPrice, 0, 90, withPrice.width, 120);
    expect(box).toBeDefined();
    expect(box!.right - box!.left).toBeGreaterThan(100); // '金额：¥12.50'
    expect(blackCount(withPrice)).toBeGreaterThan(blackCount(without) + 200);
  });

  it('draws the label prefix before the value', () => {
    const line = { field: 'product' as const, size: 24 };
    const bare = renderLabelRaster(sampleContent(), oneLine(RECEIPT_58, line));
    const labelled = renderLabelRaster(sampleContent(), oneLine(RECEIPT_58, { ...line, label: '品名' }));
    expect(inkBox(labelled)!.right - inkBox(bare)!.right).toBeGreaterThanOrEqual(2.5 * 24); // '品名：' is three ideographs wide
  });

  it('renders Chinese with real glyphs: different names differ, and none looks like a missing-glyph box', () => {
    const line = oneLine(RECEIPT_58, { field: 'product', size: 24 });
    const render = (product: string) => renderLabelRaster(sampleContent({ product }), line);
    const baicai = render('白菜');
    const bocai = render('菠菜');
    const tofu = render('\u{E000}\u{E001}'); // private-use: no font has them, so they show the .notdef glyph
    expect(blackCount(baicai)).toBeGreaterThan(100);
    expect(differingRows(baicai, bocai).length).toBeGreaterThan(10);
    expect(Buffer.from(baicai.bits).equals(Buffer.from(tofu.bits))).toBe(false);
    // The first character alone: 白 and 菠 have different ink, a font falling back to boxes would not.
    expect(blackCount(render('白'))).not.toBe(blackCount(render('菠')));
  });

  it('keeps one-dot strokes that straddle two dots (市 must not print as 亏)', () => {
    for (let size = 12; size <= 24; size++) {
      const bm = renderLabelRaster(sampleContent({ product: '市' }), oneLine(RECEIPT_58, { field: 'product', size }));
      const box = inkBox(bm)!;
      // The stem of 巾 runs down the middle of the glyph for well over half its height.
      let longest = 0;
      const third = Math.floor((box.right - box.left) / 3);
      for (let x = box.left + third; x < box.right - third; x++) {
        let run = 0;
        for (let y = box.top; y < box.bottom; y++) {
          run = getPixel(bm, x, y) ? run + 1 : 0;
          longest = Math.max(longest, run);
        }
      }
      expect(longest, `市 at ${size} dots`).toBeGreaterThanOrEqual((box.bottom - box.top) / 2);
    }
  });

  it('bold is heavier than regular', () => {
    const line = { field: 'product' as const, size: 24 };
    const regular = renderLabelRaster(sampleContent({ product: '大白菜' }), oneLine(RECEIPT_58, line));
    const bold = renderLabelRaster(sampleContent({ product: '大白菜' }), oneLine(RECEIPT_58, { ...line, bold: true }));
    expect(blackCount(bold)).toBeGreaterThan(blackCount(regular) * 1.2);
  });

  it('wraps a long value onto more lines instead of cutting it off', () => {
    const short = renderLabelRaster(sampleContent(), RECEIPT_58);
    const long = renderLabelRaster(sampleContent({ issuer: '福建省泉州市鲤城区江南新区农产品综合批发市场第二交易区 118 号摊位' }), RECEIPT_58);
    expect(long.height - short.height).toBeGreaterThanOrEqual(2 * 30);
  });

  it('keeps the text column clear of the QR on a label, and prints the whole code in full width below it', () => {
    const content = sampleContent();
    const bm = renderLabelRaster(content, LABEL_40x30);
    const { side, x } = qrBlock(bm, LABEL_40x30, content.qr);
    // The 19-digit code is too wide for the column beside the QR: it goes below it, full width.
    const below = inkBox(bm, 0, side, bm.width, bm.height);
    expect(below).toBeDefined();
    expect(below!.right).toBeGreaterThan(x);
    expect(below!.right - below!.left).toBeGreaterThan(19 * 7); // 19 digits of ~8 dots at 16 dots size
    expect(below!.bottom).toBeLessThanOrEqual(bm.height - 8); // inside the 1 mm margin
  });

  it('shrinks lines to fit a fixed-size label, and throws rather than print a code that cannot fit', () => {
    const wordy = sampleContent({ issuer: '福建省泉州市鲤城区江南新区农产品综合批发市场二区118号' });
    const bm = renderLabelRaster(wordy, LABEL_40x30);
    expect(bm.height).toBe(240);
    expect(inkBox(bm, 0, 232, bm.width, 240)).toBeUndefined(); // nothing spills into the bottom margin
    expect(() => renderLabelRaster(sampleContent({ code: '3'.repeat(60) }), LABEL_40x30)).toThrow(RangeError);
  });

  it('uses the font families it is given', () => {
    const line = oneLine(RECEIPT_58, { field: 'date', size: 24 });
    const sans = renderLabelRaster(sampleContent(), line, { fontFamily: DEFAULT_FONT_FAMILY });
    const mono = renderLabelRaster(sampleContent(), line, { fontFamily: CODE_FONT_FAMILY });
    expect(Buffer.from(sans.bits).equals(Buffer.from(mono.bits))).toBe(false);
  });
});

describe('the 40 × 30 label keeps every line on one line inside its box', () => {
  // The quantity used to wrap as "20.000 公 / 斤", a long issuer onto a second line.
  const content = sampleContent({ quantity: '20.000 公斤', stall: 'A区 12号 王记蔬菜批发', issuer: '福州市鼓楼区东街口农贸市场管理处' });
  const qrSide = (qrMatrix(content.qr).size + 8) * LABEL_40x30.qrModule;
  const column = { left: 8, right: 320 - qrSide - 8 };

  it('measured: each line fits the column beside the QR (or the full width below it), shrunk first, then cut with …', () => {
    const { text } = layOut(content, LABEL_40x30);
    expect(text.map((op) => op.text)).toEqual(['白菜', '20.000 公斤', '2026-11-25', expect.stringMatching(/^A区 12号.*…$/), expect.stringMatching(/^福州市.*…$/), content.code]);
    for (const op of text) {
      const right = op.baseline - baselineOffset(op.style.size) < qrSide ? column.right : 320 - 8;
      expect(op.x, op.text).toBe(column.left);
      expect(op.x + measure(op.text, op.style), op.text).toBeLessThanOrEqual(right);
      expect(op.style.size, op.text).toBeGreaterThanOrEqual(12);
    }
    expect(text.find((op) => op.text === '20.000 公斤')!.style.size).toBeLessThan(20); // shrunk rather than wrapped
    expect(text.at(-1)!.style.family).toBe(CODE_FONT_FAMILY);
  });

  it('rendered: one band of ink per field beside the QR, none in the gutter, and the QR still reads', async () => {
    const bm = renderLabelRaster(content, LABEL_40x30);
    const bands: number[] = [];
    for (let y = 0, inBand = false; y < qrSide; y++) {
      const ink = inkBox(bm, 0, y, column.right + 8, y + 1) !== undefined;
      if (ink && !inBand) bands.push(y);
      inBand = ink;
    }
    expect(bands).toHaveLength(5); // product, quantity, date, stall, issuer
    expect(inkBox(bm, column.right + 1, 0, 320 - qrSide, qrSide)).toBeUndefined();
    expect(await zxingCppRead(bm, 'QRCode')).toBe(content.qr);
  });

  it('prints codes in a monospace font whose zero is slashed, so 0 is never read as O or C', () => {
    const zero = (family: string) => {
      const bm = renderLabelRaster(sampleContent({ product: '0' }), oneLine(RECEIPT_58, { field: 'product', size: 16 }), { fontFamily: family });
      const box = inkBox(bm)!;
      const [cx, cy] = [Math.floor((box.left + box.right) / 2), Math.floor((box.top + box.bottom) / 2)];
      return inkBox(bm, cx - 1, cy - 1, cx + 2, cy + 2) !== undefined;
    };
    expect(zero(CODE_FONT_FAMILY)).toBe(true);
    expect(zero(DEFAULT_FONT_FAMILY)).toBe(false); // the text font's zero is an open oval
  });

  it('uses the bundled fonts alone: no system font is loaded in these tests', () => {
    // Each is listed under its own name and under the station's alias.
    expect(GlobalFonts.families.map((f) => f.family).sort()).toEqual(['Noto Sans SC', 'Roboto Mono', BUNDLED_FONTS.sans.family, BUNDLED_FONTS.mono.family].sort());
  });
});

describe('the 40 × 30 label of a URL QR: 产地, 检测 and the query page fit, nothing clipped', () => {
  const content = urlContent();
  const qrSide = (qrMatrix(content.qr).size + 8) * LABEL_40x30.qrModule;
  const column = { left: 8, right: 320 - qrSide - 8 };
  /** Where each line's ink may reach: the column beside the QR, or the full width below it. */
  const rightOf = (op: { baseline: number; style: { size: number } }) => (op.baseline - baselineOffset(op.style.size) < qrSide ? column.right : 320 - 8);

  it('has a version 8 QR (49 modules, 171 dots with its quiet zone), leaving a 133-dot column beside it', () => {
    expect(qrMatrix(content.qr).size).toBe(49);
    expect(qrSide).toBe(171);
    expect(column.right - column.left).toBe(133);
  });

  it('measured: every line whole, in its box, 12 dots or more; the code and the query page under the QR', () => {
    const { text } = layOut(content, LABEL_40x30);
    expect(text.map((op) => op.text)).toEqual([
      '白菜',
      '2.350 公斤',
      '2026-11-25',
      '5号摊 陈记蔬菜',
      '鲤城农贸市场 收货台',
      '产地：寿光市农业农村局',
      '检测：合格',
      content.code,
      '查询：trace.example.gov.cn/q',
    ]);
    for (const op of text) {
      expect(op.x + measure(op.text, op.style), op.text).toBeLessThanOrEqual(rightOf(op));
      expect(op.style.size, op.text).toBeGreaterThanOrEqual(12);
      // The last line's descenders stay above the 1 mm bottom margin.
      expect(op.baseline + Math.ceil(op.style.size * 0.2), op.text).toBeLessThanOrEqual(240 - 8);
    }
    const [code, lookup] = text.slice(-2);
    expect(code!.baseline - baselineOffset(code!.style.size)).toBeGreaterThanOrEqual(qrSide);
    expect(lookup!.baseline - baselineOffset(lookup!.style.size)).toBeGreaterThanOrEqual(qrSide);
  });

  it('measured: long names are shrunk, then cut with …, never wrapped onto the code or over the QR', () => {
    const long = urlContent({ area: '福建省漳州市龙海区农业农村局', issuer: '福州市鼓楼区东街口农贸市场管理处', stall: 'A区 12号 王记蔬菜批发' });
    const { text, height } = layOut(long, LABEL_40x30);
    expect(height).toBe(240);
    expect(text.map((op) => op.text)).toEqual([
      '白菜',
      '2.350 公斤',
      '2026-11-25',
      expect.stringMatching(/^A区 12号/),
      expect.stringMatching(/^福州市.*…$/),
      expect.stringMatching(/^产地：福建省.*…$/),
      '检测：合格',
      long.code,
      '查询：trace.example.gov.cn/q',
    ]);
    for (const op of text) expect(op.x + measure(op.text, op.style), op.text).toBeLessThanOrEqual(rightOf(op));
  });

  it('rendered: one band of ink per line beside the QR, none in the gutter or the bottom margin, and the QR reads as the URL', async () => {
    const bm = renderLabelRaster(content, LABEL_40x30);
    const bands: number[] = [];
    for (let y = 0, inBand = false; y < qrSide; y++) {
      const ink = inkBox(bm, 0, y, column.right + 8, y + 1) !== undefined;
      if (ink && !inBand) bands.push(y);
      inBand = ink;
    }
    expect(bands).toHaveLength(7); // product, quantity, date, stall, issuer, 产地, 检测
    expect(inkBox(bm, column.right + 1, 0, 320 - qrSide, qrSide)).toBeUndefined();
    expect(inkBox(bm, 0, 232, 320, 240)).toBeUndefined();
    // Under the QR: the code, then the query page, each inside the side margins.
    const below = inkBox(bm, 0, qrSide, 320, 232)!;
    expect(below.left).toBeGreaterThanOrEqual(8);
    expect(below.right).toBeLessThanOrEqual(320 - 8);
    expect(await zxingCppRead(bm, 'QRCode')).toBe(content.qr);
    // zxing-js, the camera's decoder, reads the symbol cut out of the label.
    const { x } = qrBlock(bm, LABEL_40x30, content.qr);
    expect(zxingQr(crop(bm, x, 0, qrSide, qrSide))).toBe(content.qr);
    // `UPDATE_SCREENSHOTS=1` keeps this label, dot for dot (scale 3), for docs/public-trace.md.
    if (process.env.UPDATE_SCREENSHOTS) {
      const dir = new URL('../../../docs/screenshots/', import.meta.url);
      mkdirSync(dir, { recursive: true });
      writeFileSync(new URL('label-url-40x30.png', dir), rasterToPng(bm, 3));
    }
  });
});

describe('determinism', () => {
  it.each([LABEL_40x30, RECEIPT_58, RECEIPT_80])('$id renders byte-identical bits twice', (template) => {
    const a = renderLabelRaster(sampleContent({ price: '¥12.50' }), template);
    const b = renderLabelRaster(sampleContent({ price: '¥12.50' }), template);
    expect(Buffer.from(a.bits).equals(Buffer.from(b.bits))).toBe(true);
  });
});

describe('preview', () => {
  it('is a PNG of the same raster, each dot a scale × scale black or white square', () => {
    const bm = renderLabelRaster(sampleContent(), LABEL_40x30);
    for (const scale of [1, 2, 3]) {
      const png = PNG.sync.read(rasterToPng(bm, scale));
      expect([png.width, png.height]).toEqual([bm.width * scale, bm.height * scale]);
      for (let y = 0; y < png.height; y++) {
        for (let x = 0; x < png.width; x++) {
          const i = (y * png.width + x) * 4;
          const want = getPixel(bm, Math.floor(x / scale), Math.floor(y / scale)) ? 0 : 255;
          if (png.data[i] !== want || png.data[i + 1] !== want || png.data[i + 2] !== want) throw new Error(`pixel (${x}, ${y}) at scale ${scale}`);
        }
      }
    }
  });

  it('gives a data URL of that PNG for the UI', () => {
    const bm = renderLabelRaster(sampleContent(), RECEIPT_58);
    const url = rasterToDataUrl(bm);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64').equals(rasterToPng(bm, 2))).toBe(true);
  });

  it('refuses a fractional scale, which would blur dots', () => {
    expect(() => rasterToPng(renderLabelRaster(sampleContent(), LABEL_40x30), 1.5)).toThrow(RangeError);
  });
});
