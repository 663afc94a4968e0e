// Raw prepared statements on the SQLite connection, for the import writer's per-row statements
// (until it writes through a batch writer, src/db/batch.ts). Nothing else may reach the driver.
import type { CompiledQuery } from 'kysely';
import type { Engine } from '../engine.js';
import type { RawDb, RawStatement } from './connection.js';
import { SqliteEngine } from './engine.js';

/** The better-sqlite3 connection of a SQLite engine. */
export function rawConnection(engine: Engine): RawDb {
  if (!(engine instanceof SqliteEngine)) throw new Error('this operation needs the SQLite engine');
  return engine.connection;
}

/** A Kysely-built query prepared once on the driver, for loops that run it many thousands of times. */
export interface Prepared {
  run(params: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get<T>(params: readonly unknown[]): T | undefined;
  all<T>(params: readonly unknown[]): T[];
}

export function prepare(raw: RawDb, q: CompiledQuery): Prepared {
  const stmt: RawStatement = raw.prepare(q.sql);
  return {
    run: (p) => stmt.run(...(p as unknown[])),
    get: <T>(p: readonly unknown[]) => stmt.get(...(p as unknown[])) as T | undefined,
    all: <T>(p: readonly unknown[]) => stmt.all(...(p as unknown[])) as T[],
  };
}
