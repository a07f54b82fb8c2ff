import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { renderPdfJob, type PdfAnswer, type PdfJob } from './pdfJob';

/**
 * Where the worker's code is: built next to the main bundle (electron.vite.config.ts, entry
 * `pdfWorker`), or the TypeScript source when running from a checkout (tests, tsx), through tsx.
 */
function workerCode(): string {
  // This code may itself be bundled into out/main/chunks/, one folder below the entries.
  const built = [join(__dirname, 'pdfWorker.js'), join(__dirname, '..', 'pdfWorker.js')].find((p) => existsSync(p));
  if (built) return `require(${JSON.stringify(built)});`;
  return `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'pdfWorker.ts'))});`;
}

class PdfError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

async function inThisThread(job: PdfJob): Promise<Uint8Array> {
  const [{ dayReportPdf }, { recallPdf }] = await Promise.all([import('./reportPdf'), import('./recallPdf')]);
  return renderPdfJob(job, { dayReportPdf, recallPdf });
}

/**
 * A PDF (day report, recall notice list) rendered on a worker thread of its own: loading pdf-lib, ECharts and the
 * 10 MB font and subsetting it hold a thread for seconds, which must not be the counter's. A
 * cancel ends the worker at once. A worker that cannot start (a packaging quirk) renders here.
 */
export function renderPdfInWorker(job: PdfJob, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerCode(), { eval: true });
    } catch {
      return inThisThread(job).then(resolve, reject);
    }
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (a: PdfAnswer) => settle(() => (a.ok ? resolve(a.pdf) : reject(new PdfError(a.message, a.code)))));
    // Errors inside the rendering come back as answers: an 'error' event means the worker could not load.
    worker.once('error', () => settle(() => void inThisThread(job).then(resolve, reject)));
    worker.once('exit', (code) => settle(() => reject(new PdfError(`the PDF worker stopped (exit ${code}) without an answer`))));
    if (signal.aborted) return onAbort();
    worker.postMessage(job);
  });
}
