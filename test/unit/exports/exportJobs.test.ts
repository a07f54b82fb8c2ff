import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type EventName, type EventPayload } from '../../../shared/contract';
import { createClock } from '../../../electron/core/clock';
import type { Column } from '../../../electron/services/exports/columns';
import { createExportService } from '../../../electron/services/exports';
import { sampleDayReport } from '../../fixtures/dayReport';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function service(now = new Date(2026, 2, 1, 11, 30, 5)) {
  const dataDir = mkdtempSync(join(tmpdir(), 'exports-'));
  dirs.push(dataDir);
  const events: EventPayload<'exportProgress'>[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event === 'exportProgress') events.push(payload as EventPayload<'exportProgress'>);
  };
  const svc = createExportService({
    dataDir,
    clock: createClock(() => now),
    emit,
    dayReport: async () => sampleDayReport(),
    heading: () => ({ marketName: '福州海峡农副产品批发市场', stationName: '1号查验台' }),
  });
  return { svc, events, dir: join(dataDir, 'exports'), dataDir };
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return { code: e.code, reason: e.params?.reason };
    throw e;
  }
  throw new Error('expected a refusal');
}

interface LedgerRow {
  n: number;
}
const LEDGER: Column<LedgerRow>[] = [
  { header: '追溯码', type: 'text', value: (r) => `30599010${String(r.n).padStart(8, '0')}` },
  { header: '入场时间', type: 'dateTime', value: (r) => `2026-03-01T${String(3 + (r.n % 8)).padStart(2, '0')}:12:00+08:00` },
  { header: '供应商', type: 'text', value: (r) => `闽侯县青口镇绿源蔬菜专业合作社 ${r.n % 50}` },
  { header: '品种', type: 'text', value: (r) => `小白菜 "${r.n % 30}"` },
  { header: '数量', type: 'kg', value: (r) => r.n * 0.125 },
  { header: '检测', type: 'int', value: (r) => r.n % 3 },
];

/** Rows as a paged query would give them; `closed` tells whether the consumer let go of the cursor. */
function ledgerRows(count: number) {
  const state = { closed: false, yielded: 0 };
  async function* rows() {
    try {
      for (let n = 1; n <= count; n++) {
        state.yielded = n;
        yield { n };
      }
    } finally {
      state.closed = true;
    }
  }
  return { rows: rows(), state };
}

