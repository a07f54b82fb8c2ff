import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, startTestCore, type TestCore } from '../support/core';

let t: TestCore;
beforeAll(async () => {
  t = await startTestCore();
});
afterAll(() => t.close());

describe('exports through the dispatcher', () => {
  it('downloads a finished export from <dataDir>/exports, inline as base64', async () => {
    mkdirSync(join(t.dir, 'exports'), { recursive: true });
    writeFileSync(join(t.dir, 'exports', 'day-report_2026-03-01_20260301-113005.csv'), '\uFEFF项目,数值\r\n');
    const file = await t.call('downloadExport', { fileName: 'day-report_2026-03-01_20260301-113005.csv' });
    expect(file).toEqual({ fileName: 'day-report_2026-03-01_20260301-113005.csv', mimeType: 'text/csv; charset=utf-8', bytes: 18, content: Buffer.from('\uFEFF项目,数值\r\n').toString('base64') });
  });

  it('refuses names that are paths or not exports, before touching the disk, and unknown files', async () => {
    for (const fileName of ['../station.db', 'exports/../../station.db', '.01JD0000000000000000000001.xlsx.part', 'support-3059901-20260301-113005.zip', 'a.xlsx/..']) {
      const e = await apiError(t.call('downloadExport', { fileName }));
      expect(e.code, fileName).toBe('badRequest');
      expect(e.issues).toEqual([{ path: 'fileName', code: 'exportFileName' }]);
    }
    expect(await apiError(t.call('downloadExport', { fileName: 'day-report_2026-03-02.pdf' }))).toMatchObject({ code: 'notFound', params: { reason: 'unknownExport' } });
  });

  it('answers a cancel of an export that is not running with cancelled: false', async () => {
    expect(await t.call('cancelExport', { exportId: '01JD0000000000000000000077' })).toEqual({ cancelled: false });
  });
});
