import { ApiError, type UploadSettings, type Operator } from '../../../shared/contract';
import { mappingProblems } from '../../../shared/domain/upload/provincial';
import { isoLocal, type Clock } from '../../core/clock';
import type { SecretStore } from '../../secrets/secretStore';
import type { Orm } from '../../store/open';
import { createSettingsTable } from '../../store/settingsTable';

/**
 * Upload settings: one row of the settings table (key `upload`), outside the general Settings
 * object — all but the token, which lives in the secret store (the row keeps it empty).
 */
export function createUploadSettings(orm: Orm, clock: Clock, secrets: SecretStore) {
  const table = createSettingsTable(orm);
  let cache: UploadSettings | null = null;
  let generation = 0;
  return {
    get(): UploadSettings {
      return (cache ??= { ...table.get('upload'), token: secrets.get('uploadToken') ?? '' });
    },
    /** Changes whenever settings are saved (a batch built with older settings is rebuilt). */
    generation: () => generation,
    save(next: UploadSettings, by: Operator): UploadSettings {
      const problems = mappingProblems(next.provincial.mapping).map((code) => ({ path: 'provincial.mapping', code }));
      if (next.target !== 'none' && !next.endpoint) problems.push({ path: 'endpoint', code: 'required' });
      if (problems.length) throw new ApiError('badRequest', 'invalid upload settings', undefined, problems);
      // The token first: a failed write leaves the old settings whole.
      const tokenChanged = next.token !== (secrets.get('uploadToken') ?? '');
      if (tokenChanged) secrets.set({ uploadToken: next.token });
      table.set('upload', { ...next, token: '' }, by.id, isoLocal(clock.now()), tokenChanged ? ['token'] : []);
      cache = null;
      generation++;
      return this.get();
    },
  };
}
export type UploadSettingsStore = ReturnType<typeof createUploadSettings>;
