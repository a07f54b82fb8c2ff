import { parentPort } from 'node:worker_threads';
import type { DayReport } from '../../../shared/contract';
import type { ReportHeading } from './dayReportTables';
import { dayReportPdf } from './reportPdf';

/** Renders day-report PDFs off the main thread: module loading, the font and the subsetting stall no counter. */
export interface PdfJob {
  report: DayReport;
  heading: ReportHeading;
  fontPath?: string;
}
export type PdfAnswer = { ok: true; pdf: Uint8Array } | { ok: false; code?: string; message: string };

parentPort?.on('message', (job: PdfJob) => {
  dayReportPdf(job.report, job.heading, { fontPath: job.fontPath }).then(
    (pdf) => parentPort!.postMessage({ ok: true, pdf } satisfies PdfAnswer, [pdf.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ ok: false, code: (e as { code?: string })?.code, message: e instanceof Error ? e.message : String(e) } satisfies PdfAnswer),
  );
});
