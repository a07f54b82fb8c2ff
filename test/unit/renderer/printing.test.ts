import { describe, expect, it } from 'vitest';
import { PRINT_JOB_STATUSES, PRINTER_ENCODINGS, PRINTER_LANGUAGES, PRINTER_PURPOSES, type LabelTemplateInfo, type PrintJob } from '../../../shared/contract';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { blockedReasons, isBlocked, isNewer, isUnconfirmed, mergeJob, NOTE_CODES, noteCodes, shownStatus, WAIT_CODES, waitCodes } from '../../../renderer/src/screens/printing/jobs';
import { draftOf, newDraft, printerInput, TRANSPORT_KINDS, withLanguage, withTemplate, type PrinterDraft } from '../../../renderer/src/screens/printing/printerDraft';

const TEMPLATES: LabelTemplateInfo[] = [
  { id: 'label-40x30', name: '标签 40×30 mm', kind: 'label', widthMm: 40, heightMm: 30 },
  { id: 'receipt-58', name: '小票 58 mm', kind: 'receipt', widthMm: 58, heightMm: 0 },
  { id: 'receipt-80', name: '小票 80 mm', kind: 'receipt', widthMm: 80, heightMm: 0 },
];

let seq = 0;
function job(patch: Partial<PrintJob> = {}): PrintJob {
  seq++;
  return {
    id: `01JZ00000000000000000000${String(seq).padStart(2, '0')}`,
    lotId: '01JZ0000000000000000000LOT',
    code: '3050102000000000017',
    purpose: 'labels',
    printerId: null,
    templateId: 'label-40x30',
    status: 'queued',
    attempts: 0,
    revision: 0,
    lastError: null,
    confirmedBy: null,
    reprintOf: null,
    reason: null,
    createdAt: `2026-11-25T10:00:${String(seq).padStart(2, '0')}+08:00`,
    printedAt: null,
    lotStatus: 'admitted',
    cancelledFor: null,
    ...patch,
  };
}

