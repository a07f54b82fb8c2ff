import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings';
import { DEFAULT_SHREDDER_SETTINGS, DEFAULT_UPLOAD_SETTINGS } from '../../electron/store/settingsTable';
import { startTestCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

/** Rows written straight into the file while no core runs, as an older program left them. */
function writeRows(rows: Record<string, string>) {
  const db = new Database(join(t.dir, 'station.db'));
  const by = (db.prepare("select id from operators where role = 'admin'").get() as { id: string }).id;
  const upsert = db.prepare('insert into settings (key, value, updated_at, updated_by) values (?, ?, ?, ?) on conflict (key) do update set value = excluded.value');
  for (const [key, value] of Object.entries(rows)) upsert.run(key, value, '2026-03-01T09:00:00.000+08:00', by);
  db.close();
}

async function restart(rows: Record<string, string>) {
  t.core.close();
  writeRows(rows);
  t = await startTestCore({ dir: t.dir });
}

const stored = (key: string) => (t.rows('select value from settings where key = ?', key)[0] as { value: string } | undefined)?.value;

// The exact texts the four former readers and writers stored (JSON.stringify of each value).
const OLD_ROWS = {
  selling: '{"marketWide":true}',
  expiry: '{"warnDays":10}',
  scanner: '{"minLength":6,"maxAvgGapMs":25,"maxGapMs":60}',
  labelTemplateId: '"label-40x30"',
  shredder:
    '{"mode":"modbus","path":"/dev/ttyUSB1","baudRate":null,"modbus":{"unitId":2,"table":"input","address":6,"type":"float32","wordOrder":"highFirst","scale":1,"startAmps":1.5,"stopAmps":0.5}}',
  sampling: '{"targetRate":0.15,"closingTime":"17:30","floorMinutesBeforeClose":45,"newSupplierLots":3,"categoryRisk":{"fruit":"low"}}',
};

describe('the settings table', () => {
  it('reads the rows older programs wrote, and writes the same JSON text back', async () => {
    // An upload row saved before batchSize existed reads with the default batch size.
    const { batchSize: _, ...olderUpload } = { ...DEFAULT_UPLOAD_SETTINGS, target: 'epcis' as const, endpoint: 'https://example.test/epcis' };
    await restart({ ...OLD_ROWS, upload: JSON.stringify(olderUpload) });

    const settings = await t.call('getSettings', {});
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, selling: { marketWide: true }, expiry: { warnDays: 10 }, scanner: { minLength: 6, maxAvgGapMs: 25, maxGapMs: 60 } });
    expect(await t.call('getUploadSettings', {})).toEqual({ ...olderUpload, batchSize: DEFAULT_UPLOAD_SETTINGS.batchSize });
    expect(await t.call('getShredderSettings', {})).toEqual(JSON.parse(OLD_ROWS.shredder));
    const sampling = await t.call('getSamplingSettings', {});
    expect(sampling).toMatchObject({ targetRate: 0.15, closingTime: '17:30', updatedAt: '2026-03-01T09:00:00.000+08:00', updatedByName: expect.any(String) });
    expect(sampling.categoryRisk.fruit).toBe('low');

    // Saving what was read stores the same text, key by key.
    await t.call('saveSettings', settings);
    await t.call('saveShredderSettings', await t.call('getShredderSettings', {}));
    for (const key of ['selling', 'expiry', 'scanner', 'labelTemplateId', 'shredder'] as const) expect(stored(key), key).toBe(OLD_ROWS[key]);
    expect(JSON.parse(stored('weightLayouts')!)).toEqual(DEFAULT_SETTINGS.weightLayouts);
  });

  it('falls back to the default of the one key that no longer reads, keeping the others', async () => {
    await restart({
      selling: '{"marketWide":true}',
      scanner: 'not json',
      expiry: '{"warnDays":-4}',
      upload: '{"target":',
      shredder: '{"mode":"laser"}',
      sampling: '{"targetRate":"high"}',
    });
    expect(await t.call('getSettings', {})).toEqual({ ...DEFAULT_SETTINGS, selling: { marketWide: true } });
    expect(await t.call('getUploadSettings', {})).toEqual(DEFAULT_UPLOAD_SETTINGS);
    expect(await t.call('getShredderSettings', {})).toEqual(DEFAULT_SHREDDER_SETTINGS);
    // Unreadable saved rules are no saved rules: the defaults, and no "saved by".
    expect(await t.call('getSamplingSettings', {})).toMatchObject({ targetRate: 0.1, updatedAt: null, updatedByName: null });
  });
});
