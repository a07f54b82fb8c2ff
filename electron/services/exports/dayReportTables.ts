import type { Amount, BreakdownRow, DayReport, RuleCheck } from '../../../shared/contract';
import type { Cell, Column, ColumnType } from './columns';
import {
  CERTIFICATE_WORDS,
  COLUMN,
  FIGURE,
  MET,
  METHOD_WORDS,
  NO,
  NONE_RECORDED,
  NOT_MET,
  OUTCOME_WORDS,
  PDF,
  POSITIVE_OUTCOME_WORDS,
  REASON_WORDS,
  RULE_NAMES,
  ruleSentence,
  SECTION,
  UNIT_WORDS,
  YES,
} from './words';

/** Who the report is for: printed in titles and the summary. */
export interface ReportHeading {
  marketName: string;
  stationName: string;
}

/** One table of the report: a sheet in XLSX, a block in CSV, a table in the PDF. */
export interface Section<R = unknown> {
  key: keyof typeof SECTION;
  title: string;
  columns: Column<R>[];
  rows: R[];
}

const section = <R>(key: keyof typeof SECTION, columns: Column<R>[], rows: R[]): Section => ({ key, title: SECTION[key], columns, rows }) as Section;

const amountColumns = <R>(get: (r: R) => Amount): Column<R>[] => [
  { header: COLUMN.lots, type: 'int', value: (r) => get(r).lots },
  { header: COLUMN.kg, type: 'kg', value: (r) => get(r).kg },
  { header: COLUMN.piece, type: 'int', value: (r) => get(r).piece },
  { header: COLUMN.head, type: 'int', value: (r) => get(r).head },
  { header: COLUMN.box, type: 'int', value: (r) => get(r).box },
];

const breakdown = (key: keyof typeof SECTION, rows: BreakdownRow[]) =>
  section<BreakdownRow>(key, [{ header: COLUMN.name, type: 'text', value: (r) => (r.id === null ? NONE_RECORDED : r.name), width: 28 }, ...amountColumns<BreakdownRow>((r) => r.amount)], rows);

/** The share of report lots sampled, null when none came (no share to speak of). */
export const sampledRate = (r: DayReport) => (r.testing.withReport.lots > 0 ? r.testing.withReport.sampled / r.testing.withReport.lots : null);

export const rangeText = (r: DayReport) => PDF.rangeText(r.range.from, r.range.to);

interface Figure {
  item: string;
  value: Cell;
  type: ColumnType;
  unit: string;
}

/** The key figures, in the order the summary sheet and the PDF list them. */
export function keyFigures(r: DayReport, heading: ReportHeading): Figure[] {
  const t = (item: string, value: string): Figure => ({ item, value, type: 'text', unit: '' });
  const n = (item: string, value: number | null, unit = '批', type: ColumnType = 'int'): Figure => ({ item, value, type, unit });
  const positives = new Set(r.testing.positives.map((p) => p.lotId)).size;
  return [
    t(FIGURE.market, heading.marketName),
    t(FIGURE.station, heading.stationName),
    t(FIGURE.range, rangeText(r)),
    t(FIGURE.dayStart, r.dayStart),
    { item: FIGURE.generatedAt, value: r.generatedAt, type: 'dateTime', unit: '' },
    n(FIGURE.lotsIn, r.intake.total.lots),
    n(FIGURE.kgIn, r.intake.total.kg, UNIT_WORDS.kg, 'kg'),
    n(FIGURE.pieceIn, r.intake.total.piece, UNIT_WORDS.piece),
    n(FIGURE.headIn, r.intake.total.head, UNIT_WORDS.head),
    n(FIGURE.boxIn, r.intake.total.box, UNIT_WORDS.box),
    n(FIGURE.admitted, r.verdicts.admitted),
    n(FIGURE.awaitingTest, r.verdicts.awaitingTest),
    n(FIGURE.rejected, r.verdicts.rejected),
    n(FIGURE.overrides, r.verdicts.overrides.length, '次'),
    n(FIGURE.withoutCertificate, r.certificates.withoutCertificate),
    n(FIGURE.noReportLots, r.testing.noReport.lots),
    n(FIGURE.noReportTested, r.testing.noReport.tested),
    n(FIGURE.withReportLots, r.testing.withReport.lots),
    n(FIGURE.sampled, r.testing.withReport.sampled),
    n(FIGURE.sampledRate, sampledRate(r), '', 'percent'),
    n(FIGURE.targetRate, r.testing.withReport.targetRate, '', 'percent'),
    n(FIGURE.tests, r.testing.tests, '次'),
    n(FIGURE.invalidRuns, r.testing.invalidRuns, '次'),
    n(FIGURE.positives, positives),
    n(FIGURE.disposals, r.disposals.count, '次'),
    n(FIGURE.disposedKg, r.disposals.amount.kg, UNIT_WORDS.kg, 'kg'),
    n(FIGURE.evidenceMissing, r.disposals.evidenceMissing, '次'),
    n(
      FIGURE.childCodes,
      r.counter.byStall.reduce((s, x) => s + x.childCodes, 0),
      '个',
    ),
    n(FIGURE.backlog, r.upload.backlog, '条'),
    n(FIGURE.deadLetters, r.upload.deadLetters, '条'),
    r.upload.lastSuccessAt ? { item: FIGURE.lastUpload, value: r.upload.lastSuccessAt, type: 'dateTime', unit: '' } : t(FIGURE.lastUpload, PDF.none),
    n(FIGURE.openRecalls, r.recalls.open, '起'),
    n(FIGURE.recallsStarted, r.recalls.startedInRange, '起'),
    n(FIGURE.recallsClosed, r.recalls.closedInRange, '起'),
    n(FIGURE.recallsLifted, r.recalls.liftedInRange, '起'),
    n(
      FIGURE.lotsOut,
      r.gateFlow.days.reduce((s, d) => s + d.out.lots, 0),
    ),
    n(
      FIGURE.exitExceptions,
      r.gateFlow.days.reduce((s, d) => s + d.exceptions, 0),
      '次',
    ),
  ];
}

