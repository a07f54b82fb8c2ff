import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import opentype from 'opentype.js';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFontPath } from '../../../drivers/printer/raster/fonts';
import { fontkitFor, loadCjkFont, NoCjkFontError } from '../../../electron/documents/cjkFont';
import { disposalQrPayload, renderDisposalCertificate, type DisposalCertificateData } from '../../../electron/documents/disposalCertificate';
import { readPdf, renderPdfPage } from '../../fixtures/pdf';
import { zxingCppRead } from '../../fixtures/zxingCpp';

// Only the fonts the station ships: no system font is needed or looked at.
const NOTO = bundledFontPath('sans'); // Chinese, TrueType outlines
const MONO = bundledFontPath('mono'); // Latin only

/** A font with the certificate title's glyphs in CFF outlines, as Noto Sans CJK and Source Han have. */
function cffCjkFont(): Uint8Array {
  const square = () => {
    const p = new opentype.Path();
    p.moveTo(100, 0);
    p.lineTo(900, 0);
    p.lineTo(900, 800);
    p.lineTo(100, 800);
    p.close();
    return p;
  };
  const glyphs = [
    new opentype.Glyph({ name: '.notdef', advanceWidth: 500, path: new opentype.Path() }),
    ...[...'销毁证明'].map((ch) => new opentype.Glyph({ name: `uni${ch.codePointAt(0)!.toString(16)}`, unicode: ch.codePointAt(0)!, advanceWidth: 1000, path: square() })),
  ];
  return new Uint8Array(new opentype.Font({ familyName: 'CFF CJK', styleName: 'Regular', unitsPerEm: 1000, ascender: 880, descender: -120, glyphs }).toArrayBuffer());
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disposal-cert-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function photo(format: 'png' | 'jpeg', color: string): Uint8Array {
  const canvas = createCanvas(320, 200);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 320, 200);
  return format === 'png' ? canvas.encodeSync('png') : canvas.encodeSync('jpeg', 80);
}

const childCodes = Array.from({ length: 200 }, (_, i) => `FJ35010220250301${String(i + 1).padStart(4, '0')}`);

function sample(over: Partial<DisposalCertificateData> = {}): DisposalCertificateData {
  return {
    certificateNumber: 'XH-20250301-0007',
    marketName: '福州市海峡农副产品批发市场',
    stationName: '蔬菜区销毁室',
    stationId: 'ST-01',
    lot: { code: 'FJ3501022025', variety: '小白菜（上海青）', supplier: '闽侯县青口镇绿源蔬菜专业合作社', quantity: 125.5, unit: 'kg', entryDate: '2025-03-01T06:12:00+08:00' },
    childCodes,
    reason: { kind: 'testFailed', text: '农药残留快速检测抑制率超标，复检仍不合格，按规定就地销毁。' },
    test: { item: '有机磷和氨基甲酸酯类农药残留', value: 68.2, unit: '%', threshold: '≥ 50', inspector: '林检测' },
    method: { kind: 'shredding' },
    quantityDestroyed: 125.5,
    operator: { name: '陈操作', confirmedAt: '2025-03-01T10:20:00+08:00' },
    witness: { name: '王见证', confirmedAt: '2025-03-01T10:21:30+08:00' },
    shredder: { mode: 'serial', startedAt: '2025-03-01T10:22:00+08:00', endedAt: '2025-03-01T10:25:25+08:00', noRunDetected: true },
    photos: { before: photo('png', '#2a8'), after: photo('jpeg', '#a52') },
    generatedAt: '2025-03-01T10:30:00+08:00',
    ...over,
  };
}

async function extract(pdf: Uint8Array) {
  const { pages, text } = await readPdf(pdf);
  return { text, pages: pages.length, sizes: pages.map((p) => [p.width, p.height]), images: pages.reduce((n, p) => n + p.images, 0) };
}

