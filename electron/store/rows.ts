import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** Column kinds whose stored value is the value itself: no mapping needed. */
const PLAIN = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

function columnsOf(table: SQLiteTable) {
  const all = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  return { all, mapped: all.filter(([, c]) => !PLAIN.has(c.columnType)) };
}

/**
 * Rows of a schema table read by a better-sqlite3 statement, shaped and mapped as drizzle's
 * `select()` gives them (property names, booleans, JSON). For the scan path: there drizzle's
 * placeholder filling and row mapping cost more than the query itself (docs/data-access.md).
 * `where` is the SQL after `where`, with `?` parameters.
 */
export function rowReader<T extends SQLiteTable, P extends unknown[]>(sqlite: Database.Database, table: T, where: string) {
  type Row = InferSelectModel<T>;
  const { all, mapped } = columnsOf(table);
  const statement = sqlite.prepare<P, Row>(`select ${all.map(([key, c]) => `"${c.name}" as "${key}"`).join(', ')} from "${getTableName(table)}" where ${where}`);
  const map = (row: Row | undefined): Row | undefined => {
    if (row) for (const [key, c] of mapped) if (row[key as keyof Row] !== null) (row as Record<string, unknown>)[key] = c.mapFromDriverValue(row[key as keyof Row]);
    return row;
  };
  return {
    get: (...params: P): Row | undefined => map(statement.get(...params)),
    all: (...params: P): Row[] => statement.all(...params).map((r) => map(r)!),
  };
}

/**
 * An insert of whole rows (every column named, as drizzle's `$inferInsert` types them) through
 * one better-sqlite3 statement; values are mapped to the driver as drizzle maps them.
 */
export function rowWriter<T extends SQLiteTable>(sqlite: Database.Database, table: T) {
  type Row = Required<InferInsertModel<T>>;
  const { all, mapped } = columnsOf(table);
  const statement = sqlite.prepare(`insert into "${getTableName(table)}" (${all.map(([, c]) => `"${c.name}"`).join(', ')}) values (${all.map(([key]) => `@${key}`).join(', ')})`);
  return {
    run(row: Row): Database.RunResult {
      if (!mapped.length) return statement.run(row);
      const values: Record<string, unknown> = { ...row };
      for (const [key, c] of mapped) if (values[key] !== null && values[key] !== undefined) values[key] = c.mapToDriverValue(values[key]);
      return statement.run(values);
    },
  };
}
