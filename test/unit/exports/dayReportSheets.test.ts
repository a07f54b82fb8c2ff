import { parseCsv } from '../../support/csv';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Amount, DayReport } from '../../../shared/contract';
import { dayReportCsv } from '../../../electron/services/exports/csv';
import { dayReportXlsx } from '../../../electron/services/exports/xlsx';
import { sampleDayReport } from '../../fixtures/dayReport';

// The files are read back by libraries that did not write them (exceljs's reader; fflate + the
// DOM's XML parser on the raw sheet XML; fast-csv's parser) and compared with the report object
// itself, field by field, not with the tables the writers were built from.

const heading = { marketName: '福州海峡农副产品批发市场', stationName: '1号查验台' };
const report = sampleDayReport();

const amountCells = (a: Amount) => [a.lots, a.kg, a.piece, a.head, a.box];
/** A breakdown sheet as the report says it should read: 名称, 批次, 公斤, 件, 头, 箱 (no id: 未记录). */
const breakdownRows = (rows: DayReport['intake']['byVariety']) => rows.map((r) => [r.id === null ? '未记录' : r.name, ...amountCells(r.amount)]);
const BREAKDOWN_HEAD = ['名称', '批次', '重量（公斤）', '件', '头', '箱'];

async function workbook() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await dayReportXlsx(report, heading)) as unknown as ArrayBuffer);
  return wb;
}

