import { z } from 'zod';
import { method } from './spec';
import { Id } from './entities';
import { DayRange } from './report';

const EXPORTING = ['manager'] as const;
/** A receiver exports their desk's 台账 (exportLedger): they follow, cancel and download their own exports only. */
const OWN_EXPORTS = ['receiver', 'manager'] as const;

export const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * One export's id (a ULID). The client may choose it, so it can cancel a call still running and
 * match the `exportProgress` events to it; the station makes one otherwise.
 */
export const ExportId = Id;

/** A finished export's file name in `<dataDir>/exports/`: plain ASCII, never a path. */
export const ExportFileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(xlsx|csv|pdf)$/, 'exportFileName');

/** A file written under `<dataDir>/exports/`; nothing is left there when an export fails or is cancelled. */
export const ExportFile = z.object({
  exportId: ExportId,
  fileName: ExportFileName,
  /** Where it was written, for a manager at the station's own PC. */
  path: z.string(),
  bytes: z.number().int(),
});
export type ExportFile = z.infer<typeof ExportFile>;

/** A finished export, for a browser (or the app) to save: the file itself, base64 (null when too large to send inline). */
export const ExportDownload = z.object({
  fileName: ExportFileName,
  mimeType: z.string(),
  bytes: z.number().int(),
  content: z.string().nullable(),
});
export type ExportDownload = z.infer<typeof ExportDownload>;

/** A running export's progress (throttled), in rows or steps; `total` null while not known. */
export const ExportProgress = z.object({ exportId: ExportId, done: z.number().int(), total: z.number().int().nullable() });
export type ExportProgress = z.infer<typeof ExportProgress>;

export const exportMethods = {
  /** 日报 of a day or a range as XLSX, CSV (UTF-8 with BOM) or a printable A4 PDF; answers once the file is written. */
  exportDayReport: method({ access: EXPORTING, input: z.object({ range: DayRange, format: ExportFormat, exportId: ExportId.optional() }), output: ExportFile }),
  /** Stops a running export: its call is refused (exportCancelled) and no file is left. `cancelled` false: it was not running. */
  cancelExport: method({ access: OWN_EXPORTS, input: z.object({ exportId: ExportId }), output: z.object({ cancelled: z.boolean() }) }),
  /** A finished export's file, to download (a receiver: only one they made since the station started). */
  downloadExport: method({ access: OWN_EXPORTS, input: z.object({ fileName: ExportFileName }), output: ExportDownload }),
} as const;
