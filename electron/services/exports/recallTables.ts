import type { Recall, RecallDetail, RecallLot, RecallOrigin } from '../../../shared/contract';
import type { Cell, Column, ColumnType } from './columns';
import type { ReportHeading } from './dayReportTables';
import {
  CERTIFICATE_WORDS,
  NO,
  OUTCOME_WORDS,
  PDF,
  RECALL,
  RECALL_PROGRESS_WORDS,
  RECALL_SCOPE_WORDS,
  RECALL_SOURCE_WORDS,
  RECALL_STATUS_WORDS,
  STATUS_WORDS,
  TEST_VERDICT_WORDS,
  UNIT_WORDS,
  YES,
} from './words';

/**
 * The recall's tables, described once for the XLSX sheets and the PDF notice list: the affected
 * lots in tree order, the recall itself as item / value rows, and the lots it started from.
 */

export interface RecallTable<R> {
  title: string;
  columns: Column<R>[];
  rows: R[];
}

/** Where an affected lot's goods are: at its stall (a gate lot) or with its buyer (name, phone as the list carries it). */
export function whereabouts(l: RecallLot): string {
  if (l.sale) return [l.sale.buyer.name, l.sale.buyer.phone].filter(Boolean).join(' ') || PDF.none;
  return l.stall ? RECALL.atStall(l.stall.name) : PDF.none;
}

export const LOT_COLUMNS: Column<RecallLot>[] = [
  { header: RECALL.depth, type: 'int', value: (l) => l.depth, width: 6 },
  { header: RECALL.code, type: 'text', value: (l) => l.code, width: 32, indent: (l) => l.depth },
  { header: RECALL.parentCode, type: 'text', value: (l) => l.parentCode, width: 30 },
  { header: RECALL.variety, type: 'text', value: (l) => l.variety },
  { header: RECALL.supplier, type: 'text', value: (l) => l.supplier, width: 28 },
  { header: RECALL.quantity, type: 'number', value: (l) => l.quantity },
  { header: RECALL.unit, type: 'text', value: (l) => UNIT_WORDS[l.unit], width: 6 },
  { header: RECALL.onHand, type: 'number', value: (l) => l.onHand },
  { header: RECALL.sold, type: 'number', value: (l) => l.sold },
  { header: RECALL.writtenOff, type: 'number', value: (l) => l.writtenOff },
  { header: RECALL.stall, type: 'text', value: (l) => l.stall?.name ?? null },
  { header: RECALL.buyer, type: 'text', value: (l) => l.sale?.buyer.name ?? null, width: 24 },
  { header: RECALL.buyerPhone, type: 'text', value: (l) => l.sale?.buyer.phone ?? null, width: 16 },
  { header: RECALL.buyerUscc, type: 'text', value: (l) => l.sale?.buyer.uscc ?? null, width: 22 },
  { header: RECALL.soldAt, type: 'dateTime', value: (l) => l.sale?.at ?? null },
  { header: RECALL.soldBy, type: 'text', value: (l) => l.sale?.by ?? null, width: 10 },
  { header: RECALL.price, type: 'number', value: (l) => (l.sale?.priceFen == null ? null : l.sale.priceFen / 100) },
  { header: RECALL.status, type: 'text', value: (l) => STATUS_WORDS[l.status], width: 10 },
  { header: RECALL.priorStatus, type: 'text', value: (l) => STATUS_WORDS[l.priorStatus], width: 10 },
  { header: RECALL.progress, type: 'text', value: (l) => RECALL_PROGRESS_WORDS[l.progress], width: 10 },
  { header: RECALL.progressBy, type: 'text', value: (l) => l.progressByName, width: 10 },
  { header: RECALL.progressAt, type: 'dateTime', value: (l) => l.progressAt },
  { header: RECALL.note, type: 'text', value: (l) => l.progressNote, width: 24 },
];

export interface InfoRow {
  item: string;
  value: Cell;
  type: ColumnType;
  unit: string;
}

const rangeOf = (r: Recall) => (r.scope.range ? PDF.rangeText(r.scope.range.from, r.scope.range.to) : null);

