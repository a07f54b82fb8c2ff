import type { PrintJob } from '../../../../shared/contract';

/**
 * Every reason a waiting or unconfirmed job can give in `lastError`: printer problems from its
 * status reply, transport failures, `noPrinter`, and `noStatus` (a connection with no way back).
 * Each has a `printing.why.*` and a `printing.fix.*` text.
 */
export const WAIT_CODES = [
  'noPrinter',
  'paperOut',
  'coverOpen',
  'headOpen',
  'jam',
  'ribbonOut',
  'paused',
  'temperature',
  'offline',
  'paperNearEnd',
  'timeout',
  'busy',
  'permission',
  'notFound',
  'unsupported',
  'badReply',
  'noStatus',
  'error',
] as const;
export type WaitCode = (typeof WAIT_CODES)[number];

/** What a printed job's `lastError` may note: a warning, or that it went as an image. Each has a `printing.note.*` text. */
export const NOTE_CODES = ['paperNearEnd', 'rasterText', 'rasterFit'] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

const KNOWN = new Set<string>(WAIT_CODES);
const NOTES = new Set<string>(NOTE_CODES);

/** A job's reasons in order; a code this screen does not know reads as a general fault. */
export function waitCodes(job: Pick<PrintJob, 'lastError'>): WaitCode[] {
  if (!job.lastError) return [];
  return [...new Set(job.lastError.split(',').map((c) => (KNOWN.has(c) ? (c as WaitCode) : 'error')))];
}

/** A printed job's notes; anything else in it is not shown. */
export function noteCodes(job: Pick<PrintJob, 'status' | 'lastError'>): NoteCode[] {
  if (job.status !== 'done' || !job.lastError) return [];
  return job.lastError.split(',').filter((c): c is NoteCode => NOTES.has(c));
}

/** Sent, and the printer did not say it can print it: a person looks and confirms or reprints. */
export const isUnconfirmed = (job: PrintJob) => job.status === 'sent';

/**
 * Stuck until someone acts. The queue retries a waiting job every few seconds, setting it to
 * `printing` for the attempt and keeping its last error: counting that as stuck too keeps the
 * banner from blinking off at every retry.
 */
export function isBlocked(job: PrintJob): boolean {
  return job.status === 'waiting' || (job.status === 'printing' && job.lastError !== null);
}

/** The reasons across all blocked jobs, each once, the oldest job's first. */
export function blockedReasons(jobs: PrintJob[]): WaitCode[] {
  const oldestFirst = jobs.filter(isBlocked).reverse();
  return [...new Set(oldestFirst.flatMap(waitCodes))];
}

/** What the status chip says: a retry of a waiting job is not a fresh print. */
export function shownStatus(job: PrintJob): PrintJob['status'] | 'retrying' {
  return job.status === 'printing' && job.lastError !== null ? 'retrying' : job.status;
}

const newestFirst = (a: PrintJob, b: PrintJob) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);
const finished = (job: PrintJob) => job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

/**
 * True, and `heard` notes it, when `job` is newer than every copy of it heard before. Events and
 * answers travel apart (the list's answer, a reprint's answer, the WebSocket): an event the list
 * already includes, or a reprint's answer overtaken by its 已打印 event, must not put an older
 * state back. Finished jobs stay in `heard` after an unfinished-only list drops them.
 */
export function isNewer(heard: Map<string, number>, job: Pick<PrintJob, 'id' | 'revision'>): boolean {
  if ((heard.get(job.id) ?? -1) >= job.revision) return false;
  heard.set(job.id, job.revision);
  return true;
}

/**
 * A `printJob` event (or a reprint's answer) into a list ordered as `listPrintJobs` orders it:
 * newest first, a known job replaced in place. `unfinishedOnly` lists drop what has finished.
 */
export function mergeJob(list: PrintJob[], job: PrintJob, { unfinishedOnly = false, limit = Infinity } = {}): PrintJob[] {
  const others = list.filter((j) => j.id !== job.id);
  const merged = unfinishedOnly && finished(job) ? others : [...others, job].sort(newestFirst);
  return merged.slice(0, limit);
}

/** Local ISO time as stored: "2026-11-25T10:12:33+08:00" → "11-25 10:12:33". */
export const jobTime = (iso: string) => iso.slice(5, 19).replace('T', ' ');
