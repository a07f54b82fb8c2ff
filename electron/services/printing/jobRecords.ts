import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { LotStatus, PrinterPurpose, PrintJob } from '../../../shared/contract';
import type { Orm } from '../../store/open';
import { lots, operators, printJobs } from '../../store/schema';
import type { Emit } from '../receiving';

export type JobRow = typeof printJobs.$inferSelect;

/** For every update of a job row: see `PrintJob.revision`. */
export const nextRevision = sql`${printJobs.revision} + 1`;

/** Still needs the printer or a person: waiting to print, printing, or sent and not confirmed. */
export const UNFINISHED = ['queued', 'printing', 'waiting', 'sent'];

/** Print jobs as rows and as the API shows them; every change is announced (event `printJob`). */
export function createJobRecords(orm: Orm, emit: Emit) {
  let closed = false;
  const lotOf = (lotId: string) => {
    const lot = orm.select({ code: lots.codeKey, status: lots.status }).from(lots).where(eq(lots.id, lotId)).get()!;
    return { code: lot.code, status: lot.status as LotStatus };
  };
  const nameOf = (operatorId: string) => orm.select({ name: operators.name }).from(operators).where(eq(operators.id, operatorId)).get()?.name ?? null;
  const toJob = (r: JobRow): PrintJob => {
    const lot = lotOf(r.lotId);
    const cancelled = r.status === 'cancelled';
    return {
      id: r.id,
      lotId: r.lotId,
      code: lot.code,
      purpose: r.purpose as PrinterPurpose,
      printerId: r.printerId,
      templateId: r.templateId,
      status: r.status as PrintJob['status'],
      attempts: r.attempts,
      revision: r.revision,
      // A cancelled job keeps the lot status that stopped it where a waiting one keeps its printer problem.
      lastError: cancelled ? null : r.lastError,
      confirmedBy: r.confirmedBy ? nameOf(r.confirmedBy) : null,
      reprintOf: r.reprintOf,
      reason: r.reason,
      createdAt: r.createdAt,
      printedAt: r.printedAt,
      lotStatus: lot.status,
      cancelledFor: cancelled ? (r.lastError as LotStatus) : null,
    };
  };
  const getRow = (id: string) => orm.select().from(printJobs).where(eq(printJobs.id, id)).get();

  return {
    lotOf,
    toJob,
    getRow,
    update(id: string, fields: Partial<JobRow>) {
      // A send that finishes after shutdown leaves the row as it was: it prints again next start.
      if (closed) return;
      orm
        .update(printJobs)
        .set({ ...fields, revision: nextRevision })
        .where(eq(printJobs.id, id))
        .run();
      emit('printJob', toJob(getRow(id)!));
    },
    insert(row: JobRow): PrintJob {
      orm.insert(printJobs).values(row).run();
      const job = toJob(row);
      emit('printJob', job);
      return job;
    },
    list(input: { unfinished: boolean; limit: number }): PrintJob[] {
      const where = input.unfinished ? inArray(printJobs.status, UNFINISHED) : undefined;
      return orm.select().from(printJobs).where(where).orderBy(desc(printJobs.createdAt), desc(printJobs.id)).limit(input.limit).all().map(toJob);
    },
    close() {
      closed = true;
    },
  };
}
export type JobRecords = ReturnType<typeof createJobRecords>;
