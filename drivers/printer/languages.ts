import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { decodeEscposStatus, escposLabel, ESCPOS_STATUS_REQUEST } from './escpos';
import { labelLines, placeLabel, type RenderOptions } from './layout';
import { unprintable, type PrinterEncoding } from './text';
import { PrinterError, toPrinterError, type PrinterTransport, type ReplyReader } from './transports/transport';
import { decodeTsplStatus, TSPL_FONT, TSPL_STATUS_REQUEST, tsplLabel } from './tspl';
import { decodeZplStatus, ZPL_FONT, ZPL_QR_SINK_DOTS, ZPL_STATUS_REQUEST, zplLabel, zplStatusStrings } from './zpl';

export type PrinterLanguage = 'escpos' | 'tspl' | 'zpl';

export type PrinterProblem = 'paperOut' | 'coverOpen' | 'headOpen' | 'jam' | 'ribbonOut' | 'paused' | 'temperature' | 'offline' | 'paperNearEnd';

export interface PrinterStatus {
  /** Can print now; paper near end is a warning, not a stop. */
  ready: boolean;
  problems: PrinterProblem[];
  /** Still printing what it was sent (TSPL's printing bit, ZPL's formats in the buffer): ask again. */
  busy: boolean;
}

export interface JobOptions extends RenderOptions {
  /** ZPL only: the printer-side TrueType font for Chinese (zpl.ts). */
  cjkFont?: string;
  /** ESC/POS only: what the printer's Chinese font indexes (text.ts). */
  encoding?: PrinterEncoding;
}

export function buildJob(language: PrinterLanguage, content: LabelContent, template: LabelTemplate, options: JobOptions): Buffer {
  switch (language) {
    case 'escpos':
      return escposLabel(content, template, options);
    case 'tspl':
      return tsplLabel(content, template, options);
    case 'zpl':
      return zplLabel(content, template, options);
  }
}

/** Why a job cannot print in the printer's own font: it then prints as raster (the queue decides). */
export interface NativeObstacles {
  /** Characters the printer's font cannot show (it would print '?' or nothing). */
  chars: string[];
  /** The text does not fit beside and below the QR on this stock. */
  overflow: boolean;
}

/**
 * What stands in the way of printing `content` natively on this printer. TSPL's TSS24.BF2 and the
 * ZPL TrueType fonts index GBK; ESC/POS follows the printer's profile (GBK or GB18030). ESC/POS
 * flows text on continuous paper, so only TSPL and ZPL can run out of room.
 */
export function nativeObstacles(language: PrinterLanguage, content: LabelContent, template: LabelTemplate, encoding: PrinterEncoding = 'gbk'): NativeObstacles {
  const text = labelLines(content, template)
    .map((l) => l.text)
    .join('');
  const chars = unprintable(text, language === 'escpos' ? encoding : 'gbk');
  const native = language === 'tspl' ? { font: TSPL_FONT } : { font: ZPL_FONT, qrTop: ZPL_QR_SINK_DOTS };
  const overflow = language !== 'escpos' && placeLabel(content, template, { ...native, qrEcc: 'M' }).overflow;
  return { chars, overflow };
}

const REQUESTS: Record<PrinterLanguage, Buffer> = { escpos: ESCPOS_STATUS_REQUEST, tspl: TSPL_STATUS_REQUEST, zpl: ZPL_STATUS_REQUEST };

/** How many 3-byte windows of `bytes` match: the printer answers each real-time request it meets. */
function count(bytes: Uint8Array, match: (b: Uint8Array, i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i + 3 <= bytes.length; i++) if (match(bytes, i)) n++;
  return n;
}

/**
 * The status request and how to find its answer when it follows `job` on the same channel.
 * DLE EOT and ESC ! ? are real-time: a printer answers them wherever it meets them, and job bytes
 * (a raster, a QR's binary block) can hold the same three bytes by chance. So the answers to those
 * are counted in and ours is the one after them; a printer that ignores requests inside image
 * data then leaves the reader waiting, which ends as "not confirmed" — never as a wrong "printed".
 */
