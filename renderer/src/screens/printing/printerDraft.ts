import type { Input, LabelTemplateInfo, Printer, PrinterTransportSpec } from '../../../../shared/contract';

export type TransportKind = PrinterTransportSpec['kind'];
export const TRANSPORT_KINDS: readonly TransportKind[] = ['tcp', 'serial', 'device', 'queue'];
export const BAUD_RATES = ['9600', '19200', '38400', '57600', '115200'];
export const DEFAULT_PORT = '9100';

/**
 * The printer form as typed. Each connection kind keeps its own fields, so trying another kind
 * and coming back loses nothing.
 */
export interface PrinterDraft {
  id?: string;
  name: string;
  language: Printer['language'];
  mode: Printer['mode'];
  kind: TransportKind;
  host: string;
  port: string;
  serialPath: string;
  baudRate: string;
  devicePath: string;
  queueName: string;
  templateId: string;
  purpose: Printer['purpose'];
  isDefault: boolean;
  encoding: Printer['encoding'];
}

const BLANK = { host: '', port: DEFAULT_PORT, serialPath: '', baudRate: '9600', devicePath: '', queueName: '' };

/** ESC/POS machines print receipts; TSPL and ZPL machines print labels. */
const kindFor = (language: Printer['language']): LabelTemplateInfo['kind'] => (language === 'escpos' ? 'receipt' : 'label');

/**
 * On 40×30 label stock the native layout overlaps (the QR is big), so a label template prints as
 * an image; receipts print well with the printer's own commands.
 */
const modeFor = (template: LabelTemplateInfo): Printer['mode'] => (template.kind === 'label' ? 'raster' : 'native');

/** A new printer: most stalls print on a TSPL label printer over the network. */
export function newDraft(templates: LabelTemplateInfo[]): PrinterDraft {
  const template = templates.find((t) => t.kind === 'label') ?? templates[0];
  const purpose = { purpose: 'labels' as const, isDefault: false, encoding: 'gbk' as const };
  return { name: '', language: 'tspl', mode: template ? modeFor(template) : 'raster', kind: 'tcp', ...BLANK, templateId: template?.id ?? '', ...purpose };
}

export function draftOf(printer: Printer): PrinterDraft {
  const { id, name, language, mode, templateId, purpose, isDefault, encoding } = printer;
  const base = { id, name, language, mode, templateId, purpose, isDefault, encoding, ...BLANK };
  const tr = printer.transport;
  switch (tr.kind) {
    case 'tcp':
      return { ...base, kind: 'tcp', host: tr.host, port: String(tr.port) };
    case 'serial':
      return { ...base, kind: 'serial', serialPath: tr.path, baudRate: String(tr.baudRate) };
    case 'device':
      return { ...base, kind: 'device', devicePath: tr.path };
    case 'queue':
      return { ...base, kind: 'queue', queueName: tr.name };
  }
}

/** A template choice also sets the print mode that suits it (the admin may still change it). */
export function withTemplate(draft: PrinterDraft, template: LabelTemplateInfo): PrinterDraft {
  return { ...draft, templateId: template.id, mode: modeFor(template) };
}

/**
 * A language choice moves the template to the stock that kind of printer takes, if it was on the
 * other, and the use with it: a receipt printer prints receipts, a label printer labels.
 */
export function withLanguage(draft: PrinterDraft, language: Printer['language'], templates: LabelTemplateInfo[]): PrinterDraft {
  const receipts = kindFor(language) === 'receipt';
  const purpose = receipts && draft.purpose === 'labels' ? 'receipts' : !receipts && draft.purpose === 'receipts' ? 'labels' : draft.purpose;
  const next = { ...draft, language, purpose };
  const current = templates.find((t) => t.id === draft.templateId);
  if (current?.kind === kindFor(language)) return next;
  const fitting = templates.find((t) => t.kind === kindFor(language));
  return fitting ? withTemplate(next, fitting) : next;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Host names, IPv4 and IPv6 (with brackets or a zone) — no spaces, no scheme, no path. */
const HOST = /^[A-Za-z0-9._\-:[\]%]+$/;

/** savePrinter input, or what to fix first as i18n keys (nothing is sent). */
export function printerInput(d: PrinterDraft): { input: Input<'savePrinter'> } | { problems: string[] } {
  const problems: string[] = [];
  const text = (value: string, max: number, missing: string) => {
    const s = value.trim();
    if (!s || s.length > max || CONTROL.test(s)) problems.push(missing);
    return s;
  };
  const name = text(d.name, 40, 'printing.problem.name');
  let transport: PrinterTransportSpec;
  switch (d.kind) {
    case 'tcp': {
      const host = d.host.trim();
      if (!host) problems.push('printing.problem.host');
      else if (host.length > 253 || !HOST.test(host)) problems.push('printing.problem.hostShape');
      const port = /^\d{1,5}$/.test(d.port.trim()) ? Number(d.port.trim()) : NaN;
      if (!(port >= 1 && port <= 65535)) problems.push('printing.problem.port');
      transport = { kind: 'tcp', host, port };
      break;
    }
    case 'serial': {
      const baudRate = Number(d.baudRate);
      if (!Number.isInteger(baudRate) || baudRate < 1200 || baudRate > 921600) problems.push('printing.problem.baudRate');
      transport = { kind: 'serial', path: text(d.serialPath, 200, 'printing.problem.serialPath'), baudRate };
      break;
    }
    case 'device':
      transport = { kind: 'device', path: text(d.devicePath, 200, 'printing.problem.devicePath') };
      break;
    case 'queue':
      transport = { kind: 'queue', name: text(d.queueName, 100, 'printing.problem.queueName') };
      break;
  }
  if (!d.templateId) problems.push('printing.problem.template');
  if (problems.length > 0) return { problems };
  return {
    input: { ...(d.id && { id: d.id }), name, language: d.language, mode: d.mode, transport, templateId: d.templateId, purpose: d.purpose, isDefault: d.isDefault, encoding: d.encoding },
  };
}
