import { readFile } from 'node:fs/promises';
import type { PDFDocument } from 'pdf-lib';
import { bundledFontPath } from '../../drivers/printer/raster/fonts';

/**
 * The font for Chinese documents (disposal certificates), prepared for pdf-lib: the station's
 * bundled Noto Sans SC (drivers/printer/raster/fonts.ts), or a TrueType font an admin configured.
 *
 * pdf-lib embeds fonts through `@pdf-lib/fontkit@1.1.1`, whose subsetter has two known bugs
 * (pdf-lib#1232, fixed upstream in fontkit 1.8 but never in this fork):
 * - TrueType: it writes short `loca` offsets without padding odd-length glyph records, so most
 *   glyphs after the first odd one come out blank. We pad each record (see `fontkitFor`).
 * - CFF outlines (Noto Sans CJK, Source Han, …): the subset CFF is invalid and viewers drop the
 *   font. Embedding the whole face instead costs ~16 MB per certificate, so such fonts are skipped.
 * So only TrueType-outline fonts qualify; from a .ttc collection one face is taken.
 */

export interface CjkFont {
  path: string;
  bytes: Uint8Array;
  /** The face to use when `path` is a collection (.ttc); undefined for a single font. */
  postscriptName: string | undefined;
}

export interface TriedFont {
  path: string;
  reason: 'missing' | 'unreadable' | 'notAFont' | 'cffOutlines' | 'noCjkGlyphs';
}

export class NoCjkFontError extends Error {
  readonly code = 'noCjkFont';
  readonly tried: TriedFont[];
  constructor(tried: TriedFont[]) {
    super(`no usable CJK TrueType font; tried: ${tried.map((t) => `${t.path} (${t.reason})`).join(', ') || 'nothing'}`);
    this.name = 'NoCjkFontError';
    this.tried = tried;
  }
}

/** The slice of fontkit this module touches (its .d.ts omits collections and subset internals). */
interface FkFont {
  postscriptName: string | null;
  directory: { tables: Record<string, unknown> };
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): FkSubset;
}
interface FkCollection {
  fonts: FkFont[];
}
interface FkGlyphBuffer {
  length: number;
  set(src: FkGlyphBuffer): void;
  constructor: { alloc(size: number): FkGlyphBuffer };
}
interface FkSubset {
  glyf: FkGlyphBuffer[];
  offset: number;
  _addGlyph(gid: number): number;
}
interface Fontkit {
  create(bytes: Uint8Array, postscriptName?: string): FkFont | FkCollection;
}

async function loadFontkit(): Promise<Fontkit> {
  const mod = await import('@pdf-lib/fontkit');
  // A UMD bundle: Node's ESM loader exposes it only as `default`, bundlers may expose names.
  return ((mod as { default?: unknown }).default ?? mod) as Fontkit;
}

// Characters of the certificate title: a face without them is no Chinese font.
const PROBE = [...'销毁证明'].map((c) => c.codePointAt(0)!);
const isCjk = (f: FkFont) => PROBE.every((cp) => f.hasGlyphForCodePoint(cp));
const isTrueType = (f: FkFont) => 'glyf' in f.directory.tables;

function pickFace(parsed: FkFont | FkCollection): { face?: FkFont; reason?: TriedFont['reason'] } {
  const faces = 'fonts' in parsed ? parsed.fonts : [parsed];
  const cjk = faces.filter(isCjk);
  if (cjk.length === 0) return { reason: 'noCjkGlyphs' };
  const tt = cjk.filter(isTrueType);
  if (tt.length === 0) return { reason: 'cffOutlines' };
  // Collections such as PingFang.ttc hold SC/TC/HK faces; the scheme is mainland China.
  return { face: tt.find((f) => /sc(-|$)/i.test(f.postscriptName ?? '')) ?? tt[0] };
}

async function tryFont(fontkit: Fontkit, file: string): Promise<CjkFont | TriedFont> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { path: file, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  let parsed: FkFont | FkCollection;
  try {
    parsed = fontkit.create(bytes);
  } catch {
    return { path: file, reason: 'notAFont' };
  }
  const { face, reason } = pickFace(parsed);
  if (!face) return { path: file, reason: reason! };
  return { path: file, bytes, postscriptName: 'fonts' in parsed ? (face.postscriptName ?? undefined) : undefined };
}

const cache = new Map<string, Promise<CjkFont>>();

/**
 * The first usable font: `fontPath` (the station's setting) if given, then `candidates`
 * (default: the bundled font). The result is cached per list; failures are not, so a font
 * fixed later is found without a restart.
 */
export function loadCjkFont(options: { fontPath?: string; candidates?: string[] } = {}): Promise<CjkFont> {
  const list = [...(options.fontPath ? [options.fontPath] : []), ...(options.candidates ?? [bundledFontPath('sans')])];
  const key = list.join('\n');
  let hit = cache.get(key);
  if (!hit) {
    hit = (async () => {
      const fontkit = await loadFontkit();
      const tried: TriedFont[] = [];
      for (const file of list) {
        const r = await tryFont(fontkit, file);
        if ('bytes' in r) return r;
        tried.push(r);
      }
      throw new NoCjkFontError(tried);
    })();
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * What to hand to `PDFDocument.registerFontkit` for this font: it opens the chosen collection face
 * (pdf-lib passes no face name) and pads glyph records to even length so the subsetter's short
 * `loca` offsets stay exact.
 */
export async function fontkitFor(font: CjkFont): Promise<PdfLibFontkit> {
  const fontkit = await loadFontkit();
  return {
    create(bytes: Uint8Array) {
      const face = fontkit.create(bytes, font.postscriptName) as FkFont;
      const createSubset = face.createSubset.bind(face);
      face.createSubset = () => {
        const subset = createSubset();
        const addGlyph = subset._addGlyph.bind(subset);
        subset._addGlyph = (gid) => {
          const i = addGlyph(gid);
          const record = subset.glyf[i];
          if (record.length % 2 === 1) {
            // Same Buffer class as the original: fontkit's stream rejects plain Uint8Arrays.
            const padded = record.constructor.alloc(record.length + 1);
            padded.set(record);
            subset.glyf[i] = padded;
            subset.offset += 1;
          }
          return i;
        };
        return subset;
      };
      return face as unknown as ReturnType<PdfLibFontkit['create']>;
    },
  };
}
