import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { ApiError, LOT_STATUSES, type EventName, type EventPayload, type LotStatus, type Operator, type PrintJob, type PrinterTransportSpec } from '../../../shared/contract';
import type { LabelContent } from '../../../shared/domain/label';
import { PrinterError, type PrinterTransport } from '../../../drivers/printer/transports/transport';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { lots, printJobs } from '../../store/schema';
import { templateById, type PrinterService } from './printers';
import { isAlertStatus } from '../lotStatus';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type Row = typeof printJobs.$inferSelect;

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
  transportFor?: (spec: PrinterTransportSpec) => Promise<PrinterTransport>;
}

/**
 * The persistent print queue. Jobs are rows: a restart loses none, and a job interrupted while
 * printing is printed again — with the same code, since the code was issued before the job existed.
 */
export function createPrintQueue(orm: Orm, clock: Clock, printersSvc: PrinterService, emit: Emit, options: PrintQueueOptions = {}) {
  const retryMs = options.retryMs ?? 3000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1500;
  const transportFor = options.transportFor ?? openTransport;
  let running = false;
  let again = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const lotOf = (lotId: string) => {
    const lot = orm.select({ code: lots.codeKey, status: lots.status }).from(lots).where(eq(lots.id, lotId)).get()!;
    return { code: lot.code, status: lot.status as LotStatus };
  };
  const toJob = (r: Row): PrintJob => {
    const lot = lotOf(r.lotId);
    const cancelled = r.status === 'cancelled';
    return {
      id: r.id,
      lotId: r.lotId,
      code: lot.code,
      printerId: r.printerId,
      templateId: r.templateId,
      status: r.status as PrintJob['status'],
      attempts: r.attempts,
      // A cancelled job keeps the lot status that stopped it where a waiting one keeps its printer problem.
      lastError: cancelled ? null : r.lastError,
      reprintOf: r.reprintOf,
      reason: r.reason,
      createdAt: r.createdAt,
      printedAt: r.printedAt,
      lotStatus: lot.status,
      cancelledFor: cancelled ? (r.lastError as LotStatus) : null,
    };
  };
  const getRow = (id: string) => orm.select().from(printJobs).where(eq(printJobs.id, id)).get();

  function update(id: string, fields: Partial<Row>) {
    // A send that finishes after shutdown leaves the row as it was: it prints again next start.
    if (closed) return;
    orm.update(printJobs).set(fields).where(eq(printJobs.id, id)).run();
    emit('printJob', toJob(getRow(id)!));
  }

  /** Cancels the job if its lot may not be labelled now; true when it did. */
  function cancelIfUnlabellable(job: Row): boolean {
    const { status } = lotOf(job.lotId);
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

  /** Settles one job: printed or cancelled (true), or left waiting on its printer (false). */
  async function printOne(job: Row): Promise<boolean> {
    if (cancelIfUnlabellable(job)) return true;
    const printer = job.printerId ? printersSvc.get(job.printerId) : printersSvc.defaultPrinter();
    if (!printer) {
      update(job.id, { status: 'waiting', lastError: 'noPrinter' });
      return false;
    }
    update(job.id, { status: 'printing', attempts: job.attempts + 1, printerId: printer.id });
    const d = await drivers();
    const transport = await transportFor(printer.transport);
    try {
      const status = await d.queryStatus(printer.language, transport, statusTimeoutMs);
      if (status && !status.ready) {
        update(job.id, { status: 'waiting', lastError: status.problems.join(',') });
        return false;
      }
      const content = JSON.parse(job.content) as LabelContent;
      const template = templateById(printer.templateId);
      const raster = printer.mode === 'raster' ? d.renderLabelRaster(content, template) : undefined;
      const bytes = d.buildJob(printer.language, content, template, { mode: printer.mode, raster });
      // The lot may have been stopped while the printer was asked for its status: look again.
      if (cancelIfUnlabellable(job)) return true;
      await transport.send(bytes);
      update(job.id, { status: 'done', lastError: null, printedAt: isoLocal(clock.now()) });
      return true;
    } catch (e) {
      update(job.id, { status: 'waiting', lastError: e instanceof PrinterError ? e.code : 'error' });
      if (!(e instanceof PrinterError)) console.error('print job failed', e);
      return false;
    } finally {
      await transport.close().catch(() => undefined);
    }
  }

  /** Jobs for no printer while none is configured: they wait, saying why, until one is saved. */
  function parkWithoutPrinter(): boolean {
    if (printersSvc.defaultPrinter()) return false;
    const parked = orm
      .update(printJobs)
      .set({ status: 'waiting', lastError: 'noPrinter' })
      .where(and(eq(printJobs.status, 'queued'), isNull(printJobs.printerId)))
      .returning()
      .all();
    for (const r of parked) emit('printJob', toJob(r));
    return true;
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
        if (parkWithoutPrinter()) break;
        const pending = orm
          .select({ id: printJobs.id, printerId: printJobs.printerId })
          .from(printJobs)
          .where(inArray(printJobs.status, ['queued', 'waiting']))
          .orderBy(printJobs.createdAt, printJobs.id)
          .all();
        // One blocked printer must not hold up another: after a failure, skip that printer this round.
        const blocked = new Set<string | null>();
        for (const job of pending) {
          if (closed) return;
          const target = job.printerId ?? printersSvc.defaultPrinter()?.id ?? null;
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
    drain().catch((e) => console.error('print queue', e));
  }

  return {
    /** Starts printing what is pending; a job cut off mid-print by a crash prints again. */
    start() {
      orm.update(printJobs).set({ status: 'queued' }).where(eq(printJobs.status, 'printing')).run();
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
      clearTimeout(retryTimer);
    },

    list(input: { unfinished: boolean; limit: number }): PrintJob[] {
      const where = input.unfinished ? inArray(printJobs.status, ['queued', 'printing', 'waiting']) : undefined;
      return orm.select().from(printJobs).where(where).orderBy(desc(printJobs.createdAt), desc(printJobs.id)).limit(input.limit).all().map(toJob);
    },

    reprint(input: { jobId: string; reason: string }, by: Operator): PrintJob {
      const original = getRow(input.jobId);
      if (!original) throw new ApiError('notFound', 'no such print job', { id: input.jobId });
      // A held, recalled or destroyed lot may not be labelled again: the label would let it be sold.
      const lot = orm.select({ status: lots.status }).from(lots).where(eq(lots.id, original.lotId)).get();
      if (lot && isAlertStatus(lot.status as LotStatus)) throw new ApiError('conflict', 'lot may not be labelled', { reason: 'lotNotSellable', status: lot.status });
      const row: Row = {
        ...original,
        id: clock.id(),
        status: 'queued',
        attempts: 0,
        lastError: null,
        reprintOf: original.id,
        reason: input.reason,
        createdAt: isoLocal(clock.now()),
        createdBy: by.id,
        printedAt: null,
      };
      orm.insert(printJobs).values(row).run();
      kick();
      return toJob(row);
    },

    async preview(jobId: string) {
      const job = getRow(jobId);
      if (!job) throw new ApiError('notFound', 'no such print job', { id: jobId });
      const printer = job.printerId ? printersSvc.get(job.printerId) : printersSvc.defaultPrinter();
      const d = await drivers();
      const raster = d.renderLabelRaster(JSON.parse(job.content) as LabelContent, templateById(printer?.templateId ?? job.templateId));
      return { png: d.rasterToDataUrl(raster, 2), widthDots: raster.width, heightDots: raster.height };
    },
  };
}
export type PrintQueue = ReturnType<typeof createPrintQueue>;
