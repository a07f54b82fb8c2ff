import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Column } from './columns';
import { UTF8_BOM, csvHeader, csvRow } from './csv';
import { addSheetRow, xlsxColumns } from './xlsx';

/**
 * A big table (the ledger of a month, 50,000 lots and more) written row by row, never held whole:
 * rows come from an async iterable (a paged query), go to the file through a write stream, and the
 * writer gives the event loop back every few milliseconds so the counter keeps answering.
 */
export interface TableSource<R> {
  /** The XLSX sheet's name (at most 31 characters). */
  sheetName: string;
  columns: Column<R>[];
  rows: AsyncIterable<R>;
  /** How many rows are coming, when known: progress shows done of total. */
  total?: number | null;
}

/** What a running export is told and tells: stop when `signal` aborts, say how far it got. */
export interface ExportControl {
  signal: AbortSignal;
  progress(done: number, total: number | null): void;
}

/** The event loop is given back after this long of writing, so scans and verdicts wait at most about this. */
const SLICE_MS = 8;

/** Rows written so far of how many, across the sheets of one file. */
interface Tally {
  done: number;
  total: number | null;
}

/** Calls `each` per row, yielding to the event loop between slices; stops (throws) once aborted. */
async function forEachRow<R>(source: TableSource<R>, control: ExportControl, each: (row: R) => void | Promise<void>, tally: Tally = { done: 0, total: source.total ?? null }): Promise<number> {
  let rows = 0;
  let sliceStart = performance.now();
  for await (const row of source.rows) {
    control.signal.throwIfAborted();
    await each(row);
    rows++;
    tally.done++;
    if (performance.now() - sliceStart >= SLICE_MS) {
      control.progress(tally.done, tally.total);
      await nextTurn();
      control.signal.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  control.progress(tally.done, tally.total);
  return rows;
}

/**
 * Ends a stream that failed or was cancelled, once its file is really closed: a stream destroyed
 * before its (asynchronous) open completed still creates the file afterwards, which would then
 * outlive the job's removal of its part.
 */
async function shut(stream: WriteStream): Promise<void> {
  stream.destroy();
  if (!stream.closed) await once(stream, 'close').catch(() => undefined);
}

async function closeStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  stream.end();
  await once(stream, 'close');
}

/** CSV: UTF-8 with BOM, RFC 4180 quoting, CRLF; written in ~64 kB chunks that respect the stream's backpressure. */
export async function writeTableCsv<R>(path: string, source: TableSource<R>, control: ExportControl): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  try {
    let chunk = UTF8_BOM + csvHeader(source.columns);
    const flush = async () => {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      chunk = '';
    };
    const rows = await forEachRow(source, control, async (row) => {
      chunk += csvRow(source.columns, row);
      if (chunk.length >= 65_536) await flush();
    });
    await flush();
    await Promise.race([closeStream(out), failed]);
    return rows;
  } finally {
    await shut(out);
  }
}

/**
 * XLSX through exceljs's streaming WorkbookWriter: each row is committed (serialised and let go)
 * as it comes; inline strings instead of a shared-string table, which would keep every distinct
 * text in memory to the end. Numbers and dates keep their types and number formats.
 */
export async function writeTableXlsx<R>(path: string, source: TableSource<R>, control: ExportControl): Promise<number> {
  return writeSheetsXlsx(path, [source as TableSource<unknown>], control);
}

/** Several tables as the sheets of one workbook, in order; progress counts the rows of all of them. Answers the rows written. */
export async function writeSheetsXlsx(path: string, sources: TableSource<unknown>[], control: ExportControl): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  const totals = sources.map((s) => s.total ?? null);
  const tally: Tally = { done: 0, total: totals.every((n) => n !== null) ? totals.reduce((a, b) => a + b, 0) : null };
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = 'yipin-yima-station';
    for (const source of sources) {
      const ws = wb.addWorksheet(source.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = xlsxColumns(source.columns);
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      await forEachRow(source, control, (row) => addSheetRow(ws, source.columns, row).commit(), tally);
      ws.commit();
    }
    await Promise.race([wb.commit(), failed]);
    if (!out.closed) await Promise.race([once(out, 'close'), failed]);
    return tally.done;
  } finally {
    await shut(out);
  }
}
