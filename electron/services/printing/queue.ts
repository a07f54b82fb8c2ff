import { and, eq, inArray, isNotNull, isNull, ne, or } from 'drizzle-orm';
import {
  ApiError,
  refused,
  LOT_STATUSES,
  PRINTER_PURPOSES,
  type EventName,
  type EventPayload,
  type LotStatus,
  type Operator,
  type Printer,
  type PrinterPurpose,
  type PrinterTransportSpec,
  type PrintJob,
  type ParsedInput,
} from '../../../shared/contract';
import type { LabelContent } from '../../../shared/domain/label';
import { PrinterError, type PrinterTransport } from '../../../drivers/printer/transports/transport';
import type { PrinterStatus } from '../../../drivers/printer/languages';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { lots, printJobs } from '../../store/schema';
import { isAlertStatus } from '../lotStatus';
import { createJobRecords, nextRevision, type JobRow } from './jobRecords';
import { createLabelFacts } from './labelFacts';
import { templateById, type PrinterService } from './printers';
import { silentLog, type StationLog } from '../../logging/logger';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

const PENDING = ['queued', 'waiting'];
/** A label of such a lot would let it be sold: its jobs are cancelled, never printed. */
const UNLABELLABLE: LotStatus[] = LOT_STATUSES.filter(isAlertStatus);

// Printer drivers (canvas, barcode encoder, serialport) load on the first print or preview, not
// at start-up: a counter that never prints keeps its memory and its start time.
const drivers = () => import('./drivers');

export async function openTransport(spec: PrinterTransportSpec): Promise<PrinterTransport> {
  const d = await drivers();
  switch (spec.kind) {
    case 'tcp':
      return new d.TcpTransport(spec.host, spec.port);
    case 'serial':
      return new d.SerialTransport(spec.path, spec.baudRate);
    case 'device':
      return new d.DeviceFileTransport(spec.path);
    case 'queue':
      return new d.OsQueueTransport(spec.name);
  }
}

export interface PrintQueueOptions {
  /** Pause before a waiting job is tried again (paper out, printer offline…). */
  retryMs?: number;
  statusTimeoutMs?: number;
  /** How long the printer has to read a job and answer the status request behind it. */
  confirmTimeoutMs?: number;
  /** Between status requests while the printer is still printing the job. */
  settleMs?: number;
  transportFor?: (spec: PrinterTransportSpec) => Promise<PrinterTransport>;
  /** Where unexpected errors go (the station's log; printer problems are told by the printJob events instead). */
  log?: StationLog;
}

/**
 * The persistent print queue. Jobs are rows: a restart loses none, and a job interrupted while
 * printing is printed again — with the same code, since the code was issued before the job existed.
 * A job is 已打印 (done) only when the printer answered, after reading it, that it can print it;
 * otherwise it is sent and not confirmed, kept for a person to confirm or reprint.
 */
