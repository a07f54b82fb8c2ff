/**
 * Column specs shared by every export: a column knows its heading, its kind of value and how to
 * read it from a row, so XLSX writes real numbers and dates (with a number format) and CSV writes
 * them plainly, from one description.
 */

/**
 * - text: as is; int / number: plain; kg: 3 decimals; percent: a share (0.08 → 8.0%);
 * - date: `YYYY-MM-DD`; dateTime: an ISO time with the station's offset, kept at its wall clock.
 */
export type ColumnType = 'text' | 'int' | 'number' | 'kg' | 'percent' | 'date' | 'dateTime';

export type Cell = string | number | boolean | null;

export interface Column<R> {
  header: string;
  type: ColumnType;
  value: (row: R) => Cell;
  /** A row whose cell is of another kind than the column's (the summary's value column). */
  typeOf?: (row: R) => ColumnType;
  /** Width in characters for XLSX; a default per type otherwise. */
  width?: number;
  /** A text the PDF never wraps (a number or code a reader copies): other text columns give up width first. */
  whole?: boolean;
  /** Indent levels of a row's cell (a tree's depth): the value stays as it is, the cell is indented. */
  indent?: (row: R) => number;
}

export const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
  text: '@',
  int: '0',
  number: 'General',
  kg: '#,##0.000',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
};

export const DEFAULT_WIDTHS: Record<ColumnType, number> = { text: 18, int: 10, number: 12, kg: 14, percent: 10, date: 12, dateTime: 20 };

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;

/**
 * An ISO date or time as a Date whose UTC fields are the wall clock written in it: Excel dates have
 * no time zone, and exceljs writes a Date's UTC fields, so 06:12+08:00 reads 06:12 in Excel.
 */
export function wallClockDate(iso: string): Date | null {
  const m = WALL_CLOCK.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)));
}

/** A date or time cell as CSV text Excel reads back as a date (`2025-03-01 06:12:00`). */
export function wallClockText(iso: string, type: 'date' | 'dateTime'): string {
  const d = wallClockDate(iso);
  if (!d) return iso;
  const s = d.toISOString();
  return type === 'date' ? s.slice(0, 10) : `${s.slice(0, 10)} ${s.slice(11, 19)}`;
}

export const columnType = <R>(col: Column<R>, row: R): ColumnType => col.typeOf?.(row) ?? col.type;
