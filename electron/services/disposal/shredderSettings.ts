import { ApiError, type ShredderSettings, type Operator } from '../../../shared/contract';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { createSettingsTable } from '../../store/settingsTable';

/** The shredder's row of the settings table; "no device" until an admin saves one. */
export const loadShredderSettings = (orm: Orm): ShredderSettings => createSettingsTable(orm).get('shredder');

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
  createSettingsTable(orm).set('shredder', clean, by.id, isoLocal(clock.now()));
  return clean;
}
