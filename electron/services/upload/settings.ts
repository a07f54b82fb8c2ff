import { eq } from 'drizzle-orm';
import { ApiError, UploadSettings, type Operator } from '../../../shared/contract';
import { DEFAULT_PROVINCIAL, mappingProblems } from '../../../shared/domain/upload/provincial';
import { isoLocal, type Clock } from '../../core/clock';
import type { Orm } from '../../store/open';
import { settings } from '../../store/schema';

const KEY = 'upload';

export const DEFAULT_UPLOAD_SETTINGS: UploadSettings = {
  target: 'none',
  endpoint: '',
  token: '',
  tokenHeader: 'Authorization',
  tokenPrefix: 'Bearer ',
  batchSize: 200,
  provincial: { ...DEFAULT_PROVINCIAL, okValue: 0, mapping: DEFAULT_PROVINCIAL.mapping as UploadSettings['provincial']['mapping'] },
};

/** Upload settings: one row of the settings table (key `upload`), outside the general Settings object. */
export function createUploadSettings(orm: Orm, clock: Clock) {
  let cache: UploadSettings | null = null;
  let generation = 0;
  return {
    get(): UploadSettings {
      if (cache) return cache;
      const row = orm.select().from(settings).where(eq(settings.key, KEY)).get();
      const parsed = row ? UploadSettings.safeParse({ ...DEFAULT_UPLOAD_SETTINGS, ...JSON.parse(row.value) }) : null;
      return (cache = parsed?.success ? parsed.data : DEFAULT_UPLOAD_SETTINGS);
    },
    /** Changes whenever settings are saved (a batch built with older settings is rebuilt). */
    generation: () => generation,
    save(next: UploadSettings, by: Operator): UploadSettings {
      const problems = mappingProblems(next.provincial.mapping).map((code) => ({ path: 'provincial.mapping', code }));
      if (next.target !== 'none' && !next.endpoint) problems.push({ path: 'endpoint', code: 'required' });
      if (problems.length) throw new ApiError('badRequest', 'invalid upload settings', undefined, problems);
      const row = { key: KEY, value: JSON.stringify(next), updatedAt: isoLocal(clock.now()), updatedBy: by.id };
      orm.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: row }).run();
      cache = null;
      generation++;
      return this.get();
    },
  };
}
export type UploadSettingsStore = ReturnType<typeof createUploadSettings>;
