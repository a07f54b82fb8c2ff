import { ApiError, Settings, type Operator } from '../../shared/contract';
import { DEFAULT_SETTINGS, settingsProblems } from '../../shared/domain/settings';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { settings } from '../store/schema';

type Key = keyof Settings;

/** Settings live in the database so a station keeps them across updates; defaults fill the gaps. */
export function createSettingsService(orm: Orm, clock: Clock) {
  let cache: Settings | null = null;

  function load(): Settings {
    const stored = Object.fromEntries(orm.select().from(settings).all().map((r) => [r.key, JSON.parse(r.value)]));
    // A value written by an older program that no longer validates falls back to the default.
    const merged = { ...DEFAULT_SETTINGS, ...stored };
    const parsed = Settings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  return {
    get: (): Settings => (cache ??= load()),

    save(next: Settings, by: Operator): Settings {
      const problems = settingsProblems(next);
      if (problems.length) throw new ApiError('badRequest', 'invalid settings', undefined, problems);
      const at = isoLocal(clock.now());
      orm.transaction((tx) => {
        for (const key of Object.keys(next) as Key[]) {
          const row = { key, value: JSON.stringify(next[key]), updatedAt: at, updatedBy: by.id };
          tx.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: row }).run();
        }
      });
      cache = null;
      return this.get();
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
