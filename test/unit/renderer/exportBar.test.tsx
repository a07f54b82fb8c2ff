// @vitest-environment jsdom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ExportFile, type LedgerPage, type StationClient } from '../../../shared/contract';
import { LedgerScreen } from '../../../renderer/src/screens/ledger/LedgerScreen';
import { quickRange } from '../../../renderer/src/screens/ledger/ledgerRange';
import { LotPageProvider } from '../../../renderer/src/screens/lot/LotPageContext';
import { ReportScreen } from '../../../renderer/src/screens/report/ReportScreen';
import { renderScreen, renderingScreens, stationEvents } from '../../support/screen';
import { dayReportFixture } from '../../fixtures/ruleDayReport';

renderingScreens();

const DAY = '2026-03-10';
const NOON = () => new Date(2026, 2, 10, 12, 0);
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const person = (role: string) => ({ id: '01JZ0000000000000000000004', name: '钱经理', role });
const CSV_BYTES = '\uFEFF入场时间,追溯码\r\n';

type Calls = { method: string; input: any }[];
/** A pending call, settled by the test when it likes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const fileOf = (exportId: string, fileName: string): ExportFile => ({ exportId, fileName, path: `/data/exports/${fileName}`, bytes: 2048 });

function station(calls: Calls, answers: Record<string, (input: any) => unknown>) {
  return vi.fn(async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (answers[method]) return answers[method](input);
    if (method === 'getDayReport') return dayReportFixture(DAY, { unmet: [] });
    if (method === 'getIntakeTrend' || method === 'listDayCloses') return [];
    if (method === 'listLedger') return { rows: [], total: 3, dayStart: '06:00', ownDesk: false } satisfies LedgerPage;
    if (method === 'listCategories' || method === 'listSubjects' || method === 'listOperators') return [];
    if (method === 'downloadExport')
      return { fileName: input && (input as { fileName: string }).fileName, mimeType: 'text/csv; charset=utf-8', bytes: 19, content: Buffer.from(CSV_BYTES).toString('base64') };
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}

const $ = (view: HTMLElement, id: string) => view.querySelector<HTMLElement>(`[data-testid=${id}]`);
const click = (view: HTMLElement, id: string) => act(async () => $(view, id)!.click());

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
  URL.createObjectURL = vi.fn(() => 'blob:export');
  URL.revokeObjectURL = vi.fn();
});

async function reportScreen(answers: Record<string, (input: any) => unknown>) {
  sessionStorage.setItem('station.operator', JSON.stringify(person('manager')));
  const calls: Calls = [];
  const events = stationEvents();
  const view = await renderScreen(<ReportScreen now={NOON} />, station(calls, answers), events.on);
  return { view, calls, events };
}

describe('日报 exports', () => {
  it('exports the shown day, follows its own progress in words, and offers the file to download', async () => {
    const running = deferred<ExportFile>();
    const { view, calls, events } = await reportScreen({ exportDayReport: () => running.promise });
    expect(['xlsx', 'csv', 'pdf'].map((f) => $(view, `report-export-${f}`)?.textContent)).toEqual(['导出 Excel', '导出 CSV', '导出 PDF']);

    await click(view, 'report-export-pdf');
    const asked = calls.find((c) => c.method === 'exportDayReport')!.input;
    expect(asked).toEqual({ range: { from: DAY, to: DAY }, format: 'pdf', exportId: expect.stringMatching(ULID) });
    expect($(view, 'report-export-xlsx')!.hasAttribute('disabled')).toBe(true);
    expect($(view, 'report-export-progress')!.textContent).toContain('正在导出PDF…');

    await events.emit('exportProgress', { exportId: asked.exportId, done: 1, total: 3 });
    // Another export's progress is not this one's.
    await events.emit('exportProgress', { exportId: '01JZ0000000000000000000099', done: 3, total: 3 });
    const bar = $(view, 'report-export-progress')!;
    expect([bar.dataset.done, bar.dataset.total]).toEqual(['1', '3']);
    expect(bar.textContent).toContain('1 / 3');
    expect(bar.querySelector('progress')!.getAttribute('max')).toBe('3');

    await act(async () => running.resolve(fileOf(asked.exportId, 'day-report_2026-03-10_20260310-120000.pdf')));
    expect(calls.at(-1)).toEqual({ method: 'downloadExport', input: { fileName: 'day-report_2026-03-10_20260310-120000.pdf' } });
    expect($(view, 'report-export-progress')).toBeNull();
    expect($(view, 'report-export-done')!.textContent).toContain('day-report_2026-03-10_20260310-120000.pdf 已生成（2 KB）');
    const link = $(view, 'report-export-download') as HTMLAnchorElement;
    expect([link.getAttribute('href'), link.getAttribute('download')]).toEqual(['blob:export', 'day-report_2026-03-10_20260310-120000.pdf']);
    const blob = vi.mocked(URL.createObjectURL).mock.calls[0]![0] as Blob;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(Buffer.from(CSV_BYTES)));
  });

  it('取消 asks the station to stop that export; its refusal is said in words and the buttons come back', async () => {
    const running = deferred<ExportFile>();
    const { view, calls } = await reportScreen({
      exportDayReport: () => running.promise,
      cancelExport: () => {
        running.reject(new ApiError('conflict', 'cancelled', { reason: 'exportCancelled' }));
        return { cancelled: true };
      },
    });
    await click(view, 'report-export-xlsx');
    const { exportId } = calls.find((c) => c.method === 'exportDayReport')!.input;
    expect($(view, 'report-export-cancel')!.textContent).toBe('取消');
    await click(view, 'report-export-cancel');
    expect(calls.find((c) => c.method === 'cancelExport')!.input).toEqual({ exportId });
    expect($(view, 'report-export-problem')!.textContent).toBe('导出已取消，未留下文件');
    expect($(view, 'report-export-progress')).toBeNull();
    expect($(view, 'report-export-xlsx')!.hasAttribute('disabled')).toBe(false);
    expect(calls.some((c) => c.method === 'downloadExport')).toBe(false);
  });

  it('a failure other than a cancel is said in words (no Chinese font for the PDF)', async () => {
    const { view } = await reportScreen({
      exportDayReport: () => Promise.reject(new ApiError('conflict', 'no font', { reason: 'reportNoCjkFont' })),
    });
    await click(view, 'report-export-pdf');
    expect($(view, 'report-export-problem')!.textContent).toMatch(/字体/);
  });
});

describe('台账 exports', () => {
  async function ledgerScreen(role: string, answers: Record<string, (input: any) => unknown>) {
    sessionStorage.setItem('station.operator', JSON.stringify(person(role)));
    const calls: Calls = [];
    const view = await renderScreen(
      <LotPageProvider>
        <LedgerScreen />
      </LotPageProvider>,
      station(calls, answers),
      stationEvents().on,
    );
    return { view, calls };
  }

  it('exports every lot of the question asked (range and filters, or a search), not the page', async () => {
    const { view, calls } = await ledgerScreen('receiver', { exportLedger: (i) => fileOf(i.exportId, 'ledger_2026-03-10_20260310-120000.csv') });
    expect($(view, 'ledger-export-pdf')).toBeNull();
    await click(view, 'ledger-export-csv');
    expect(calls.find((c) => c.method === 'exportLedger')!.input).toEqual({ range: quickRange('today', new Date()), filters: {}, format: 'csv', exportId: expect.stringMatching(ULID) });
    expect(($(view, 'ledger-export-download') as HTMLAnchorElement).getAttribute('download')).toBe('ledger_2026-03-10_20260310-120000.csv');

    await act(async () => {
      const input = $(view, 'ledger-search') as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'C-7');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(view, 'ledger-search-submit');
    await click(view, 'ledger-export-xlsx');
    expect(calls.filter((c) => c.method === 'exportLedger').at(-1)!.input).toEqual({ search: 'C-7', filters: {}, format: 'xlsx', exportId: expect.stringMatching(ULID) });
  });

  it("a receiver's refused export is said in words", async () => {
    const { view } = await ledgerScreen('receiver', { exportLedger: () => Promise.reject(new ApiError('forbidden', 'desk', { reason: 'notYourDesk' })) });
    await click(view, 'ledger-export-xlsx');
    expect($(view, 'ledger-export-problem')!.textContent).toBe('收货员只能查看自己录入的批次');
  });
});
