import { ApiError, Settings, type Operator } from '../../shared/contract';
import { settingsProblems } from '../../shared/domain/settings';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { createSettingsTable } from '../store/settingsTable';

type Key = keyof Settings;
const KEYS = Object.keys(Settings.shape) as Key[];

/**
 * Settings live in the database so a station keeps them across updates: one row per key, each
 * read on its own, so a key that no longer reads falls back to its default alone.
 */
export function createSettingsService(orm: Orm, clock: Clock) {
  const table = createSettingsTable(orm);
  let cache: Settings | null = null;

  return {
    get: (): Settings => (cache ??= Object.fromEntries(KEYS.map((key) => [key, table.get(key)])) as Settings),

    save(next: Settings, by: Operator): Settings {
      const problems = settingsProblems(next);
      if (problems.length) throw new ApiError('badRequest', 'invalid settings', undefined, problems);
      table.setMany(next, by.id, isoLocal(clock.now()));
      cache = null;
      return this.get();
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
