import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local calendar day (YYYY-MM-DD): certificates and daily reports follow the market's clock. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 with the local offset, so stored times read the same as the wall clock. */
export function isoLocal(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface Clock {
  now(): Date;
  /** A new record id (ULID, monotonic within this process). */
  id(): string;
}

/**
 * Crypto-random bytes as ulid's PRNG wants them (a byte / 256, as its own default), drawn from a
 * pool: its default asks the OS for one byte per character, 16 calls for every id.
 */
export function pooledRandom(size = 4096): () => number {
  const pool = new Uint8Array(size);
  let next = size;
  return () => {
    if (next === size) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++]! / 256;
  };
}

/** `random` feeds the ids' random part: a seeded one (tests) makes every id, and so the sampler's keyed picks, repeat. */
export function createClock(now: () => Date = () => new Date(), random: () => number = pooledRandom()): Clock {
  const ulid = monotonicFactory(random);
  return { now, id: () => ulid(now().getTime()) };
}
