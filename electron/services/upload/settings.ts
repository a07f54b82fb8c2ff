import { isDeepStrictEqual } from 'node:util';
import { ApiError, refused, type UploadSettings, type Operator } from '../../../shared/contract';
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
      // The mapping is what the provincial adapter sends: checked against the record kinds and
      // their payload fields before it is saved. With another target a mapping kept as stored
      // is not checked (the screen hides it): one an older version saved does not block saving
      // an EPCIS address, and it is checked again before the provincial target can be chosen.
      const checked = next.target === 'provincial' || !isDeepStrictEqual(next.provincial.mapping, this.get().provincial.mapping);
      const mapping = checked ? mappingProblems(next.provincial.mapping) : [];
      const problems: { path: string; code: string }[] = mapping.map((p) => ({ path: 'provincial.mapping', code: p.reason }));
      if (next.target !== 'none' && !next.endpoint) problems.push({ path: 'endpoint', code: 'required' });
      if (mapping.length) {
        const { reason, ...params } = mapping[0];
        throw refused('badRequest', `invalid provincial mapping: ${reason} ${JSON.stringify(params)}`, reason, params, problems);
      }
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
