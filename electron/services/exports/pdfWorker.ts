import { parentPort } from 'node:worker_threads';
import { renderPdfJob, type PdfAnswer, type PdfJob } from './pdfJob';
import { recallPdf } from './recallPdf';
import { dayReportPdf } from './reportPdf';

/** Renders PDFs (day report, recall notice list) off the main thread: module loading, the font and the subsetting stall no counter. */
parentPort?.on('message', (job: PdfJob) => {
  renderPdfJob(job, { dayReportPdf, recallPdf }).then(
    (pdf) => parentPort!.postMessage({ ok: true, pdf } satisfies PdfAnswer, [pdf.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ ok: false, code: (e as { code?: string })?.code, message: e instanceof Error ? e.message : String(e) } satisfies PdfAnswer),
  );
});
