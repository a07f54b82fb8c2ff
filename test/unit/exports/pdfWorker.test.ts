import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type EventName, type EventPayload } from '../../../shared/contract';
import { createClock } from '../../../electron/core/clock';
import { createExportService } from '../../../electron/services/exports';
import { sampleDayReport } from '../../fixtures/dayReport';
import { readPdf } from '../../fixtures/pdf';

// This file never loads pdf-lib, ECharts or the font on its own thread before the exports run:
// a PDF rendered here instead of on the worker would hold the event loop for seconds.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function service() {
  const dataDir = mkdtempSync(join(tmpdir(), 'exports-pdf-'));
  dirs.push(dataDir);
  const events: EventPayload<'exportProgress'>[] = [];
  const svc = createExportService({
    dataDir,
    clock: createClock(),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void (event === 'exportProgress' && events.push(payload as EventPayload<'exportProgress'>)),
    dayReport: async () => sampleDayReport(200),
    heading: () => ({ marketName: '福州海峡农副产品批发市场', stationName: '1号查验台' }),
  });
  return { svc, events, dir: join(dataDir, 'exports') };
}

describe('the day report PDF on a worker thread', () => {
  it('renders off the main thread: the event loop stays free while the font loads and the PDF is built', async () => {
    const { svc } = service();
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const file = await svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-01' }, format: 'pdf' });
    lag.disable();
    expect(lag.max / 1e6).toBeLessThan(400);
    const { text, pages } = await readPdf(new Uint8Array(readFileSync(file.path)));
    expect(text).toContain('食用农产品入场日报');
    expect(pages.length).toBeGreaterThan(3);
  });

  it('cancelled while the worker renders: refused, the worker ended, no file', async () => {
    const { svc, events, dir } = service();
    const exportId = '01JD0000000000000000000099';
    const running = svc.exportDayReport({ range: { from: '2026-03-01', to: '2026-03-01' }, format: 'pdf', exportId }).then(
      () => null,
      (e: unknown) => e,
    );
    // done 1 of 3: the report is in hand and the worker is drawing.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => events.some((e) => e.exportId === exportId && e.done === 1) && (clearInterval(poll), resolve()), 2);
    });
    expect(svc.cancel(exportId)).toEqual({ cancelled: true });
    const e = await running;
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).params).toEqual({ reason: 'exportCancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