describe('day report export jobs', () => {
  it('writes each format under <dataDir>/exports with a unique name, reports progress, and offers the file for download', async () => {
    const { svc, events, dir } = service();
    const first = await svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-01' }, format: 'xlsx' });
    expect(first.fileName).toBe('day-report_2026-03-01_20260301-113005.xlsx');
    expect(first.path).toBe(join(dir, first.fileName));
    const again = await svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-01' }, format: 'xlsx' });
    expect(again.fileName).toBe('day-report_2026-03-01_20260301-113005-2.xlsx');
    const csv = await svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-07' }, format: 'csv' });
    expect(csv.fileName).toBe('day-report_2026-03-01_2026-03-07_20260301-113005.csv');
    const pdf = await svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-01' }, format: 'pdf' });
    expect(readdirSync(dir).sort()).toEqual([first.fileName, again.fileName, csv.fileName, pdf.fileName].sort());

    const onDisk = readFileSync(first.path);
    expect(first.bytes).toBe(onDisk.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(onDisk as unknown as ArrayBuffer);
    expect(wb.getWorksheet('概况')!.getCell('B7').value).toBe(143);

    const download = svc.download(pdf.fileName);
    expect(download.mimeType).toBe('application/pdf');
    expect(Buffer.from(download.content!, 'base64').equals(readFileSync(pdf.path))).toBe(true);
    expect(Buffer.from(download.content!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(svc.download(csv.fileName).mimeType).toBe('text/csv; charset=utf-8');

    // Progress of one export ends at its total; ids are the station's own (ULIDs).
    const ofFirst = events.filter((e) => e.exportId === first.exportId);
    expect(ofFirst.at(-1)).toEqual({ exportId: first.exportId, done: 3, total: 3 });
    expect(first.exportId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('refuses a download of a file that is not there', async () => {
    const { svc } = service();
    expect(await refusal(Promise.resolve().then(() => svc.download('day-report_2026-03-01.xlsx')))).toEqual({ code: 'notFound', reason: 'unknownExport' });
  });

  it('removes parts a crash left behind, so they are never offered', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'exports-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'exports'));
    writeFileSync(join(dataDir, 'exports', '.01JD0000000000000000000001.xlsx.part'), 'half');
    writeFileSync(join(dataDir, 'exports', 'kept.csv'), 'a\r\n');
    createExportService({ dataDir, clock: createClock(), emit: () => undefined, dayReport: async () => sampleDayReport(), heading: () => ({ marketName: '', stationName: '' }) });
    expect(readdirSync(join(dataDir, 'exports'))).toEqual(['kept.csv']);
  });
});

describe('streamed table export', () => {
  it('writes 50,000 rows as XLSX within a sanity bound of time and memory, numbers and dates typed (the target is in npm run bench)', async () => {
    const { svc, events } = service();
    const { rows, state } = ledgerRows(50_000);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const file = await svc.exportTable({ baseName: 'ledger', format: 'xlsx', source: { sheetName: '台账', columns: LEDGER, rows, total: 50_000 } }).finally(() => clearInterval(sampler));
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(30_000);
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
    expect(state.closed).toBe(true);
    const progress = events.filter((e) => e.exportId === file.exportId);
    expect(progress.at(-1)).toEqual({ exportId: file.exportId, done: 50_000, total: 50_000 });
    expect(progress.length).toBeGreaterThan(1);

    // Read back with exceljs's own streaming reader: every row there, cells typed.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    let count = 0;
    const seen: Record<number, unknown[]> = {};
    for await (const ws of reader) {
      for await (const row of ws) {
        count++;
        if ([1, 2, 50_001].includes(row.number)) seen[row.number] = (row.values as unknown[]).slice(1);
      }
    }
    expect(count).toBe(50_001);
    expect(seen[1]).toEqual(['追溯码', '入场时间', '供应商', '品种', '数量', '检测']);
    expect(seen[2][0]).toBe('3059901000000001');
    expect((seen[2][1] as Date).toISOString()).toBe('2026-03-01T04:12:00.000Z');
    expect(seen[50_001]).toEqual(['3059901000050000', new Date('2026-03-01T03:12:00.000Z'), '闽侯县青口镇绿源蔬菜专业合作社 0', '小白菜 "20"', 6250, 2]);
  });

  it('writes CSV with the BOM and RFC 4180 quoting', async () => {
    const { svc } = service();
    const { rows } = ledgerRows(3);
    const file = await svc.exportTable({ baseName: 'ledger', format: 'csv', source: { sheetName: '台账', columns: LEDGER, rows } });
    const text = readFileSync(file.path, 'utf8');
    expect(text).toBe(
      '\uFEFF追溯码,入场时间,供应商,品种,数量,检测\r\n' +
        '3059901000000001,2026-03-01 04:12:00,闽侯县青口镇绿源蔬菜专业合作社 1,"小白菜 ""1""",0.125,1\r\n' +
        '3059901000000002,2026-03-01 05:12:00,闽侯县青口镇绿源蔬菜专业合作社 2,"小白菜 ""2""",0.25,2\r\n' +
        '3059901000000003,2026-03-01 06:12:00,闽侯县青口镇绿源蔬菜专业合作社 3,"小白菜 ""3""",0.375,0\r\n',
    );
  });

  it.each(['xlsx', 'csv'] as const)('%s: cancelled mid-way, the call is refused, the row source is let go and no file is left', async (format) => {
    const { svc, events, dir } = service();
    const { rows, state } = ledgerRows(2_000_000);
    const exportId = '01JD0000000000000000000042';
    const running = svc.exportTable({ baseName: 'ledger', format, exportId, source: { sheetName: '台账', columns: LEDGER, rows, total: 2_000_000 } });
    const outcome = refusal(running);
    // Cancelled from its first progress report on, as a screen's 取消 button would.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (events.some((e) => e.exportId === exportId && e.done > 0)) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    expect(svc.cancel(exportId)).toEqual({ cancelled: true });
    expect(await outcome).toEqual({ code: 'conflict', reason: 'exportCancelled' });
    expect(state.yielded).toBeLessThan(2_000_000);
    expect(state.closed).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(svc.cancel(exportId)).toEqual({ cancelled: false });
  });
});
