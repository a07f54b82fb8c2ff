import type Database from 'better-sqlite3';

/**
 * Whether a day was closed (日结): the sampler's floor then applies whatever the hour
 * (shared/domain/sampling.ts isFloorActive). One lookup on the unique day index per question.
 */
export function createClosedDays(sqlite: Database.Database): (day: string) => boolean {
  const closed = sqlite.prepare<[string], { one: number }>('select 1 as one from day_closes where day = ?');
  return (day) => closed.get(day) !== undefined;
}
