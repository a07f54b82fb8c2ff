import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, ExportFileName, type EventName, type EventPayload, type RecallDetail, type RecallLot } from '../../../shared/contract';
import { createClock } from '../../../electron/core/clock';
import { createExportService } from '../../../electron/services/exports';
import { sampleDayReport } from '../../fixtures/dayReport';
import { readPdf } from '../../fixtures/pdf';
import { sampleRecallDetail } from '../../fixtures/recallDetail';

// The files are read back by libraries that did not write them (exceljs's reader, pdf.js) and
// compared with the RecallDetail itself, field by field. This file renders PDFs only through the
// export service, i.e. on its worker thread.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const heading = { marketName: '福州海峡农副产品批发市场', stationName: '1号查验台' };

function service() {
  const dataDir = mkdtempSync(join(tmpdir(), 'exports-recall-'));
  dirs.push(dataDir);
  const events: EventPayload<'exportProgress'>[] = [];
  const svc = createExportService({
    dataDir,
    clock: createClock(() => new Date(2026, 2, 2, 15, 4, 5)),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void (event === 'exportProgress' && events.push(payload as EventPayload<'exportProgress'>)),
    dayReport: async () => sampleDayReport(),
    heading: () => heading,
  });
  return { svc, events, dir: join(dataDir, 'exports') };
}

