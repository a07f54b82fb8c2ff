import { writeFile } from 'node:fs/promises';
import { refused, type Operator, type DayRange, type DayReport, type ExportFile, type ExportFormat } from '../../../shared/contract';
import { isoLocal } from '../../core/clock';
import type { ReportHeading } from './dayReportTables';
import { createExportJobs, type ExportJobDeps } from './jobs';
import { renderPdfInWorker } from './pdfInWorker';
import type { TableSource } from './streamTable';

export interface ExportServiceDeps extends ExportJobDeps {
  /** The day report of a range (the report service's `day`). */
  dayReport(range: DayRange): Promise<DayReport>;
  /** Market and station names for titles. */
  heading(): ReportHeading;
  /** A TrueType CJK font for PDFs other than the bundled one. */
  fontPath?: string;
}

// The writers (exceljs, the CSV and PDF tables) load on the first export, not at start-up: a
// station that never exports keeps its start time and memory.
const stamp = (d: Date) => isoLocal(d).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** Exports of the day report (XLSX, CSV, PDF) and of any big table (streamed), as cancellable jobs. */
export function createExportService(deps: ExportServiceDeps) {
  const jobs = createExportJobs(deps);

  async function dayReportFile(report: DayReport, format: ExportFormat, signal: AbortSignal): Promise<Uint8Array> {
    const heading = deps.heading();
    if (format === 'xlsx') return (await import('./xlsx')).dayReportXlsx(report, heading);
    if (format === 'csv') return (await import('./csv')).dayReportCsv(report, heading);
    try {
      return await renderPdfInWorker({ report, heading, fontPath: deps.fontPath }, signal);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'noCjkFont') throw refused('conflict', 'no Chinese font for the PDF report', 'reportNoCjkFont');
      throw e;
    }
  }

  return {
    exportDayReport(input: { range: DayRange; format: ExportFormat; exportId?: string }): Promise<ExportFile> {
      const { from, to } = input.range;
      return jobs.run({
        exportId: input.exportId,
        baseName: `day-report_${from}${to === from ? '' : `_${to}`}_${stamp(deps.clock.now())}`,
        format: input.format,
        async write(path, control) {
          control.progress(0, 3);
          const report = await deps.dayReport(input.range);
          control.signal.throwIfAborted();
          control.progress(1, 3);
          const bytes = await dayReportFile(report, input.format, control.signal);
          control.signal.throwIfAborted();
          control.progress(2, 3);
          await writeFile(path, bytes, { mode: 0o600 });
          control.progress(3, 3);
        },
      });
    },

    /** Any big table (the ledger) streamed to XLSX or CSV: the rows are never all in memory. */
    exportTable<R>(input: { baseName: string; format: 'xlsx' | 'csv'; exportId?: string; by?: Operator; source: TableSource<R> }): Promise<ExportFile> {
      return jobs.run({
        exportId: input.exportId,
        by: input.by,
        baseName: `${input.baseName}_${stamp(deps.clock.now())}`,
        format: input.format,
        async write(path, control) {
          const { writeTableCsv, writeTableXlsx } = await import('./streamTable');
          await (input.format === 'xlsx' ? writeTableXlsx : writeTableCsv)(path, input.source, control);
        },
      });
    },

    cancel: (exportId: string, by?: Operator) => ({ cancelled: jobs.cancel(exportId, by) }),
    download: (fileName: string, by?: Operator) => jobs.download(fileName, by),
    close: () => jobs.close(),
  };
}
export type ExportService = ReturnType<typeof createExportService>;
