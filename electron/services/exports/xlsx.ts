import ExcelJS from 'exceljs';
import type { DayReport } from '../../../shared/contract';
import { columnType, DEFAULT_WIDTHS, NUMBER_FORMATS, wallClockDate, type Cell, type Column } from './columns';
import { dayReportSections, type ReportHeading } from './dayReportTables';

/** A cell as exceljs takes it: numbers stay numbers, dates become Dates (at their wall clock). */
export function xlsxValue(cell: Cell, type: ReturnType<typeof columnType>): ExcelJS.CellValue {
  if (cell === null) return null;
  if ((type === 'date' || type === 'dateTime') && typeof cell === 'string') return wallClockDate(cell) ?? cell;
  return cell;
}

/** Column widths and number formats of a sheet, from its specs. */
export const xlsxColumns = <R>(columns: Column<R>[]): Partial<ExcelJS.Column>[] =>
  columns.map((c) => ({ header: c.header, width: c.width ?? DEFAULT_WIDTHS[c.type], style: { numFmt: NUMBER_FORMATS[c.type] } }));

/** A cell whose row says it is of another kind than its column (the summary) gets that kind's format. */
export function rowCells<R>(columns: Column<R>[], row: R): { values: ExcelJS.CellValue[]; formats: (string | undefined)[] } {
  const values: ExcelJS.CellValue[] = [];
  const formats: (string | undefined)[] = [];
  for (const c of columns) {
    const type = columnType(c, row);
    values.push(xlsxValue(c.value(row), type));
    formats.push(type === c.type ? undefined : NUMBER_FORMATS[type]);
  }
  return { values, formats };
}

/** Appends `row` to a sheet: typed cells, formats where the row's kind differs, tree indents. */
export function addSheetRow<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], row: R): ExcelJS.Row {
  const { values, formats } = rowCells(columns, row);
  const added = ws.addRow(values);
  formats.forEach((f, i) => f && (added.getCell(i + 1).numFmt = f));
  columns.forEach((c, i) => {
    const indent = c.indent?.(row) ?? 0;
    if (indent > 0) added.getCell(i + 1).alignment = { indent };
  });
  return added;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };

/** The day report as a workbook: one sheet per table, the header row bold and frozen. */
export async function dayReportXlsx(report: DayReport, heading: ReportHeading): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yipin-yima-station';
  wb.created = wallClockDate(report.generatedAt) ?? new Date(0);
  for (const s of dayReportSections(report, heading)) {
    const ws = wb.addWorksheet(s.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = xlsxColumns(s.columns);
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.eachCell((cell) => (cell.fill = HEADER_FILL));
    for (const row of s.rows) addSheetRow(ws, s.columns, row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