describe('print jobs', () => {
  it('reads the reasons a job waits, each once, an unknown one as a general fault', () => {
    expect(waitCodes(job({ lastError: 'paperOut,coverOpen' }))).toEqual(['paperOut', 'coverOpen']);
    expect(waitCodes(job({ lastError: 'noPrinter' }))).toEqual(['noPrinter']);
    expect(waitCodes(job({ lastError: 'smoke,fire' }))).toEqual(['error']);
    expect(waitCodes(job())).toEqual([]);
  });

  it('counts a retry of a waiting job as still stuck, so the banner does not blink at every retry', () => {
    expect(isBlocked(job({ status: 'waiting', lastError: 'paperOut' }))).toBe(true);
    expect(isBlocked(job({ status: 'printing', lastError: 'paperOut' }))).toBe(true);
    expect(shownStatus(job({ status: 'printing', lastError: 'paperOut' }))).toBe('retrying');
    expect(isBlocked(job({ status: 'printing' }))).toBe(false);
    expect(shownStatus(job({ status: 'printing' }))).toBe('printing');
    expect(isBlocked(job({ status: 'done' }))).toBe(false);
  });

  it('gathers the reasons of all stuck jobs, the oldest job first', () => {
    const older = job({ status: 'waiting', lastError: 'offline' });
    const newer = job({ status: 'waiting', lastError: 'paperOut,offline' });
    expect(blockedReasons([newer, older, job({ status: 'done' })])).toEqual(['offline', 'paperOut']);
    expect(blockedReasons([job({ status: 'done' })])).toEqual([]);
  });

  it('keeps the list newest first, replaces a known job in place and respects the limit', () => {
    const a = job();
    const b = job();
    const c = job();
    let list = [b, a];
    list = mergeJob(list, { ...a, status: 'done' });
    expect(list.map((j) => [j.id, j.status])).toEqual([
      [b.id, 'queued'],
      [a.id, 'done'],
    ]);
    list = mergeJob(list, c, { limit: 2 });
    expect(list.map((j) => j.id)).toEqual([c.id, b.id]);
  });

  it('keeps the newest copy of a job whichever way it arrived first: a late answer or event puts no older state back', () => {
    const heard = new Map<string, number>();
    const queued = job();
    const printing = { ...queued, status: 'printing' as const, revision: 1 };
    const done = { ...queued, status: 'done' as const, revision: 2 };
    // The reprint's 已打印 event overtook the reprint's answer (still 等待打印).
    expect([queued, printing, done].map((j) => isNewer(heard, j))).toEqual([true, true, true]);
    expect(isNewer(heard, queued)).toBe(false);
    expect(isNewer(heard, printing)).toBe(false);
    expect(heard.get(queued.id)).toBe(2);
    // An unfinished-only list dropped the done job; its late answer does not bring it back.
    let list = mergeJob([], done, { unfinishedOnly: true });
    if (isNewer(heard, queued)) list = mergeJob(list, queued, { unfinishedOnly: true });
    expect(list).toEqual([]);
    // Another job is heard of on its own.
    expect(isNewer(heard, job())).toBe(true);
  });

  it('keeps a job sent and not confirmed among the unfinished ones, apart from the blocked', () => {
    const sent = job({ status: 'sent', lastError: 'timeout' });
    expect(isUnconfirmed(sent)).toBe(true);
    expect(isBlocked(sent)).toBe(false);
    expect(mergeJob([], sent, { unfinishedOnly: true })).toEqual([sent]);
    expect(waitCodes(sent)).toEqual(['timeout']);
    // Confirmed by hand: finished.
    expect(mergeJob([sent], { ...sent, status: 'done', lastError: null, confirmedBy: '陈摊主' }, { unfinishedOnly: true })).toEqual([]);
  });

  it('reads a printed job’s notes (warnings, printed as an image) and nothing else', () => {
    expect(noteCodes(job({ status: 'done', lastError: 'rasterText,paperNearEnd' }))).toEqual(['rasterText', 'paperNearEnd']);
    expect(noteCodes(job({ status: 'done', lastError: 'smoke' }))).toEqual([]);
    expect(noteCodes(job({ status: 'waiting', lastError: 'paperNearEnd' }))).toEqual([]);
  });

  it('drops finished jobs from a list of unfinished ones', () => {
    const a = job({ status: 'waiting', lastError: 'paperOut' });
    expect(mergeJob([a], { ...a, status: 'done', lastError: null }, { unfinishedOnly: true })).toEqual([]);
    expect(mergeJob([], { ...a, status: 'failed' }, { unfinishedOnly: true })).toEqual([]);
    // A label cancelled because its lot was stopped is finished too: it no longer holds up the banner.
    const cancelled = { ...a, status: 'cancelled' as const, lastError: null, lotStatus: 'destroyed' as const, cancelledFor: 'destroyed' as const };
    expect(mergeJob([a], cancelled, { unfinishedOnly: true })).toEqual([]);
    expect(isBlocked(cancelled)).toBe(false);
    expect(blockedReasons([cancelled])).toEqual([]);
  });

  it('names every status and every reason in both languages, with what to do about it', () => {
    for (const status of [...PRINT_JOB_STATUSES, 'retrying'] as const) {
      expect(zhCN.printing.jobStatus[status], status).toBeTruthy();
      expect(en.printing.jobStatus[status], status).toBeTruthy();
    }
    for (const code of WAIT_CODES) {
      for (const lang of [zhCN, en]) {
        expect(lang.printing.why[code], code).toBeTruthy();
        expect(lang.printing.fix[code], code).toBeTruthy();
      }
    }
    for (const note of NOTE_CODES) for (const lang of [zhCN, en]) expect(lang.printing.note[note], note).toBeTruthy();
    expect(Object.keys(zhCN.printing.language).sort()).toEqual([...PRINTER_LANGUAGES].sort());
    expect(Object.keys(zhCN.printing.purpose).sort()).toEqual([...PRINTER_PURPOSES].sort());
    expect(Object.keys(en.printing.encoding).sort()).toEqual([...PRINTER_ENCODINGS].sort());
    expect(Object.keys(zhCN.printing.transport).sort()).toEqual([...TRANSPORT_KINDS].sort());
  });
});

