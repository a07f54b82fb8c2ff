import type { DayReport, RecallDetail } from '../../../shared/contract';
import type { ReportHeading } from './dayReportTables';

/** A PDF to render off the main thread: the day report, or a recall's notice list. */
export type PdfJob =
  { kind: 'dayReport'; report: DayReport; heading: ReportHeading; fontPath?: string } | { kind: 'recall'; detail: RecallDetail; heading: ReportHeading; fontPath?: string; generatedAt?: string };
export type PdfAnswer = { ok: true; pdf: Uint8Array } | { ok: false; code?: string; message: string };

export interface PdfWriters {
  dayReportPdf: typeof import('./reportPdf').dayReportPdf;
  recallPdf: typeof import('./recallPdf').recallPdf;
}

/**
 * Renders a job with the writer it names. The writers are handed in: the worker imports them
 * (its loader resolves no dynamic import of a source file), the main thread loads them only when
 * a worker could not start.
 */
export function renderPdfJob(job: PdfJob, w: PdfWriters): Promise<Uint8Array> {
  if (job.kind === 'recall') return w.recallPdf(job.detail, job.heading, { fontPath: job.fontPath, generatedAt: job.generatedAt });
  return w.dayReportPdf(job.report, job.heading, { fontPath: job.fontPath });
}
