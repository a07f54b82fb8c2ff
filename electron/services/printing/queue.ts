import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { ApiError, type EventName, type EventPayload, type LotStatus, type Operator, type PrintJob, type PrinterTransportSpec } from '../../../shared/contract';
import type { LabelContent } from '../../../shared/domain/label';
import { PrinterError, type PrinterTransport } from '../../../drivers/printer/transports/transport';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { lots, printJobs } from '../../store/schema';
import { templateById, type PrinterService } from './printers';
import { isAlertStatus } from '../lotStatus';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type Row = typeof printJobs.$inferSelect;

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

  const codeOf = (lotId: string) => orm.select({ code: lots.codeKey }).from(lots).where(eq(lots.id, lotId)).get()!.code;
  const toJob = (r: Row): PrintJob => ({
    id: r.id,
    lotId: r.lotId,
    code: codeOf(r.lotId),
    printerId: r.printerId,
    templateId: r.templateId,
    status: r.status as PrintJob['status'],
    attempts: r.attempts,
    lastError: r.lastError,
    reprintOf: r.reprintOf,
    reason: r.reason,
    createdAt: r.createdAt,
    printedAt: r.printedAt,
  });
  const getRow = (id: string) => orm.select().from(printJobs).where(eq(printJobs.id, id)).get();

  function update(id: string, fields: Partial<Row>) {
    // A send that finishes after shutdown leaves the row as it was: it prints again next start.
    if (closed) return;
    orm.update(printJobs).set(fields).where(eq(printJobs.id, id)).run();
    emit('printJob', toJob(getRow(id)!));
  }

  async function printOne(job: Row): Promise<void> {
    const printer = job.printerId ? printersSvc.get(job.printerId) : printersSvc.defaultPrinter();
    if (!printer) return update(job.id, { status: 'waiting', lastError: 'noPrinter' });
    update(job.id, { status: 'printing', attempts: job.attempts + 1, printerId: printer.id });
    const d = await drivers();
    const transport = await transportFor(printer.transport);
    try {
      const status = await d.queryStatus(printer.language, transport, statusTimeoutMs);
      if (status && !status.ready) return update(job.id, { status: 'waiting', lastError: status.problems.join(',') });
      const content = JSON.parse(job.content) as LabelContent;
      const template = templateById(printer.templateId);
      const raster = printer.mode === 'raster' ? d.renderLabelRaster(content, template) : undefined;
      await transport.send(d.buildJob(printer.language, content, template, { mode: printer.mode, raster }));
      update(job.id, { status: 'done', lastError: null, printedAt: isoLocal(clock.now()) });
    } catch (e) {
      update(job.id, { status: 'waiting', lastError: e instanceof PrinterError ? e.code : 'error' });
      if (!(e instanceof PrinterError)) console.error('print job failed', e);
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
          await printOne(getRow(job.id)!);
          if (closed) return;
          if (getRow(job.id)!.status !== 'done') blocked.add(target);
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
      kick();
    },
    kick,
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
