import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dailySecret } from '../../../shared/domain/sampling';
import { isoLocal, type Clock } from '../../core/clock';

const NAME = 'samplingKey';
const KEY_BYTES = 32;

/**
 * The sampler's station secret: 32 random bytes in `secrets`, made on first need and never sent
 * to any screen. Read on every use (no cache): a key made inside a transaction that rolls back
 * vanishes with the decisions it keyed, and the next use makes a new one consistently.
 */
export function createSamplingKey(sqlite: Database.Database, clock: Clock) {
  const read = sqlite.prepare<[string], { value: Buffer }>('select value from secrets where name = ?');
  const insert = sqlite.prepare('insert or ignore into secrets (name, value, created_at) values (?, ?, ?)');

  function stationSecret(): Buffer {
    const row = read.get(NAME);
    if (row) return row.value;
    insert.run(NAME, randomBytes(KEY_BYTES), isoLocal(clock.now()));
    return read.get(NAME)!.value;
  }

  // The last day key, with the secret it came from: HKDF on every entry costs more than the entry.
  let last: { secret: Buffer; day: string; key: Uint8Array } | null = null;
  return {
    /** HKDF of the station secret and the day: each day has its own key. */
    dayKey(day: string): Uint8Array {
      const secret = stationSecret();
      if (last && last.day === day && last.secret.equals(secret)) return last.key;
      last = { secret, day, key: dailySecret(new Uint8Array(secret), day) };
      return last.key;
    },
  };
}
export type SamplingKey = ReturnType<typeof createSamplingKey>;