async function workbook(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** An ISO time with its offset as exceljs reads a wall-clock date cell back: the wall clock, as UTC. */
const wall = (iso: string | null | undefined) => (iso ? new Date(`${iso.slice(0, 19)}Z`) : undefined);

const UNIT = { kg: '公斤', piece: '件', head: '头', box: '箱' } as const;
const PROGRESS = { open: '待追回', retrieved: '已追回', destroyed: '已销毁', notRecoverable: '无法追回', nothingLeft: '无剩余' } as const;
const STATUS = { admitted: '已准入', awaitingTest: '待检', held: '扣留', rejected: '已拒收', recalled: '已召回', destroyed: '已销毁', exhausted: '已售罄' } as const;

/** A lot's row as the sheet must read (empty cells read back as undefined). */
const lotRow = (l: RecallLot) =>
  [
    l.depth,
    l.code,
    l.parentCode,
    l.variety,
    l.supplier,
    l.quantity,
    UNIT[l.unit],
    l.onHand,
    l.sold,
    l.writtenOff,
    l.stall?.name,
    l.sale?.buyer.name,
    l.sale?.buyer.phone,
    l.sale?.buyer.uscc,
    wall(l.sale?.at),
    l.sale?.by,
    l.sale?.priceFen == null ? undefined : l.sale.priceFen / 100,
    STATUS[l.status],
    STATUS[l.priorStatus],
    PROGRESS[l.progress],
    l.progressByName,
    wall(l.progressAt),
    l.progressNote,
  ].map((v) => v ?? undefined);

describe('the recall as XLSX', () => {
  it('lists every affected lot in tree order, one row each, numbers as numbers and times as dates', async () => {
    const { svc, events } = service();
    const detail = sampleRecallDetail();
    const file = await svc.exportRecall({ detail, format: 'xlsx' });
    expect(file.fileName).toBe('recall_ZH20260302-01_20260302-150405.xlsx');
    expect(ExportFileName.safeParse(file.fileName).success).toBe(true);
    const wb = await workbook(file.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['受影响批次', '召回信息', '来源']);

    const ws = wb.getWorksheet('受影响批次')!;
    const rows = sheetRows(ws);
    expect(rows[0]).toEqual([
      '层级',
      '追溯码',
      '上级追溯码',
      '品种',
      '供应商',
      '数量',
      '单位',
      '在手',
      '已售',
      '核销',
      '摊位',
      '买方',
      '买方电话',
      '买方统一社会信用代码',
      '售出时间',
      '售出人',
      '金额（元）',
      '当前状态',
      '召回前状态',
      '进度',
      '标记人',
      '标记时间',
      '备注',
    ]);
    expect(rows.length - 1).toBe(detail.lots.length);
    // Trailing empty cells are not in a row's values: compare up to what the sheet holds.
    rows.slice(1).forEach((row, i) => expect(row).toEqual(lotRow(detail.lots[i]!).slice(0, row.length)));
    // The three levels of the tree: the child of a child under its parent, its code indented by its depth.
    expect(rows.slice(1, 4).map((r) => [r[0], r[1], r[2]])).toEqual([
      [0, '(01)06901234567892(10)QK0301', undefined],
      [1, '30599010000000000102', '(01)06901234567892(10)QK0301'],
      [2, '30599010000000000103', '30599010000000000102'],
    ]);
    expect(ws.getCell('B4').alignment?.indent).toBe(2);
    expect(ws.getCell('B2').alignment?.indent ?? 0).toBe(0);
    // Typed cells: a quantity is a number, a sale time a date with a date format.
    expect(ws.getCell('F2').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('H2').value).toBe(450);
    expect(ws.getCell('O3').type).toBe(ExcelJS.ValueType.Date);
    expect(ws.getCell('O3').value).toEqual(new Date('2026-03-01T07:42:10.000Z'));
    expect(ws.getCell('O3').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    // Buyers' phones exactly as the list carries them: in full, masked, or none.
    expect(rows.slice(1).map((r) => r[12])).toEqual(detail.lots.map((l) => l.sale?.buyer.phone ?? undefined));
    expect(rows.slice(1).map((r) => r[12])).toEqual(expect.arrayContaining(['13812345678', '139****4321']));

    // Progress counts the rows of the three sheets and ends at their sum.
    const written = wb.worksheets.reduce((n, w) => n + w.actualRowCount - 1, 0);
    expect(written).toBe(detail.lots.length + detail.origins.length + sheetRows(wb.getWorksheet('召回信息')!).length - 1);
    expect(events.filter((e) => e.exportId === file.exportId).at(-1)).toEqual({ exportId: file.exportId, done: written, total: written });
  });

  it('has the recall on 召回信息 and its origins on 来源', async () => {
    const { svc } = service();
    const detail = sampleRecallDetail();
    const { recall: r } = detail;
    const wb = await workbook((await svc.exportRecall({ detail, format: 'xlsx' })).path);
    const info = new Map(sheetRows(wb.getWorksheet('召回信息')!).map((row) => [row[0], row[1]]));
    expect(info.get('召回单号')).toBe(r.number);
    expect(info.get('市场')).toBe(heading.marketName);
    expect(info.get('召回原因')).toBe(r.reason);
    expect(info.get('召回来源')).toBe('监管部门通知');
    expect(info.get('通知文号')).toBe(r.sourceRef);
    expect(info.get('召回范围')).toBe(r.scope.label);
    expect(info.get('范围类型')).toBe('供应商');
    expect(info.get('日期范围')).toBe('2026-03-01 至 2026-03-02');
    expect(info.get('召回状态')).toBe('进行中');
    expect(info.get('发起时间')).toEqual(wall(r.createdAt));
    expect(info.get('发起人')).toBe(r.createdByName);
    expect(info.get('受影响批次')).toBe(detail.lots.length);
    expect([info.get('待追回'), info.get('已追回'), info.get('已销毁'), info.get('无法追回'), info.get('无剩余')]).toEqual([
      r.counts.open,
      r.counts.retrieved,
      r.counts.destroyed,
      r.counts.notRecoverable,
      r.counts.nothingLeft,
    ]);
    expect(r.counts).toEqual({ lots: 7, open: 3, retrieved: 1, destroyed: 1, notRecoverable: 1, nothingLeft: 1 });
    for (const q of r.quantities) expect([info.get(`在手（${UNIT[q.unit]}）`), info.get(`已售（${UNIT[q.unit]}）`)]).toEqual([q.onHand, q.sold]);

    const origins = sheetRows(wb.getWorksheet('来源')!);
    expect(origins.length - 1).toBe(detail.origins.length);
    expect(origins[1]!.slice(0, 9)).toEqual([
      detail.origins[0]!.code,
      wall(detail.origins[0]!.enteredAt),
      '闽侯县青口镇绿源蔬菜专业合作社',
      '91350121MA31X0Y8Z2',
      '陈先生 13905910001',
      '闽侯县青口镇人民政府',
      '小白菜（上海青）',
      500,
      '公斤',
    ]);
    expect(origins[1]![9]).toBe('承诺达标合格证 HG-2026-0301-17（绿源蔬菜专业合作社） 有照片；产地准出凭证 ZC-0301-88（闽侯县青口镇人民政府）');
    expect(origins[3]![12]).toBe('盐酸克伦特罗 阳性');
    expect(origins[2]![10]).toBe('待检');
    expect(origins[2]![11]).toBe('有');
  });

  it('cancelled mid-way: refused, no file left, and the next export runs', async () => {
    const { svc, events, dir } = service();
    const detail = sampleRecallDetail(60_000);
    const exportId = '01JG0000000000000000000777';
    const outcome = svc.exportRecall({ detail, format: 'xlsx', exportId }).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => events.some((e) => e.exportId === exportId && e.done > 0) && (clearInterval(poll), resolve()), 2);
    });
    expect(svc.cancel(exportId)).toEqual({ cancelled: true });
    const e = await outcome;
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).params).toEqual({ reason: 'exportCancelled' });
    const seen = events.filter((x) => x.exportId === exportId);
    expect(seen.at(-1)!.done).toBeLessThan(seen.at(-1)!.total!);
    expect(readdirSync(dir)).toEqual([]);
    const next = await svc.exportRecall({ detail: sampleRecallDetail(), format: 'xlsx' });
    expect(readdirSync(dir)).toEqual([next.fileName]);
  });
});