describe('renderDisposalCertificate', () => {
  it('prints the lot, people, shredder run and every portion sold from it (not destroyed), across numbered A4 pages', async () => {
    const pdf = await renderDisposalCertificate(sample());
    const { text, pages, sizes, images } = await extract(pdf);

    expect(text).toContain('食用农产品销毁（无害化处理）证明');
    expect(text).toContain('XH-20250301-0007');
    expect(text).toContain('FJ3501022025');
    expect(text).toContain('小白菜（上海青）');
    expect(text).toContain('闽侯县青口镇绿源蔬菜专业合作社');
    expect(text).toMatch(/批次数量\s+125\.500 公斤/);
    expect(text).toMatch(/销毁数量\s+125\.500 公斤/);
    expect(text).toContain('检测不合格');
    expect(text).toMatch(/检测结果\s+68\.2 %/);
    expect(text).toMatch(/判定限值\s+≥ 50 %/); // the bundled font has ≥: no stand-in
    expect(text).toContain('林检测');
    expect(text).toContain('陈操作（确认时间 2025-03-01 10:20:00）');
    expect(text).toContain('王见证（确认时间 2025-03-01 10:21:30）');
    expect(text).toContain('串口信号');
    expect(text).toMatch(/运行时长\s+3 分 25 秒/);
    expect(text).toContain('未检测到粉碎机运行');
    // The portions sold from the lot are listed as what they are: with their buyers, not destroyed here.
    expect(text).toContain('附：已分装售出子码清单（共 200 个，不在本次销毁之列）');
    expect(text).toMatch(/已分装售出子码\s+200 个（在买方，未销毁；清单见附）/);
    for (const code of childCodes) expect(text).toContain(code);

    expect(pages).toBeGreaterThan(1);
    for (let i = 1; i <= pages; i++) expect(text).toMatch(new RegExp(`第\\s*${i}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));

    for (const [w, h] of sizes) expect([w.toFixed(2), h.toFixed(2)]).toEqual(['595.28', '841.89']); // A4
    // Subset embedding: the whole Noto Sans SC alone is 10.5 MB.
    expect(pdf.length).toBeLessThan(300_000);
    expect(images).toBe(2);
  });

  it('prints the shredder warning only when no run was detected', async () => {
    const quiet = await extract(
      await renderDisposalCertificate(
        sample({ childCodes: ['C1', 'C2'], shredder: { mode: 'manual', startedAt: '2025-03-01T10:22:00+08:00', endedAt: '2025-03-01T11:23:05+08:00', noRunDetected: false } }),
      ),
    );
    expect(quiet.text).not.toContain('未检测到粉碎机运行');
    expect(quiet.text).toContain('人工记录');
    expect(quiet.text).toMatch(/运行时长\s+1 小时 1 分 5 秒/);
    expect(quiet.pages).toBe(2);
    expect(quiet.text).toMatch(/第\s*2\s*页\s*\/\s*共\s*2\s*页/);
  });

  it('carries the certificate number and lot code in a QR a phone can read', async () => {
    const page = await renderPdfPage(await renderDisposalCertificate(sample({ childCodes: [] })), 1, 150);
    expect(await zxingCppRead(page, 'QRCode')).toBe(disposalQrPayload('XH-20250301-0007', 'FJ3501022025'));
  });

  it('switches the labels to English on request', async () => {
    const { text } = await extract(await renderDisposalCertificate(sample({ childCodes: ['C1'] }), { lang: 'en' }));
    expect(text).toContain('Certificate of Destruction');
    expect(text).toMatch(/Quantity destroyed\s+125\.500 kg/);
    expect(text).toMatch(/Duration\s+3 min 25 s/);
    expect(text).toMatch(/Warning\s+No shredder run was detected/);
    expect(text).toContain('小白菜（上海青）');
  });
});

/** Wraps a single TrueType font into a one-face .ttc (table offsets move by the 16-byte header). */
function asCollection(ttf: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + ttf.length);
  const view = new DataView(out.buffer);
  out.set([0x74, 0x74, 0x63, 0x66]); // 'ttcf'
  view.setUint32(4, 0x00010000);
  view.setUint32(8, 1);
  view.setUint32(12, 16);
  out.set(ttf, 16);
  const numTables = view.getUint16(16 + 4);
  for (let i = 0; i < numTables; i++) {
    const at = 16 + 12 + i * 16 + 8;
    view.setUint32(at, view.getUint32(at) + 16);
  }
  return out;
}

describe('loadCjkFont', () => {
  it('uses the bundled Noto Sans SC unless a font is configured', async () => {
    const font = await loadCjkFont();
    expect(font.path).toBe(NOTO);
    expect(font.postscriptName).toBeUndefined();
  });

  it('returns the configured font when it exists, before any candidate, and caches it', async () => {
    const configured = join(dir, 'station-font.ttf');
    await copyFile(NOTO, configured);
    const font = await loadCjkFont({ fontPath: configured, candidates: [NOTO] });
    expect(font.path).toBe(configured);
    expect(font.postscriptName).toBeUndefined();
    expect(font.bytes.length).toBeGreaterThan(1_000_000);
    expect(await loadCjkFont({ fontPath: configured, candidates: [NOTO] })).toBe(font);
  });

  it('falls back to the candidates when the configured font is missing', async () => {
    const font = await loadCjkFont({ fontPath: join(dir, 'gone.ttf'), candidates: [join(dir, 'also-gone.ttf'), NOTO] });
    expect(font.path).toBe(NOTO);
  });

  it('fails with noCjkFont, naming every path tried and why', async () => {
    const junk = join(dir, 'junk.ttf');
    await writeFile(junk, 'not a font');
    const cff = join(dir, 'cff-cjk.otf');
    await writeFile(cff, cffCjkFont());
    const missing = join(dir, 'missing.ttf');
    const err = await loadCjkFont({ fontPath: missing, candidates: [junk, MONO, cff] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoCjkFontError);
    expect((err as NoCjkFontError).code).toBe('noCjkFont');
    expect((err as NoCjkFontError).tried).toEqual([
      { path: missing, reason: 'missing' },
      { path: junk, reason: 'notAFont' },
      { path: MONO, reason: 'noCjkGlyphs' },
      { path: cff, reason: 'cffOutlines' },
    ]);
    expect((err as Error).message).toContain(missing);
    expect((err as Error).message).toContain(cff);
  });

  it('takes a TrueType face out of a .ttc collection and renders with it', async () => {
    const ttc = join(dir, 'noto.ttc');
    await writeFile(ttc, asCollection(await readFile(NOTO)));
    const font = await loadCjkFont({ fontPath: ttc, candidates: [] });
    expect(font.postscriptName).toBe('NotoSansSC-Regular');
    const { text } = await extract(await renderDisposalCertificate(sample({ childCodes: ['C1'] }), { fontPath: ttc }));
    expect(text).toContain('食用农产品销毁（无害化处理）证明');
    expect(text).toContain('陈操作');
  });

  it('subsets glyphs intact: the page rasterises exactly as with the whole font embedded', async () => {
    // @pdf-lib/fontkit 1.1.1 alone blanks most CJK glyphs here (pdf-lib#1232); fontkitFor pads them.
    const font = await loadCjkFont({ candidates: [NOTO] });
    const text = '食用农产品销毁无害化处理证明市场批次追溯码品种供应商数量原因检测不合格超过保质期腐败变质召回粉碎操作人见证人';
    const png = async (subset: boolean) => {
      const doc = await PDFDocument.create();
      doc.registerFontkit(await fontkitFor(font));
      const f = await doc.embedFont(font.bytes, { subset });
      const page = doc.addPage([400, 200]);
      for (let i = 0; i < text.length; i += 16) page.drawText(text.slice(i, i + 16), { x: 10, y: 170 - i * 2.5, size: 20, font: f });
      return renderPdfPage(await doc.save(), 1, 72);
    };
    const [subset, whole] = await Promise.all([png(true), png(false)]);
    expect(subset.equals(whole)).toBe(true);
  });
});
