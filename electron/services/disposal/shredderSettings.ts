import { eq } from 'drizzle-orm';
import { ApiError, ShredderSettings, type Operator } from '../../../shared/contract';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { settings } from '../../store/schema';

/** The key of the shredder's row in the key/value `settings` table (not part of `Settings`). */
export const SHREDDER_KEY = 'shredder';

/**
 * No device until the admin fits one. The Modbus fields are the Eastron SDM120's (SDM120_DEFAULTS
 * in drivers/shredder: input register 0x0006, float32 high word first) with the driver's 1.0 A /
 * 0.8 A thresholds; 2400 baud is applied when `baudRate` is null in Modbus mode.
 */
export const DEFAULT_SHREDDER_SETTINGS: ShredderSettings = {
  mode: 'none',
  path: '',
  baudRate: null,
  modbus: { unitId: 1, table: 'input', address: 0x0006, type: 'float32', wordOrder: 'highFirst', scale: 1, startAmps: 1.0, stopAmps: 0.8 },
};

export function loadShredderSettings(orm: Orm): ShredderSettings {
  const row = orm.select().from(settings).where(eq(settings.key, SHREDDER_KEY)).get();
  if (!row) return DEFAULT_SHREDDER_SETTINGS;
  // A value an older program wrote that no longer validates falls back to "no device".
  const parsed = ShredderSettings.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_SHREDDER_SETTINGS;
}

/** Field problems as i18n keys, in the dispatcher's `issues` shape. */
export function shredderSettingsProblems(s: ShredderSettings): { path: string; code: string }[] {
  const problems: { path: string; code: string }[] = [];
  if ((s.mode === 'serial' || s.mode === 'modbus') && !s.path.trim()) problems.push({ path: 'path', code: 'required' });
  if (s.modbus.stopAmps > s.modbus.startAmps) problems.push({ path: 'modbus.stopAmps', code: 'stopAboveStart' });
  return problems;
}

export function saveShredderSettings(orm: Orm, clock: Clock, next: ShredderSettings, by: Operator): ShredderSettings {
  const problems = shredderSettingsProblems(next);
  if (problems.length) throw new ApiError('badRequest', 'invalid shredder settings', undefined, problems);
  const clean = { ...next, path: next.path.trim() };
  const row = { key: SHREDDER_KEY, value: JSON.stringify(clean), updatedAt: isoLocal(clock.now()), updatedBy: by.id };
  orm.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: row }).run();
  return clean;
}
