import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir, resolveStartOptions } from '../../../electron/core/startOptions';
import { addDays, isoLocal, localDay } from '../../../electron/core/clock';

const defaults = { userDataDir: '/home/u/.config/yipin-yima-station', resourcesDir: '/opt/app/resources' };

describe('start options', () => {
  it('takes --data-dir over STATION_DATA_DIR over the platform default', () => {
    expect(resolveStartOptions([], {}, defaults).dataDir).toBe(defaults.userDataDir);
    expect(resolveStartOptions([], { STATION_DATA_DIR: '/srv/a' }, defaults).dataDir).toBe('/srv/a');
    expect(resolveStartOptions(['--data-dir', '/srv/b'], { STATION_DATA_DIR: '/srv/a' }, defaults).dataDir).toBe('/srv/b');
    expect(resolveStartOptions(['--data-dir=rel'], {}, defaults).dataDir).toBe(resolve('rel'));
  });

  it('finds migrations beside the resources and reads the headless admin PIN', () => {
    const o = resolveStartOptions(['--admin-pin', '1234'], { STATION_ADMIN_NAME: '站长' }, defaults);
    expect(o.migrationsDir).toBe(join(defaults.resourcesDir, 'migrations'));
    expect(o.adminPin).toBe('1234');
    expect(o.adminName).toBe('站长');
  });

  it('keeps the station-id registry machine-wide unless told otherwise', () => {
    expect(resolveStartOptions(['--data-dir', '/srv/b'], {}, defaults).machineRegistryPath).toBe('/home/u/.config/yipin-yima-station-ids.json');
    expect(resolveStartOptions(['--machine-registry', '/tmp/ids.json'], {}, defaults).machineRegistryPath).toBe('/tmp/ids.json');
  });

  it('uses the same user-data folder as Electron on each platform', () => {
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\张 三\\AppData\\Roaming' })).toBe('C:\\Users\\张 三\\AppData\\Roaming\\yipin-yima-station');
    expect(defaultUserDataDir('win32', { USERPROFILE: 'D:\\Users\\u' })).toBe('D:\\Users\\u\\AppData\\Roaming\\yipin-yima-station');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe('/x/yipin-yima-station');
  });
});

describe('station clock', () => {
  it('writes local wall-clock times with their offset and local days', () => {
    const d = new Date(2026, 10, 25, 8, 5, 3, 7);
    const iso = isoLocal(d);
    expect(iso.startsWith('2026-11-25T08:05:03.007')).toBe(true);
    expect(new Date(iso).getTime()).toBe(d.getTime());
    expect(localDay(d)).toBe('2026-11-25');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});
