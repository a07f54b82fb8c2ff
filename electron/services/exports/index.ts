import { writeFile } from 'node:fs/promises';
import { refused, type Operator, type DayRange, type DayReport, type ExportFile, type ExportFormat, type RecallDetail } from '../../../shared/contract';
import { isoLocal } from '../../core/clock';
import type { Column } from './columns';
import type { ReportHeading } from './dayReportTables';
import { createExportJobs, type ExportJobDeps } from './jobs';
import type { PdfJob } from './pdfJob';
import { renderPdfInWorker } from './pdfInWorker';
import { recallBaseName, recallTables } from './recallTables';
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
/** An array as the streamed writers take their rows. */
async function* iterate<R>(rows: readonly R[]): AsyncIterable<R> {
  yield* rows;
}

const sheetOf = <R>(t: { title: string; columns: Column<R>[]; rows: readonly R[] }) =>
  ({ sheetName: t.title, columns: t.columns, rows: iterate(t.rows), total: t.rows.length }) as TableSource<unknown>;

const stamp = (d: Date) => isoLocal(d).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** Exports of the day report (XLSX, CSV, PDF) and of any big table (streamed), as cancellable jobs. */
export function createExportService(deps: ExportServiceDeps) {
  const jobs = createExportJobs(deps);

  async function pdf(job: PdfJob, signal: AbortSignal): Promise<Uint8Array> {
    try {
      return await renderPdfInWorker(job, signal);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'noCjkFont') throw refused('conflict', 'no Chinese font for the PDF report', 'reportNoCjkFont');
      throw e;
    }
  }

  async function dayReportFile(report: DayReport, format: ExportFormat, signal: AbortSignal): Promise<Uint8Array> {
    const heading = deps.heading();
    if (format === 'xlsx') return (await import('./xlsx')).dayReportXlsx(report, heading);
    if (format === 'csv') return (await import('./csv')).dayReportCsv(report, heading);
    return pdf({ kind: 'dayReport', report, heading, fontPath: deps.fontPath }, signal);
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

    /**
     * A recall's affected list (getRecall's answer, buyers' phones as the asker may see them): XLSX
     * with the lots (tree order), the recall and its origins as sheets, rows streamed; or the
     * printable A4 召回通知清单, drawn on the PDF worker.
     */
    exportRecall(input: { detail: RecallDetail; format: 'xlsx' | 'pdf'; exportId?: string; by?: Operator }): Promise<ExportFile> {
      const { detail, format } = input;
      return jobs.run({
        exportId: input.exportId,
        by: input.by,
        baseName: `${recallBaseName(detail.recall)}_${stamp(deps.clock.now())}`,
        format,
        async write(path, control) {
          const heading = deps.heading();
          if (format === 'xlsx') {
            const { writeSheetsXlsx } = await import('./streamTable');
            const [lots, info, origins] = recallTables(detail, heading);
            await writeSheetsXlsx(path, [sheetOf(lots), sheetOf(info), sheetOf(origins)], control);
            return;
          }
          control.progress(0, 2);
          const bytes = await pdf({ kind: 'recall', detail, heading, fontPath: deps.fontPath, generatedAt: isoLocal(deps.clock.now()) }, control.signal);
          control.signal.throwIfAborted();
          control.progress(1, 2);
          await writeFile(path, bytes, { mode: 0o600 });
          control.progress(2, 2);
        },
      });
    },

    cancel: (exportId: string, by?: Operator) => ({ cancelled: jobs.cancel(exportId, by) }),
    download: (fileName: string, by?: Operator) => jobs.download(fileName, by),
    close: () => jobs.close(),
  };
}
export type ExportService = ReturnType<typeof createExportService>;
