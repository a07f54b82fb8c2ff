import type { LabelContent, LabelTemplate } from '../../shared/domain/label';
import { decodeEscposStatus, escposLabel, ESCPOS_STATUS_REPLY_BYTES, ESCPOS_STATUS_REQUEST } from './escpos';
import { labelLines, type RenderOptions } from './layout';
import { toGbk, type Substitution } from './text';
import type { PrinterTransport } from './transports/transport';
import { decodeTsplStatus, TSPL_STATUS_REPLY_BYTES, TSPL_STATUS_REQUEST, tsplLabel } from './tspl';
import { zplLabel } from './zpl';

export type PrinterLanguage = 'escpos' | 'tspl' | 'zpl';

export type PrinterProblem = 'paperOut' | 'coverOpen' | 'headOpen' | 'jam' | 'ribbonOut' | 'paused' | 'offline' | 'paperNearEnd';

export interface PrinterStatus {
  /** Can print now; paper near end is a warning, not a stop. */
  ready: boolean;
  problems: PrinterProblem[];
}

export interface JobOptions extends RenderOptions {
  /** ZPL only: the printer-side TrueType font for Chinese (zpl.ts). */
  cjkFont?: string;
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

/**
 * What native printing will change in the text, for the UI to warn about before printing: TSPL's
 * GBK fonts only (ESC/POS GB18030 and ZPL UTF-8 carry every character; raster draws them).
 */
export function textSubstitutions(language: PrinterLanguage, content: LabelContent, template: LabelTemplate): Substitution[] {
  if (language !== 'tspl') return [];
  return labelLines(content, template).flatMap((line) => toGbk(line.text).substitutions);
}

/**
 * The bytes that ask for status, or null where not implemented: ZPL's ~HS answers three
 * variable-length STX…ETX strings, left for when a Zebra is on a bench to test against.
 */
export function statusRequest(language: PrinterLanguage): Buffer | null {
  if (language === 'escpos') return ESCPOS_STATUS_REQUEST;
  if (language === 'tspl') return TSPL_STATUS_REQUEST;
  return null;
}

export function statusReplyLength(language: PrinterLanguage): number {
  return language === 'escpos' ? ESCPOS_STATUS_REPLY_BYTES : language === 'tspl' ? TSPL_STATUS_REPLY_BYTES : 0;
}

export function decodeStatus(language: PrinterLanguage, bytes: Uint8Array): PrinterStatus | null {
  const problems: PrinterProblem[] = [];
  if (language === 'escpos') {
    const s = decodeEscposStatus(bytes);
    if (!s.online) problems.push('offline');
    if (s.coverOpen) problems.push('coverOpen');
    if (s.paperOut) problems.push('paperOut');
    else if (s.paperNearEnd) problems.push('paperNearEnd');
  } else if (language === 'tspl') {
    if (bytes.length < 1) throw new Error('TSPL status needs one reply byte');
    const s = decodeTsplStatus(bytes[0]);
    if (s.headOpen) problems.push('headOpen');
    if (s.jam) problems.push('jam');
    if (s.paperOut) problems.push('paperOut');
    if (s.ribbonOut) problems.push('ribbonOut');
    if (s.paused) problems.push('paused');
    if (s.unknown) problems.push('offline');
  } else {
    return null;
  }
  return { ready: problems.every((p) => p === 'paperNearEnd'), problems };
}

/** Asks and decodes in one go; null when the language or the transport cannot answer. */
export async function queryStatus(language: PrinterLanguage, transport: PrinterTransport, timeoutMs: number): Promise<PrinterStatus | null> {
  const request = statusRequest(language);
  if (!request || !transport.query) return null;
  return decodeStatus(language, await transport.query(request, statusReplyLength(language), timeoutMs));
}
