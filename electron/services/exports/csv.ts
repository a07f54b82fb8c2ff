import type { DayReport } from '../../../shared/contract';
import { columnType, wallClockText, type Cell, type Column, type ColumnType } from './columns';
import { dayReportSections, type ReportHeading } from './dayReportTables';

/** UTF-8's byte order mark: without it Excel opens a CSV in the PC's ANSI code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/** One field by RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(cell: Cell, type: ColumnType): string {
  if (cell === null) return '';
  let text: string;
  if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : '';
  else if (typeof cell === 'boolean') text = cell ? 'TRUE' : 'FALSE';
  else text = type === 'date' || type === 'dateTime' ? wallClockText(cell, type) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A record ends with CRLF (RFC 4180). */
export const csvLine = (fields: string[]) => `${fields.join(',')}\r\n`;

export const csvHeader = <R>(columns: Column<R>[]) => csvLine(columns.map((c) => csvField(c.header, 'text')));
export const csvRow = <R>(columns: Column<R>[], row: R) => csvLine(columns.map((c) => csvField(c.value(row), columnType(c, row))));

/**
 * The day report as one CSV: each table under a line with its title, after an empty line. A CSV has
 * one sheet; the XLSX keeps the tables apart.
 */
export function dayReportCsv(report: DayReport, heading: ReportHeading): Buffer {
  let out = UTF8_BOM;
  for (const [i, s] of dayReportSections(report, heading).entries()) {
    if (i > 0) out += '\r\n';
    out += csvLine([csvField(s.title, 'text')]) + csvHeader(s.columns);
    for (const row of s.rows) out += csvRow(s.columns, row);
  }
  return Buffer.from(out, 'utf8');
}