export function statusExchange(language: PrinterLanguage, job: Uint8Array = new Uint8Array(0)): { request: Buffer; read: ReplyReader } {
  const request = REQUESTS[language];
  switch (language) {
    case 'escpos': {
      const stray = count(job, (b, i) => b[i] === 0x10 && b[i + 1] === 0x04 && b[i + 2]! >= 1 && b[i + 2]! <= 4);
      const n = ESCPOS_STATUS_REQUEST.length / 3;
      return { request, read: (r) => (r.length >= stray + n ? r.subarray(stray, stray + n) : null) };
    }
    case 'tspl': {
      const stray = count(job, (b, i) => b[i] === 0x1b && b[i + 1] === 0x21 && b[i + 2] === 0x3f);
      return { request, read: (r) => (r.length > stray ? r.subarray(stray, stray + 1) : null) };
    }
    case 'zpl': {
      const stray = count(job, (b, i) => b[i] === 0x7e && b[i + 1] === 0x48 && b[i + 2] === 0x53);
      return { request, read: (r) => zplStatusStrings(r, stray) };
    }
  }
}

/** The answer in words; a reply that is not a status of this language is refused ('badReply'). */
export function decodeStatus(language: PrinterLanguage, reply: Uint8Array): PrinterStatus {
  const problems: PrinterProblem[] = [];
  let busy = false;
  try {
    if (language === 'escpos') {
      const s = decodeEscposStatus(reply);
      if (!s.online) problems.push('offline');
      if (s.coverOpen) problems.push('coverOpen');
      if (s.paperOut) problems.push('paperOut');
      else if (s.paperNearEnd) problems.push('paperNearEnd');
    } else if (language === 'tspl') {
      if (reply.length < 1) throw new Error('TSPL status needs one reply byte');
      const s = decodeTsplStatus(reply[0]!);
      if (s.headOpen) problems.push('headOpen');
      if (s.jam) problems.push('jam');
      if (s.paperOut) problems.push('paperOut');
      if (s.ribbonOut) problems.push('ribbonOut');
      if (s.paused) problems.push('paused');
      if (s.unknown) problems.push('offline');
      busy = s.printing;
    } else {
      const s = decodeZplStatus(reply);
      if (s.headOpen) problems.push('headOpen');
      if (s.paperOut) problems.push('paperOut');
      if (s.ribbonOut) problems.push('ribbonOut');
      if (s.paused) problems.push('paused');
      if (s.temperature) problems.push('temperature');
      busy = s.busy;
    }
  } catch (e) {
    throw new PrinterError('badReply', (e as Error).message, { cause: e });
  }
  return { ready: problems.every((p) => p === 'paperNearEnd'), problems, busy };
}

/** Asks and decodes in one go; null when the transport has no way back (device file, OS queue). */
export async function queryStatus(language: PrinterLanguage, transport: PrinterTransport, timeoutMs: number): Promise<PrinterStatus | null> {
  if (!transport.query) return null;
  const { request, read } = statusExchange(language);
  return decodeStatus(language, await transport.query(request, read, timeoutMs));
}

/**
 * Sends a job with the status request right behind it and returns the printer's answer: it can
 * only answer once it has read the whole job, so an answer confirms the job arrived and says
 * whether it can print it. null: the transport has no way back, nothing can be confirmed.
 * Failures after the job went out are PrinterErrors with `sent` set.
 */
export async function sendConfirmed(language: PrinterLanguage, transport: PrinterTransport, job: Buffer, timeoutMs: number): Promise<PrinterStatus | null> {
  if (!transport.query) {
    await transport.send(job);
    return null;
  }
  const { request, read } = statusExchange(language, job);
  const reply = await transport.query(Buffer.concat([job, request]), read, timeoutMs);
  try {
    return decodeStatus(language, reply);
  } catch (e) {
    throw toPrinterError(e, 'status after the job', { sent: true });
  }
}