describe('the recall notice list as PDF (on the worker)', () => {
  it('is A4, in Chinese, titled with the market and the number, every lot listed with its buyer and phone', async () => {
    const { svc, events } = service();
    const detail: RecallDetail = sampleRecallDetail();
    const file = await svc.exportRecall({ detail, format: 'pdf' });
    expect(file.fileName).toBe('recall_ZH20260302-01_20260302-150405.pdf');
    expect(events.filter((e) => e.exportId === file.exportId).map((e) => [e.done, e.total])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    const { pages, text } = await readPdf(new Uint8Array(readFileSync(file.path)));
    for (const p of pages) {
      expect(p.width).toBeCloseTo(595.28, 1);
      expect(p.height).toBeCloseTo(841.89, 1);
    }
    const lines = text.split(/\n|\f/);
    expect(lines[0]).toBe('召回通知清单');
    expect(lines[1]).toBe('福州海峡农副产品批发市场 · 召回单号 ZH20260302-01');
    expect(lines).toContain('召回原因 供应商通报：该批次小白菜农药残留超标（毒死蜱）');
    expect(lines).toContain('召回来源 监管部门通知 通知文号：榕市监食〔2026〕17号');
    expect(lines.some((l) => l.startsWith('召回范围 供应商：闽侯县青口镇绿源蔬菜专业合作社'))).toBe(true);
    expect(lines).toContain('批次进度 共 7 批：待追回 3，已追回 1，已销毁 1，无法追回 1，无剩余 1');
    expect(lines).toContain('追溯码 品种 数量 在手 已售 去向 售出时间 进度');
    // Lots in tree order, each with where its goods are.
    expect(lines.some((l) => l.startsWith('(01)06901234567892(10)QK0301 小白菜') && l.includes(' 500 公斤 450 50 在摊位 A-01 林记蔬菜 — 已追回'))).toBe(true);
    expect(lines.some((l) => l.startsWith('(01)06901234567892(10)ZR0302 猪肉 2 头 0 0 无 — 无剩余'))).toBe(true);
    expect(lines.some((l) => l.includes('└ 30599010000000000102') && l.includes('福州鼓楼区好味道餐厅'))).toBe(true);
    expect(text).toContain('13812345678');
    expect(text).toContain('139****4321');
    const order = detail.lots.map((l) => text.indexOf(l.code.slice(-8)));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('三、来源');
    expect(text).toContain('市场负责人（签字）：');
    expect(lines.some((l) => l.endsWith(`第 1 页 / 共 ${pages.length} 页`))).toBe(true);
  });

  it('pages thousands of lots cleanly: every lot once, the column heads on every page of the table, each page numbered', async () => {
    const { svc } = service();
    const detail = sampleRecallDetail(2000);
    const file = await svc.exportRecall({ detail, format: 'pdf' });
    const { pages, text } = await readPdf(new Uint8Array(readFileSync(file.path)));
    expect(pages.length).toBeGreaterThan(25);
    for (const p of pages) expect(p.width).toBeCloseTo(595.28, 1);
    const codes = detail.lots.map((l) => l.code);
    const found = text.match(/3059901000000001\d{4}/g) ?? [];
    expect(found.length).toBe(2000);
    expect(new Set(found).size).toBe(2000);
    for (const code of codes.filter((c) => /^3059901000000001/.test(c))) expect(found).toContain(code);
    const withLots = pages.filter((p) => p.lines.some((l) => l.includes('号买家')));
    expect(withLots.length).toBeGreaterThan(25);
    for (const p of withLots) expect(p.lines).toContain('追溯码 品种 数量 在手 已售 去向 售出时间 进度');
    pages.forEach((p, i) => expect(p.lines.at(-1)).toContain(`第 ${i + 1} 页 / 共 ${pages.length} 页`));
  }, 60_000);

  it('cancelled while the worker draws: refused, no file', async () => {
    const { svc, events, dir } = service();
    const exportId = '01JG0000000000000000000888';
    const running = svc.exportRecall({ detail: sampleRecallDetail(2000), format: 'pdf', exportId }).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => events.some((e) => e.exportId === exportId && e.done === 0) && (clearInterval(poll), resolve()), 2);
    });
    expect(svc.cancel(exportId)).toEqual({ cancelled: true });
    const e = await running;
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).params).toEqual({ reason: 'exportCancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