function sheetValues(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('the day report as XLSX', () => {
  it('has one sheet per table, the rules on 达标, with Chinese headers', async () => {
    const wb = await workbook();
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '达标',
      '品类',
      '品种',
      '供应商',
      '产地',
      '摊位',
      '操作员',
      '分时段',
      '拒收原因',
      '人工改判',
      '合格证',
      '临近限量的合格证',
      '阳性批次',
      '销毁记录',
      '摊位分装销售',
      '进行中的召回',
      '进出场',
    ]);
    const rules = sheetValues(wb.getWorksheet('达标')!);
    expect(rules[0]).toEqual(['规则', '结果', '说明', '涉及批次']);
    expect(rules.slice(1).map((r) => r[1])).toEqual(report.rules.map((r) => (r.met ? '达标' : '未达标')));
    expect(rules.slice(1).map((r) => r[3])).toEqual(report.rules.map((r) => r.lotIds.length));
    expect(rules[2]).toEqual(['无检测报告批次批批检测', '未达标', '无检测报告 51 批，已检测 48 批，3 批无检测报告的批次未检测', 3]);
    expect(rules[3][2]).toBe('有检测报告 92 批，已抽中 8 批，抽检率 8.7% < 10%，还差 2 批');
    expect(rules[4][2]).toBe('阳性 2 批，已销毁 1 批，已解除扣留 0 批，1 批阳性批次扣留未处置');
  });

  it('writes every breakdown cell by cell, numbers as numbers with a number format', async () => {
    const wb = await workbook();
    const sheets = {
      品类: report.intake.byCategory,
      品种: report.intake.byVariety,
      供应商: report.intake.bySupplier,
      产地: report.intake.byOrigin,
      摊位: report.intake.byStall,
      操作员: report.intake.byOperator,
    };
    for (const [name, rows] of Object.entries(sheets)) {
      const ws = wb.getWorksheet(name)!;
      expect(sheetValues(ws)).toEqual([BREAKDOWN_HEAD, ...breakdownRows(rows)]);
      expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.Number);
      expect(ws.getCell('C2').numFmt).toBe('#,##0.000');
    }
    // The name with a comma and quotes stays one cell.
    expect(wb.getWorksheet('品种')!.getCell('A3').value).toBe('猪肉, 五花 "精选"');
  });

  it('writes times as dates at their wall clock, and the summary figures with their own formats', async () => {
    const wb = await workbook();
    const overrides = wb.getWorksheet('人工改判')!;
    const at = overrides.getCell('F2');
    expect(at.type).toBe(ExcelJS.ValueType.Date);
    // 06:12:09 at +08:00 as written, not shifted to UTC.
    expect((at.value as Date).toISOString()).toBe('2026-03-01T06:12:09.000Z');
    expect(at.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheetValues(overrides)[1].slice(0, 5)).toEqual(['3059901000123', '拒收', '准入', '补交合格证，\n核对无误', '李经理']);

    const summary = new Map(sheetValues(wb.getWorksheet('概况')!).map((r) => [r[0], r]));
    expect(summary.get('入场批次')).toEqual(['入场批次', report.intake.total.lots, '批']);
    expect(summary.get('入场重量')).toEqual(['入场重量', report.intake.total.kg, '公斤']);
    expect(summary.get('抽检比例')![1]).toBeCloseTo(report.testing.withReport.sampled / report.testing.withReport.lots, 12);
    expect(summary.get('市场')![1]).toBe(heading.marketName);
    const ws = wb.getWorksheet('概况')!;
    const rowOf = (item: string) => [...summary.keys()].indexOf(item) + 1;
    expect(ws.getCell(rowOf('抽检比例'), 2).numFmt).toBe('0.0%');
    expect(ws.getCell(rowOf('生成时间'), 2).type).toBe(ExcelJS.ValueType.Date);
    expect((ws.getCell(rowOf('生成时间'), 2).value as Date).toISOString()).toBe('2026-03-01T11:30:05.000Z');

    const hours = sheetValues(wb.getWorksheet('分时段')!).slice(1);
    expect(hours).toHaveLength(24);
    expect(hours.map((h) => h[1])).toEqual(report.intake.byHour.map((h) => h.lots));
    expect(hours.map((h) => h[3])).toEqual(report.testing.samplingByHour.map((h) => h.sampled));

    const disposals = sheetValues(wb.getWorksheet('销毁记录')!);
    expect(disposals[1].slice(0, 4)).toEqual(['XH-20260301-0001', '3059901000777', '粉碎', '有']);
    expect(
      sheetValues(wb.getWorksheet('阳性批次')!)
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(['已销毁', '扣留待处置']);

    // 召回: the open recalls row by row, their start a date, their lot counts numbers; the counts among the figures.
    const recalls = wb.getWorksheet('进行中的召回')!;
    expect(sheetValues(recalls)).toEqual([
      ['召回单号', '原因', '召回范围', '发起时间', '待追回批次', '受影响批次'],
      ...report.recalls.openList.map((x) => [x.number, x.reason, x.scopeLabel, new Date(`${x.createdAt.slice(0, 19)}Z`), x.openLots, x.lots]),
    ]);
    expect(recalls.getCell('D3').type).toBe(ExcelJS.ValueType.Date);
    expect(recalls.getCell('E3').type).toBe(ExcelJS.ValueType.Number);
    expect(summary.get('进行中的召回')).toEqual(['进行中的召回', report.recalls.open, '起']);
    expect([summary.get('发起召回')![1], summary.get('结束召回')![1], summary.get('解除召回')![1]]).toEqual([
      report.recalls.startedInRange,
      report.recalls.closedInRange,
      report.recalls.liftedInRange,
    ]);
    // 一进口一出口: in and out per market day, the day a date, the figures numbers; totals among the figures.
    const gate = wb.getWorksheet('进出场')!;
    expect(sheetValues(gate)).toEqual([
      ['市场日', '入场批次', '入场重量（公斤）', '出场批次', '出场重量（公斤）', '出口异常'],
      [new Date('2026-02-28T00:00:00Z'), 150, 4820.5, 96, 2310.25, 0],
      [new Date('2026-03-01T00:00:00Z'), 168, 5120.75, 121, 2904.5, 2],
    ]);
    expect(gate.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
    expect(summary.get('出场批次')).toEqual(['出场批次', 217, '批']);
    expect(summary.get('出口异常')).toEqual(['出口异常', 2, '次']);
  });

  it('reads the same through the raw sheet XML: numbers as n cells, dates as serial numbers styled as dates', async () => {
    const files = unzipSync(new Uint8Array(await dayReportXlsx(report, heading)));
    const dom = new JSDOM('');
    const parse = (name: string) => new dom.window.DOMParser().parseFromString(strFromU8(files[name]), 'application/xml');
    const book = parse('xl/workbook.xml');
    const names = [...book.getElementsByTagName('sheet')].map((s) => s.getAttribute('name'));
    const sheet = parse(`xl/worksheets/sheet${names.indexOf('品种') + 1}.xml`);
    const cell = (ref: string) => sheet.querySelector(`c[r="${ref}"]`)!;
    // B2: 48 lots of 小白菜, C2: 1250.5 kg — numeric cells (no t="s"/"str"/"inlineStr").
    expect(cell('B2').getAttribute('t')).toBeNull();
    expect(Number(cell('B2').textContent)).toBe(report.intake.byVariety[0].amount.lots);
    expect(Number(cell('C2').textContent)).toBe(report.intake.byVariety[0].amount.kg);

    const overrides = parse(`xl/worksheets/sheet${names.indexOf('人工改判') + 1}.xml`);
    const at = overrides.querySelector('c[r="F2"]')!;
    expect(at.getAttribute('t')).toBeNull();
    // Excel's day count from 1899-12-30: 2026-03-01 06:12:09.
    const serial = (Date.UTC(2026, 2, 1, 6, 12, 9) - Date.UTC(1899, 11, 30)) / 86_400_000;
    expect(Number(at.textContent)).toBeCloseTo(serial, 8);
    const styles = parse('xl/styles.xml');
    const xf = styles.getElementsByTagName('cellXfs')[0].getElementsByTagName('xf')[Number(at.getAttribute('s'))];
    const fmt = [...styles.getElementsByTagName('numFmt')].find((f) => f.getAttribute('numFmtId') === xf.getAttribute('numFmtId'));
    expect(fmt?.getAttribute('formatCode')).toBe('yyyy-mm-dd hh:mm:ss');
  });
});

