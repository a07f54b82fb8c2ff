import type Database from 'better-sqlite3';
import { SecretStoreError, type SecretName, type SecretStore } from './secretStore';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A station from before migration 0017 kept its secrets in station.db: the signing key in
 * `station.private_key`, the sampler's key in `secrets`, the upload token in the `upload`
 * settings row. They move to the secret store here, at start: written there first and read back
 * from disk, and only then cleared from the database (one transaction), so a crash at any point
 * loses nothing and the next start finishes the move. The file is then rewritten (VACUUM) and the
 * WAL emptied, so no old copy lingers in free pages. Returns the names moved, and whether the
 * rewrite succeeded.
 */
export function moveSecretsOutOfDatabase(sqlite: Database.Database, secrets: SecretStore): { moved: SecretName[]; scrubbed: boolean } {
  const station = sqlite.prepare('SELECT private_key AS key FROM station WHERE id = 1').get() as { key: string | null } | undefined;
  const sampling = sqlite.prepare(`SELECT value FROM secrets WHERE name = 'samplingKey'`).get() as { value: Buffer } | undefined;
  const uploadRow = sqlite.prepare(`SELECT value FROM settings WHERE key = 'upload'`).get() as { value: string } | undefined;
  let upload: Record<string, unknown> | null = null;
  try {
    const json: unknown = uploadRow ? JSON.parse(uploadRow.value) : null;
    if (isRecord(json) && typeof json.token === 'string' && json.token !== '') upload = json;
  } catch {
    // A row that does not read is read as the defaults (settingsTable): no token in it to keep.
  }

  const found: Partial<Record<SecretName, string>> = {};
  if (station?.key) found.stationPrivateKey = station.key;
  if (sampling) found.samplingKey = Buffer.from(sampling.value).toString('base64');
  if (upload) found.uploadToken = upload.token as string;
  const names = Object.keys(found) as SecretName[];
  if (names.length === 0) return { moved: names, scrubbed: true };

  secrets.set(found);
  if (!secrets.holds(found)) throw new SecretStoreError(secrets.path, 'unreadable', 'read-back after writing differs');
  sqlite.transaction(() => {
    sqlite.prepare('UPDATE station SET private_key = NULL WHERE id = 1').run();
    sqlite.prepare(`DELETE FROM secrets WHERE name = 'samplingKey'`).run();
    if (upload) sqlite.prepare(`UPDATE settings SET value = ? WHERE key = 'upload'`).run(JSON.stringify({ ...upload, token: '' }));
  })();
  // The secrets are out either way; a VACUUM that fails (a full disk: it needs a copy's room)
  // leaves old copies in free pages, and the station still starts.
  try {
    sqlite.exec('VACUUM');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { moved: names, scrubbed: true };
  } catch {
    return { moved: names, scrubbed: false };
  }
}
