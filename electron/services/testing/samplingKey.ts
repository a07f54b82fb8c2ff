import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dailySecret } from '../../../shared/domain/sampling';
import type { SecretStore } from '../../secrets/secretStore';

const NAME = 'samplingKey';
const KEY_BYTES = 32;

/**
 * The sampler's station secret: 32 random bytes in the secret store (base64), made on first need
 * and never sent to any screen nor written to station.db. Lost with its store, a new one is made
 * (the counter keeps working) and the log says so: the days drawn with the old one can be replayed
 * only with the old secret file restored from a backup.
 */
export function createSamplingKey(secrets: SecretStore, sqlite: Database.Database) {
  const drawnBefore = sqlite.prepare(`SELECT 1 FROM test_selections WHERE reason IN ('keyed', 'floor') LIMIT 1`);
  let secret: Buffer | null = null;
  function stationSecret(): Buffer {
    if (secret) return secret;
    const stored = secrets.get(NAME);
    if (stored) return (secret = Buffer.from(stored, 'base64'));
    if (drawnBefore.get()) {
      console.warn(
        `抽检密钥丢失，已生成新密钥：此前各日的抽检只能用备份的密钥文件复核 (${secrets.path}) / The sampling secret was lost and a new one made: earlier days' draws can be replayed only with the secret file restored from a backup`,
      );
    }
    const made = randomBytes(KEY_BYTES);
    secrets.set({ [NAME]: made.toString('base64') });
    return (secret = made);
  }

  // The last day key: HKDF on every entry costs more than the entry.
  let last: { day: string; key: Uint8Array } | null = null;
  return {
    /** HKDF of the station secret and the day: each day has its own key. */
    dayKey(day: string): Uint8Array {
      if (last?.day === day) return last.key;
      last = { day, key: dailySecret(new Uint8Array(stationSecret()), day) };
      return last.key;
    },
  };
}
export type SamplingKey = ReturnType<typeof createSamplingKey>;