/** The recall as item / value rows: what it is, who started, closed or lifted it, its counts and quantities. */
export function recallInfo(r: Recall, heading: ReportHeading): InfoRow[] {
  const t = (item: string, value: string | null): InfoRow => ({ item, value, type: 'text', unit: '' });
  const at = (item: string, value: string | null): InfoRow => ({ item, value, type: 'dateTime', unit: '' });
  const n = (item: string, value: number, unit: string): InfoRow => ({ item, value, type: 'number', unit });
  const c = r.counts;
  return [
    t(RECALL.market, heading.marketName),
    t(RECALL.station, heading.stationName),
    t(RECALL.number, r.number),
    t(RECALL.recallStatus, RECALL_STATUS_WORDS[r.status]),
    t(RECALL.reason, r.reason),
    t(RECALL.source, RECALL_SOURCE_WORDS[r.source]),
    t(RECALL.sourceRef, r.sourceRef),
    t(RECALL.scopeKind, RECALL_SCOPE_WORDS[r.scope.kind]),
    t(RECALL.scope, r.scope.label),
    t(RECALL.range, rangeOf(r)),
    at(RECALL.createdAt, r.createdAt),
    t(RECALL.createdBy, r.createdByName),
    at(RECALL.closedAt, r.closedAt),
    t(RECALL.closedBy, r.closedByName),
    at(RECALL.liftedAt, r.liftedAt),
    t(RECALL.liftedBy, r.liftedByName),
    t(RECALL.liftReason, r.liftReason),
    n(RECALL.lots, c.lots, '批'),
    ...(['open', 'retrieved', 'destroyed', 'notRecoverable', 'nothingLeft'] as const).map((p) => n(RECALL_PROGRESS_WORDS[p], c[p], '批')),
    ...r.quantities.flatMap((q) => [n(`${RECALL.onHand}（${UNIT_WORDS[q.unit]}）`, q.onHand, UNIT_WORDS[q.unit]), n(`${RECALL.sold}（${UNIT_WORDS[q.unit]}）`, q.sold, UNIT_WORDS[q.unit])]),
  ];
}

export const INFO_COLUMNS: Column<InfoRow>[] = [
  { header: '项目', type: 'text', value: (f) => f.item, width: 20 },
  { header: '数值', type: 'text', value: (f) => f.value, typeOf: (f) => f.type, width: 60 },
  { header: '单位', type: 'text', value: (f) => f.unit, width: 8 },
];

export const certificatesText = (o: RecallOrigin) =>
  o.certificates.map((c) => `${CERTIFICATE_WORDS[c.type]} ${c.number}${c.issuer ? `（${c.issuer}）` : ''}${c.hasPhoto ? ` ${RECALL.photo}` : ''}`).join('；');
export const testsText = (o: RecallOrigin) => o.tests.map((x) => `${x.itemName.zh} ${TEST_VERDICT_WORDS[x.verdict]}`).join('；');

export const ORIGIN_COLUMNS: Column<RecallOrigin>[] = [
  { header: RECALL.code, type: 'text', value: (o) => o.code, width: 32 },
  { header: RECALL.enteredAt, type: 'dateTime', value: (o) => o.enteredAt },
  { header: RECALL.supplier, type: 'text', value: (o) => o.supplier.name, width: 28 },
  { header: RECALL.uscc, type: 'text', value: (o) => o.supplier.uscc, width: 22 },
  { header: RECALL.contact, type: 'text', value: (o) => o.supplier.contact, width: 20 },
  { header: RECALL.origin, type: 'text', value: (o) => o.origin, width: 22 },
  { header: RECALL.variety, type: 'text', value: (o) => o.variety },
  { header: RECALL.quantity, type: 'number', value: (o) => o.quantity },
  { header: RECALL.unit, type: 'text', value: (o) => UNIT_WORDS[o.unit], width: 6 },
  { header: RECALL.certificates, type: 'text', value: (o) => certificatesText(o), width: 48 },
  { header: RECALL.verdict, type: 'text', value: (o) => OUTCOME_WORDS[o.verdict], width: 10 },
  { header: RECALL.overridden, type: 'text', value: (o) => (o.overridden ? YES : NO), width: 10 },
  { header: RECALL.tests, type: 'text', value: (o) => testsText(o), width: 36 },
];

/** The workbook's sheets, in order: the affected lots (the list asked for), the recall, the origins. */
export const recallTables = (d: RecallDetail, heading: ReportHeading): [RecallTable<RecallLot>, RecallTable<InfoRow>, RecallTable<RecallOrigin>] => [
  { title: RECALL.sheetLots, columns: LOT_COLUMNS, rows: d.lots },
  { title: RECALL.sheetInfo, columns: INFO_COLUMNS, rows: recallInfo(d.recall, heading) },
  { title: RECALL.sheetOrigins, columns: ORIGIN_COLUMNS, rows: d.origins },
];

/** The export's file name: plain ASCII (ExportFileName), the recall's number kept where it is ASCII. */
export const recallBaseName = (r: Recall) => `${RECALL.fileName}_${r.number.replace(/[^A-Za-z0-9-]/g, '') || r.id}`;