describe('the day report as CSV', () => {
  it('starts with the UTF-8 BOM and parses back (RFC 4180) to the report, table by table', async () => {
    const bytes = dayReportCsv(report, heading);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await parseCsv(bytes.subarray(3).toString('utf8'));
    /** The rows of a titled block, up to the empty line that ends it. */
    const block = (title: string) => {
      const at = rows.findIndex((r) => r.length === 1 && r[0] === title);
      expect(at).toBeGreaterThanOrEqual(0);
      const end = rows.findIndex((r, i) => i > at && r.every((c) => c === ''));
      return rows.slice(at + 1, end < 0 ? undefined : end);
    };
    expect(block('品种')).toEqual([BREAKDOWN_HEAD, ...breakdownRows(report.intake.byVariety).map((r) => r.map(String))]);
    expect(block('人工改判')[1]).toEqual(['3059901000123', '拒收', '准入', '补交合格证，\n核对无误', '李经理', '2026-03-01 06:12:09']);
    expect(
      block('达标')
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(report.rules.map((r) => (r.met ? '达标' : '未达标')));
    const summary = new Map(block('概况').map((r) => [r[0], r[1]]));
    expect(Number(summary.get('入场重量'))).toBe(report.intake.total.kg);
    expect(summary.get('最近上传成功')).toBe('2026-03-01 11:00:00');
    expect(
      block('分时段')
        .slice(1)
        .map((r) => Number(r[1])),
    ).toEqual(report.intake.byHour.map((h) => h.lots));
    expect(block('进行中的召回')[2]).toEqual(['ZH20260301-01', '本市场检测阳性，追回同批次', '3059901000777 及其分装', '2026-03-01 07:55:00', '3', '9']);
    // CRLF record ends, as RFC 4180 asks.
    expect(bytes.toString('utf8')).toContain('项目,数值,单位\r\n');
  });
});
