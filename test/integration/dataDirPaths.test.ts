import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestCore } from '../support/core';

// A Windows user's data folder often holds their Chinese name and spaces (C:\Users\张 三\AppData\Roaming).
const root = mkdtempSync(join(tmpdir(), 'data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('keeps its database and the station-id registry in folders whose names have spaces, Chinese and quotes', async () => {
  const dir = join(root, '张 三', 'AppData', 'Roaming', "一品一码 O'Brien");
  const registry = join(root, '张 三', 'AppData', 'Roaming', '站点 登记.json');
  const t = await startTestCore({ dir, machineRegistryPath: registry });
  try {
    await t.call('setStationId', { stationId: '3050102', name: '东街口 2 号' });
    expect(existsSync(join(dir, 'station.db'))).toBe(true);
    expect(readFileSync(registry, 'utf8')).toContain('3050102');
    expect(t.rows('select count(*) n from operators')).toEqual([{ n: 1 }]);
  } finally {
    t.core.close();
  }
  // Opened again from the same folder, as after a restart.
  const again = await startTestCore({ dir, machineRegistryPath: registry });
  try {
    expect((await again.call('getStation', {})).stationId).toBe('3050102');
  } finally {
    again.close();
  }
});