export function createPrintQueue(orm: Orm, clock: Clock, printersSvc: PrinterService, emit: Emit, options: PrintQueueOptions = {}) {
  const retryMs = options.retryMs ?? 3000;
  const log = options.log ?? silentLog();
  const statusTimeoutMs = options.statusTimeoutMs ?? 1500;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const settleMs = options.settleMs ?? 300;
  const transportFor = options.transportFor ?? openTransport;
  const records = createJobRecords(orm, emit);
  const { update, getRow, toJob } = records;
  const withFactsNow = createLabelFacts(orm.$client);
  /** What the job prints: its label as issued, with 产地 and 检测 as the lot's records stand now. */
  const contentOf = (job: JobRow) => withFactsNow(JSON.parse(job.content) as LabelContent, job.lotId);
  let running = false;
  let again = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const printerFor = (job: Pick<JobRow, 'printerId' | 'purpose'>): Printer | null => (job.printerId ? printersSvc.get(job.printerId) : printersSvc.defaultFor(job.purpose as PrinterPurpose));

  /** Cancels the job if its lot may not be labelled now; true when it did. */
  function cancelIfUnlabellable(job: JobRow): boolean {
    const { status } = records.lotOf(job.lotId);
    if (!isAlertStatus(status)) return false;
    update(job.id, { status: 'cancelled', lastError: status });
    return true;
  }

  /**
   * Jobs waiting (for a printer, for paper…) whose lot was held, recalled or destroyed meanwhile:
   * all of them at start, then only those of lots that just changed (the lotStatus event), so a
   * sale never pays for a scan of every waiting job. printOne looks at the lot again anyway.
   */
  function cancelStopped(lotIds?: string[]) {
    if (lotIds?.length === 0) return;
    const stopped = orm
      .select()
      .from(printJobs)
      .innerJoin(lots, eq(lots.id, printJobs.lotId))
      .where(and(inArray(printJobs.status, PENDING), inArray(lots.status, UNLABELLABLE), lotIds ? inArray(printJobs.lotId, lotIds) : undefined))
      .all();
    for (const { print_jobs: job } of stopped) cancelIfUnlabellable(job);
  }

  /**
   * The bytes for this printer. A native printer gets raster for a job its font cannot show
   * (a name outside GBK) or its stock cannot hold beside the QR: never a '?' or text over the QR.
   */
  async function jobBytes(printer: Printer, content: LabelContent): Promise<{ bytes: Buffer; notes: string[] }> {
    const d = await drivers();
    const template = templateById(printer.templateId);
    const obstacles = printer.mode === 'native' ? d.nativeObstacles(printer.language, content, template, printer.encoding) : null;
    const notes = obstacles ? [...(obstacles.chars.length ? ['rasterText'] : []), ...(obstacles.overflow ? ['rasterFit'] : [])] : [];
    const mode = printer.mode === 'raster' || notes.length ? 'raster' : 'native';
    const raster = mode === 'raster' ? d.renderLabelRaster(content, template) : undefined;
    return { bytes: d.buildJob(printer.language, content, template, { mode, raster, encoding: printer.encoding }), notes };
  }

  /** Asks again while the printer is still printing, so a label that ran out of paper is not called printed. */
  async function settled(printer: Printer, transport: PrinterTransport, first: PrinterStatus): Promise<PrinterStatus> {
    const d = await drivers();
    const deadline = Date.now() + confirmTimeoutMs;
    let status = first;
    while (status.ready && status.busy && Date.now() < deadline && !closed) {
      await new Promise((r) => setTimeout(r, settleMs));
      status = (await d.queryStatus(printer.language, transport, statusTimeoutMs)) ?? status;
    }
    return status;
  }

  /** Settles one job: printed, sent, cancelled (true), or left waiting on its printer (false). */
  async function printOne(job: JobRow): Promise<boolean> {
    if (cancelIfUnlabellable(job)) return true;
    const printer = printerFor(job)!;
    update(job.id, { status: 'printing', attempts: job.attempts + 1, printerId: printer.id });
    const d = await drivers();
    const transport = await transportFor(printer.transport);
    let sent = false;
    try {
      const before = await d.queryStatus(printer.language, transport, statusTimeoutMs);
      if (before && !before.ready) {
        update(job.id, { status: 'waiting', lastError: before.problems.join(',') });
        return false;
      }
      const { bytes, notes } = await jobBytes(printer, contentOf(job));
      // The lot may have been stopped while the printer was asked for its status: look again.
      if (cancelIfUnlabellable(job)) return true;
      const answer = await d.sendConfirmed(printer.language, transport, bytes, confirmTimeoutMs);
      sent = true;
      const after = answer && (await settled(printer, transport, answer));
      if (!after) update(job.id, { status: 'sent', lastError: 'noStatus' });
      // Still printing when the time is up is no confirmation either.
      else if (!after.ready || after.busy) update(job.id, { status: 'sent', lastError: after.ready ? 'timeout' : after.problems.join(',') });
      else update(job.id, { status: 'done', lastError: [...notes, ...after.problems].join(',') || null, printedAt: isoLocal(clock.now()) });
      return true;
    } catch (e) {
      // Bytes that went out may print: the job is not sent again on its own, a person decides.
      if (sent || (e instanceof PrinterError && e.sent)) {
        update(job.id, { status: 'sent', lastError: e instanceof PrinterError ? e.code : 'error' });
        return true;
      }
      update(job.id, { status: 'waiting', lastError: e instanceof PrinterError ? e.code : 'error' });
      if (!(e instanceof PrinterError)) log.error({ event: 'printJobError', jobId: job.id, printerId: printer.id, err: e }, 'print job failed unexpectedly');
      return false;
    } finally {
      await transport.close().catch(() => undefined);
    }
  }

  /** Jobs for no printer of a purpose none is configured for: they wait, saying why, until one is saved. */
  function parkWithoutPrinter(unserved: PrinterPurpose[]) {
    if (unserved.length === 0) return;
    const parked = orm
      .update(printJobs)
      .set({ status: 'waiting', lastError: 'noPrinter', revision: nextRevision })
      .where(and(eq(printJobs.status, 'queued'), isNull(printJobs.printerId), inArray(printJobs.purpose, unserved)))
      .returning()
      .all();
    for (const r of parked) emit('printJob', toJob(r));
  }

  async function drain() {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    let retry = false;
    try {
      do {
        again = false;
        const defaults = printersSvc.defaults();
        const served = PRINTER_PURPOSES.filter((purpose) => defaults.get(purpose));
        parkWithoutPrinter(PRINTER_PURPOSES.filter((purpose) => !defaults.get(purpose)));
        // No printer at all: nothing can print (a job names a printer only once one was tried).
        if (served.length === 0) break;
        const pending = orm
          .select({ id: printJobs.id, printerId: printJobs.printerId, purpose: printJobs.purpose })
          .from(printJobs)
          .where(and(inArray(printJobs.status, PENDING), or(isNotNull(printJobs.printerId), inArray(printJobs.purpose, served))))
          .orderBy(printJobs.createdAt, printJobs.id)
          .all();
        // One blocked printer must not hold up another: after a failure, skip that printer this round.
        const blocked = new Set<string>();
        for (const job of pending) {
          if (closed) return;
          const target = job.printerId ?? defaults.get(job.purpose as PrinterPurpose)!.id;
          if (blocked.has(target)) continue;
          const taken = await printOne(getRow(job.id)!);
          if (closed) return;
          if (!taken) blocked.add(target);
        }
        retry = blocked.size > 0;
      } while (again);
    } finally {
      running = false;
    }
    if (retry && !closed) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(kick, retryMs);
      retryTimer.unref();
    }
  }

  function kick() {
    drain().catch((e: unknown) => log.error({ event: 'printQueueError', err: e }, 'print queue stopped on an unexpected error'));
  }

  /** A held, recalled or destroyed lot may not be labelled again: the label would let it be sold. */
  function refuseUnlabellable(lotId: string) {
    const { status } = records.lotOf(lotId);
    if (isAlertStatus(status)) throw refused('conflict', 'lot may not be labelled', 'lotNotSellable', { status });
  }

  const newJob = (from: JobRow, fields: Partial<JobRow>, by: Operator): JobRow => ({
    ...from,
    id: clock.id(),
    printerId: null,
    status: 'queued',
    attempts: 0,
    revision: 0,
    lastError: null,
    confirmedBy: null,
    reprintOf: null,
    reason: null,
    createdAt: isoLocal(clock.now()),
    createdBy: by.id,
    printedAt: null,
    ...fields,
  });

  return {
    /** Starts printing what is pending; a job cut off mid-print by a crash prints again. */
    start() {
      orm.update(printJobs).set({ status: 'queued', revision: nextRevision }).where(eq(printJobs.status, 'printing')).run();
      cancelStopped();
      kick();
    },
    kick,
    /** Lots changed state: their waiting labels are cancelled now if they may no longer be labelled. */
    lotsChanged(changes: { lotId: string; status: LotStatus }[]) {
      if (closed) return;
      cancelStopped(changes.filter((c) => isAlertStatus(c.status)).map((c) => c.lotId));
    },
    /** Resolves when nothing is being printed right now (tests, shutdown). */
    async idle() {
      while (running) await new Promise((r) => setImmediate(r));
    },
    close() {
      closed = true;
      records.close();
      clearTimeout(retryTimer);
    },

    list: records.list,
    /** One job as the API shows it (a sale answers with its label's). */
    job(id: string): PrintJob {
      const row = getRow(id);
      if (!row) throw new ApiError('notFound', 'no such print job', { id });
      return toJob(row);
    },

    /** The same label again, same code; a sent job it replaces ends as not printed (failed). */
    reprint(input: ParsedInput<'reprint'>, by: Operator): PrintJob {
      const original = getRow(input.jobId);
      if (!original) throw new ApiError('notFound', 'no such print job', { id: input.jobId });
      refuseUnlabellable(original.lotId);
      const job = records.insert(newJob(original, { printerId: original.printerId, reprintOf: original.id, reason: input.reason }, by));
      if (original.status === 'sent') update(original.id, { status: 'failed' });
      kick();
      return job;
    },

    /** The operator saw the sent label come out: 已打印, with who said so. */
    confirm(jobId: string, by: Operator): PrintJob {
      const job = getRow(jobId);
      if (!job) throw new ApiError('notFound', 'no such print job', { id: jobId });
      if (job.status !== 'sent') throw refused('conflict', 'print job is not waiting for confirmation', 'notSent', { status: job.status });
      update(jobId, { status: 'done', lastError: null, confirmedBy: by.id, printedAt: isoLocal(clock.now()) });
      return toJob(getRow(jobId)!);
    },

    /** The buyer's receipt for a sold portion: its label's content, on the receipt printer. */
    receipt(lotId: string, by: Operator): PrintJob {
      const label = orm
        .select()
        .from(printJobs)
        .where(and(eq(printJobs.lotId, lotId), isNull(printJobs.reprintOf), ne(printJobs.purpose, 'receipts')))
        .orderBy(printJobs.createdAt)
        .get();
      if (!label) throw refused('notFound', 'no label for this lot', 'unknownLot');
      refuseUnlabellable(lotId);
      const printer = printersSvc.defaultFor('receipts');
      if (!printer) throw refused('conflict', 'no receipt printer', 'noReceiptPrinter');
      const job = records.insert(newJob(label, { purpose: 'receipts', templateId: printer.templateId }, by));
      kick();
      return job;
    },

    async preview(jobId: string) {
      const job = getRow(jobId);
      if (!job) throw new ApiError('notFound', 'no such print job', { id: jobId });
      const printer = printerFor(job);
      const d = await drivers();
      const raster = d.renderLabelRaster(contentOf(job), templateById(printer?.templateId ?? job.templateId));
      return { png: d.rasterToDataUrl(raster, 2), widthDots: raster.width, heightDots: raster.height };
    },
  };
}
export type PrintQueue = ReturnType<typeof createPrintQueue>;