export interface RuleRow {
  name: string;
  met: boolean;
  result: string;
  sentence: string;
  lots: number;
}

export const ruleRows = (r: DayReport): RuleRow[] =>
  r.rules.map((c: RuleCheck) => ({ name: RULE_NAMES[c.rule], met: c.met, result: c.met ? MET : NOT_MET, sentence: ruleSentence(c.rule, c.met, c.figures), lots: c.lotIds.length }));

/** Every table of the report, in order: the summary, the rules, then the details. */
export function dayReportSections(r: DayReport, heading: ReportHeading): Section[] {
  const sampling = r.testing.samplingByHour;
  const byHour = r.intake.byHour.map((h, i) => ({ hour: h.hour, lots: h.lots, reportLots: sampling[i].reportLots, sampled: sampling[i].sampled }));
  const target = r.testing.withReport.targetRate;
  return [
    section<Figure>(
      'summary',
      [
        { header: COLUMN.item, type: 'text', value: (f) => f.item, width: 20 },
        { header: COLUMN.value, type: 'number', value: (f) => f.value, typeOf: (f) => f.type, width: 22 },
        { header: COLUMN.unit, type: 'text', value: (f) => f.unit, width: 8 },
      ],
      keyFigures(r, heading),
    ),
    section<RuleRow>(
      'rules',
      [
        { header: COLUMN.rule, type: 'text', value: (x) => x.name, width: 26 },
        { header: COLUMN.result, type: 'text', value: (x) => x.result, width: 8 },
        { header: COLUMN.explanation, type: 'text', value: (x) => x.sentence, width: 60 },
        { header: COLUMN.lotsInvolved, type: 'int', value: (x) => x.lots },
      ],
      ruleRows(r),
    ),
    breakdown('byCategory', r.intake.byCategory),
    breakdown('byVariety', r.intake.byVariety),
    breakdown('bySupplier', r.intake.bySupplier),
    breakdown('byOrigin', r.intake.byOrigin),
    breakdown('byStall', r.intake.byStall),
    breakdown('byOperator', r.intake.byOperator),
    section<(typeof byHour)[number]>(
      'byHour',
      [
        { header: COLUMN.hour, type: 'int', value: (h) => h.hour },
        { header: COLUMN.lots, type: 'int', value: (h) => h.lots },
        { header: COLUMN.reportLotsSoFar, type: 'int', value: (h) => h.reportLots },
        { header: COLUMN.sampledSoFar, type: 'int', value: (h) => h.sampled },
        { header: COLUMN.targetSoFar, type: 'int', value: (h) => Math.ceil(h.reportLots * target) },
      ],
      byHour,
    ),
    section<DayReport['verdicts']['rejectedByReason'][number]>(
      'rejected',
      [
        { header: COLUMN.reason, type: 'text', value: (x) => REASON_WORDS[x.reason], width: 24 },
        { header: COLUMN.lots, type: 'int', value: (x) => x.lots },
      ],
      r.verdicts.rejectedByReason,
    ),
    section<DayReport['verdicts']['overrides'][number]>(
      'overrides',
      [
        { header: COLUMN.code, type: 'text', value: (x) => x.code, width: 24 },
        { header: COLUMN.from, type: 'text', value: (x) => OUTCOME_WORDS[x.from], width: 8 },
        { header: COLUMN.to, type: 'text', value: (x) => OUTCOME_WORDS[x.to], width: 8 },
        { header: COLUMN.reason, type: 'text', value: (x) => x.reason, width: 30 },
        { header: COLUMN.by, type: 'text', value: (x) => x.by, width: 10 },
        { header: COLUMN.at, type: 'dateTime', value: (x) => x.at },
      ],
      r.verdicts.overrides,
    ),
    section<DayReport['certificates']['byType'][number]>(
      'certificates',
      [
        { header: COLUMN.certificateType, type: 'text', value: (x) => CERTIFICATE_WORDS[x.type], width: 22 },
        { header: COLUMN.lots, type: 'int', value: (x) => x.lots },
      ],
      r.certificates.byType,
    ),
    section<DayReport['certificates']['nearLimit'][number]>(
      'nearLimit',
      [
        { header: COLUMN.certificateNumber, type: 'text', value: (x) => x.number, width: 24 },
        { header: COLUMN.certificateType, type: 'text', value: (x) => CERTIFICATE_WORDS[x.type], width: 22 },
        { header: COLUMN.quantity, type: 'number', value: (x) => x.quantity },
        { header: COLUMN.unit, type: 'text', value: (x) => UNIT_WORDS[x.unit as keyof typeof UNIT_WORDS] ?? x.unit, width: 8 },
        { header: COLUMN.used, type: 'number', value: (x) => x.used },
        { header: COLUMN.usedShare, type: 'percent', value: (x) => (x.quantity > 0 ? x.used / x.quantity : null) },
        { header: COLUMN.lots, type: 'int', value: (x) => x.lots },
      ],
      r.certificates.nearLimit,
    ),
    section<DayReport['testing']['positives'][number]>(
      'positives',
      [
        { header: COLUMN.code, type: 'text', value: (x) => x.code, width: 24 },
        { header: COLUMN.testItem, type: 'text', value: (x) => x.itemId, width: 16 },
        { header: COLUMN.testedAt, type: 'dateTime', value: (x) => x.testedAt },
        { header: COLUMN.outcome, type: 'text', value: (x) => POSITIVE_OUTCOME_WORDS[x.outcome], width: 12 },
      ],
      r.testing.positives,
    ),
    section<DayReport['disposals']['list'][number]>(
      'disposals',
      [
        { header: COLUMN.certificateNumber, type: 'text', value: (x) => x.certificateNumber, width: 22 },
        { header: COLUMN.code, type: 'text', value: (x) => x.code, width: 24 },
        { header: COLUMN.method, type: 'text', value: (x) => METHOD_WORDS[x.method], width: 14 },
        { header: COLUMN.evidence, type: 'text', value: (x) => (x.evidence ? YES : NO), width: 8 },
        { header: COLUMN.at, type: 'dateTime', value: (x) => x.at },
      ],
      r.disposals.list,
    ),
    section<DayReport['counter']['byStall'][number]>(
      'counter',
      [
        { header: COLUMN.stall, type: 'text', value: (x) => (x.stallId === null ? NONE_RECORDED : x.name), width: 20 },
        { header: COLUMN.childCodes, type: 'int', value: (x) => x.childCodes },
        { header: COLUMN.soldKg, type: 'kg', value: (x) => x.sold.kg },
        { header: COLUMN.piece, type: 'int', value: (x) => x.sold.piece },
        { header: COLUMN.head, type: 'int', value: (x) => x.sold.head },
        { header: COLUMN.box, type: 'int', value: (x) => x.sold.box },
      ],
      r.counter.byStall,
    ),
    section<DayReport['recalls']['openList'][number]>(
      'recalls',
      [
        { header: COLUMN.recallNumber, type: 'text', value: (x) => x.number, width: 16, whole: true },
        { header: COLUMN.reason, type: 'text', value: (x) => x.reason, width: 30 },
        { header: COLUMN.recallScope, type: 'text', value: (x) => x.scopeLabel, width: 30 },
        { header: COLUMN.startedAt, type: 'dateTime', value: (x) => x.createdAt },
        { header: COLUMN.openLots, type: 'int', value: (x) => x.openLots },
        { header: COLUMN.recallLots, type: 'int', value: (x) => x.lots },
      ],
      r.recalls.openList,
    ),
    // 一进口一出口: what came in at the gate and what left at the exit desk, per market day.
    section<DayReport['gateFlow']['days'][number]>(
      'gateFlow',
      [
        { header: COLUMN.day, type: 'date', value: (x) => x.day },
        { header: COLUMN.lotsIn, type: 'int', value: (x) => x.in.lots },
        { header: COLUMN.kgIn, type: 'kg', value: (x) => x.in.kg },
        { header: COLUMN.lotsOut, type: 'int', value: (x) => x.out.lots },
        { header: COLUMN.kgOut, type: 'kg', value: (x) => x.out.kg },
        { header: COLUMN.exitExceptions, type: 'int', value: (x) => x.exceptions },
      ],
      r.gateFlow.days,
    ),
  ];
}
