import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DayReport } from '../../../shared/contract';
import { A4, wallClock } from '../../documents/pdfText';
import { dayReportCharts } from './charts';
import type { Cell, ColumnType } from './columns';
import { dayReportSections, keyFigures, rangeText, ruleRows, type ReportHeading } from './dayReportTables';
import { CONTENT_W, MARGIN_X, openA4Export } from './pdfLayout';
import { FIGURE, PDF } from './words';

/** A cell as printed: kilograms to at most 3 decimals, shares as percentages, times at their wall clock. */
export function pdfCell(cell: Cell, type: ColumnType): string {
  if (cell === null) return '—';
  if (typeof cell === 'number') {
    if (type === 'percent') return `${(cell * 100).toFixed(1)}%`;
    if (type === 'kg') return String(Number(cell.toFixed(3)));
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return type === 'date' || type === 'dateTime' ? wallClock(cell) : cell;
}

const NUMERIC: ColumnType[] = ['int', 'number', 'kg', 'percent'];

// Shown in the title block, not again among the key figures.
const IN_TITLE = new Set<string>([FIGURE.market, FIGURE.station, FIGURE.range, FIGURE.dayStart, FIGURE.generatedAt]);

/**
 * The day report as a printable A4 PDF in Chinese: title with market, station and range; the
 * work plan's rules met or not and what is missing; the key figures; the charts; every detail
 * table, broken across pages under a repeated header row.
 */
export async function dayReportPdf(report: DayReport, heading: ReportHeading, options: { fontPath?: string } = {}): Promise<Uint8Array> {
  const range = rangeText(report);
  const { doc, ts, c, flow, centred } = await openA4Export({ ...options, title: `${PDF.title} ${heading.marketName} ${range}`, generatedAt: report.generatedAt });
  centred(PDF.title, 18, c.text, true);
  centred(`${heading.marketName} · ${heading.stationName}`, 11);
  centred(`${range}（${PDF.dayStartText(report.dayStart)}）  ${PDF.generatedAt} ${wallClock(report.generatedAt)}`, 9, c.gray);

  const rules = ruleRows(report);
  flow.heading(PDF.rules);
  flow.table(
    [
      { header: '规则', width: 0.3 },
      { header: '结果', width: 0.12 },
      { header: '说明', width: 0.58 },
    ],
    rules.map((r) => [r.name, r.result, r.sentence]),
    (row, col) => (col === 1 ? (rules[row].met ? c.green : c.red) : undefined),
  );

  flow.heading(PDF.figures);
  const figures = keyFigures(report, heading).filter((f) => !IN_TITLE.has(f.item));
  const half = Math.ceil(figures.length / 2);
  const pair = (i: number) => {
    const f = figures[i];
    return f ? [f.item, `${pdfCell(f.value, f.type)}${f.unit ? ` ${f.unit}` : ''}`] : ['', ''];
  };
  flow.table(
    [
      { header: '项目', width: 0.25 },
      { header: '数值', width: 0.25, align: 'right' },
      { header: '项目', width: 0.25 },
      { header: '数值', width: 0.25, align: 'right' },
    ],
    Array.from({ length: half }, (_, i) => [...pair(i), ...pair(i + half)]),
  );

  const charts = await dayReportCharts(report);
  flow.heading(PDF.charts, 12, charts[0].height + 12);
  // Full-width charts alone on their row, half-width ones side by side.
  for (let i = 0; i < charts.length;) {
    const row = charts[i].width * 2 <= CONTENT_W + 8 && charts[i + 1] && charts[i + 1].width * 2 <= CONTENT_W + 8 ? [charts[i], charts[i + 1]] : [charts[i]];
    const h = Math.max(...row.map((ch) => ch.height));
    flow.ensure(h + 8);
    let x = MARGIN_X;
    for (const ch of row) {
      const img = await doc.embedJpg(ch.jpeg);
      flow.page.drawImage(img, { x, y: flow.y - ch.height, width: ch.width, height: ch.height });
      x += ch.width + (CONTENT_W - row.reduce((s, r) => s + r.width, 0)) / Math.max(1, row.length - 1);
    }
    flow.y -= h + 8;
    i += row.length;
  }

  flow.heading(PDF.details);
  for (const s of dayReportSections(report, heading).slice(2)) {
    flow.heading(s.title, 10, 30);
    if (s.rows.length === 0) {
      flow.text(PDF.none, 9, c.gray);
      continue;
    }
    const cells = s.rows.map((row) => s.columns.map((col) => pdfCell(col.value(row), col.typeOf?.(row) ?? col.type)));
    const shares = flow.fitColumns(
      s.columns.map((col) => col.header),
      cells,
      s.columns.map((col) => col.type === 'text' && !col.whole),
    );
    flow.table(
      s.columns.map((col, i) => ({ header: col.header, width: shares[i], align: NUMERIC.includes(col.type) ? 'right' : 'left' })),
      cells,
    );
    // Gives the event loop back between tables: a long report must not hold up the counter.
    await nextTurn();
  }

  const pages = doc.getPages();
  for (const [i, page] of pages.entries()) {
    const footer = PDF.page(i + 1, pages.length);
    ts.draw(page, footer, (A4[0] - ts.width(footer, 8)) / 2, 30, 8, c.gray);
    ts.draw(page, `${heading.marketName} ${range}`, MARGIN_X, 30, 8, c.gray);
  }
  return doc.save();
}