describe('printer form', () => {
  const filled = (patch: Partial<PrinterDraft> = {}): PrinterDraft => ({ ...newDraft(TEMPLATES), name: '2号摊标签机', host: '192.168.1.50', ...patch });

  it('starts as a TSPL label printer on the network, printing the label as an image', () => {
    expect(newDraft(TEMPLATES)).toMatchObject({
      language: 'tspl',
      templateId: 'label-40x30',
      mode: 'raster',
      kind: 'tcp',
      port: '9100',
      baudRate: '9600',
      purpose: 'labels',
      isDefault: false,
      encoding: 'gbk',
    });
  });

  it('prints a label template as an image and a receipt with the printer’s own commands', () => {
    const receipt = withTemplate(filled(), TEMPLATES[1]!);
    expect(receipt).toMatchObject({ templateId: 'receipt-58', mode: 'native' });
    expect(withTemplate(receipt, TEMPLATES[0]!)).toMatchObject({ templateId: 'label-40x30', mode: 'raster' });
  });

  it('moves to the stock a printer type takes, and leaves a fitting choice alone', () => {
    const escpos = withLanguage(filled(), 'escpos', TEMPLATES);
    expect(escpos).toMatchObject({ language: 'escpos', templateId: 'receipt-58', mode: 'native', purpose: 'receipts' });
    expect(withLanguage(escpos, 'tspl', TEMPLATES).purpose).toBe('labels');
    // A crate-label printer stays one, whatever its language.
    expect(withLanguage({ ...filled(), purpose: 'crate' }, 'escpos', TEMPLATES).purpose).toBe('crate');
    const wide = withTemplate(escpos, TEMPLATES[2]!);
    expect(withLanguage(wide, 'escpos', TEMPLATES).templateId).toBe('receipt-80');
    expect(withLanguage(wide, 'zpl', TEMPLATES)).toMatchObject({ templateId: 'label-40x30', mode: 'raster' });
    // A mode the admin picked by hand survives a language change that keeps the template.
    expect(withLanguage({ ...filled(), mode: 'native' }, 'zpl', TEMPLATES).mode).toBe('native');
  });

  it('builds savePrinter input for each kind of connection', () => {
    expect(printerInput(filled({ name: ' 2号摊标签机 ', host: ' 192.168.1.50 ', port: '9101' }))).toEqual({
      input: {
        name: '2号摊标签机',
        language: 'tspl',
        mode: 'raster',
        transport: { kind: 'tcp', host: '192.168.1.50', port: 9101 },
        templateId: 'label-40x30',
        purpose: 'labels',
        isDefault: false,
        encoding: 'gbk',
      },
    });
    expect(printerInput(filled({ kind: 'serial', serialPath: 'COM3', baudRate: '115200' }))).toMatchObject({ input: { transport: { kind: 'serial', path: 'COM3', baudRate: 115200 } } });
    expect(printerInput(filled({ kind: 'device', devicePath: '/dev/usb/lp0' }))).toMatchObject({ input: { transport: { kind: 'device', path: '/dev/usb/lp0' } } });
    expect(printerInput(filled({ kind: 'queue', queueName: 'Gprinter_GP-3120TU' }))).toMatchObject({ input: { transport: { kind: 'queue', name: 'Gprinter_GP-3120TU' } } });
  });

  it('says what to fix, field by field, and sends nothing', () => {
    // Every key it can return is translated.
    for (const key of Object.keys(zhCN.printing.problem)) expect(en.printing.problem[key as keyof typeof en.printing.problem]).toBeTruthy();
    expect(printerInput(filled({ name: ' ', host: '' }))).toEqual({ problems: ['printing.problem.name', 'printing.problem.host'] });
    expect(printerInput(filled({ host: 'http://printer/' }))).toEqual({ problems: ['printing.problem.hostShape'] });
    for (const port of ['0', '65536', '91 00', '', 'abc']) expect(printerInput(filled({ port })), port).toEqual({ problems: ['printing.problem.port'] });
    expect(printerInput(filled({ kind: 'serial' }))).toEqual({ problems: ['printing.problem.serialPath'] });
    expect(printerInput(filled({ kind: 'device' }))).toEqual({ problems: ['printing.problem.devicePath'] });
    expect(printerInput(filled({ kind: 'queue' }))).toEqual({ problems: ['printing.problem.queueName'] });
    expect(printerInput(filled({ templateId: '' }))).toEqual({ problems: ['printing.problem.template'] });
  });

  it('edits a saved printer in place, keeping its id and its connection', () => {
    const saved = {
      id: '01JZ0000000000000000000PRN',
      name: '收银小票机',
      language: 'escpos',
      mode: 'native',
      transport: { kind: 'serial', path: '/dev/ttyS0', baudRate: 19200 },
      templateId: 'receipt-80',
      purpose: 'receipts',
      isDefault: true,
      encoding: 'gb18030',
    } as const;
    const draft = draftOf(saved);
    expect(draft).toMatchObject({ kind: 'serial', serialPath: '/dev/ttyS0', baudRate: '19200', port: '9100' });
    expect(printerInput(draft)).toEqual({ input: saved });
  });
});
