import type Database from 'better-sqlite3';
import { nextRecallNumber, recallNumberPrefix } from '../../../shared/domain/recall';

/** 召回单号 of the day, read inside the starting transaction (recalls_number_unique keeps it one). */
export function createRecallNumbers(sqlite: Database.Database) {
  const ofDay = sqlite.prepare<[string], { number: string }>('select number from recalls where number like ? order by number');
  return (day: string) =>
    nextRecallNumber(
      day,
      ofDay.all(`${recallNumberPrefix(day)}%`).map((r) => r.number),
    );
}
