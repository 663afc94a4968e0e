// The SQLite seam: everything here has no portable SQL form (pragmas, online backup, raw
// prepared statements for bulk work). A PostgreSQL mode replaces this file, not its callers.
import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { DbHandle } from './connection.js';

export function getUserVersion(h: DbHandle): number {
  return h.raw.pragma('user_version', { simple: true }) as number;
}

export function setUserVersion(h: DbHandle, v: number): void {
  h.raw.pragma(`user_version = ${Math.trunc(v)}`);
}

/**
 * Runs fn inside one write transaction taken at the driver level. Used where Kysely would not
 * open one itself (its migrator on SQLite) or where work must be atomic across many statements
 * prepared outside Kysely (bulk import). BEGIN IMMEDIATE takes the write lock up front, so a
 * concurrent writer waits on the busy timeout instead of failing half-way.
 */
export async function inWriteTransaction<T>(h: DbHandle, fn: () => Promise<T>): Promise<T> {
  // Called inside a transaction already (e.g. the value refresh run at the end of an import):
  // nest with a savepoint so the outer transaction stays the one that commits.
  if (h.raw.inTransaction) {
    h.raw.exec('SAVEPOINT nested_write');
    try {
      const out = await fn();
      h.raw.exec('RELEASE nested_write');
      return out;
    } catch (e) {
      h.raw.exec('ROLLBACK TO nested_write');
      h.raw.exec('RELEASE nested_write');
      throw e;
    }
  }
  h.raw.exec('BEGIN IMMEDIATE');
  try {
    const out = await fn();
    h.raw.exec('COMMIT');
    return out;
  } catch (e) {
    if (h.raw.inTransaction) h.raw.exec('ROLLBACK');
    throw e;
  }
}

/** A Kysely-built query prepared once on the driver, for loops that run it many thousands of times. */
export interface Prepared {
  run(params: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get<T>(params: readonly unknown[]): T | undefined;
  all<T>(params: readonly unknown[]): T[];
  /** rows as arrays in select order: no object per row, for reads of 100k+ rows */
  rows(params: readonly unknown[]): unknown[][];
}

export function prepare(h: DbHandle, q: CompiledQuery): Prepared {
  const stmt: BetterSqlite3.Statement = h.raw.prepare(q.sql);
  return {
    run: (p) => stmt.run(...(p as unknown[])),
    get: <T>(p: readonly unknown[]) => stmt.get(...(p as unknown[])) as T | undefined,
    all: <T>(p: readonly unknown[]) => stmt.all(...(p as unknown[])) as T[],
    rows: (p) => {
      stmt.raw(true);
      try {
        return stmt.all(...(p as unknown[])) as unknown[][];
      } finally {
        stmt.raw(false);
      }
    },
  };
}

/** Runs a Kysely-built select once and returns its rows as arrays (see Prepared.rows). */
export function selectRows(h: DbHandle, q: CompiledQuery): unknown[][] {
  return prepare(h, q).rows(q.parameters);
}

export function integrityCheck(h: DbHandle): string[] {
  const rows = h.raw.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
}

export interface ForeignKeyViolation {
  table: string;
  rowid: number;
  parent: string;
}

export function foreignKeyCheck(h: DbHandle): ForeignKeyViolation[] {
  return (h.raw.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map(
    (r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }),
  );
}

/** Online backup: consistent even while other processes write. */
export async function backupTo(h: DbHandle, file: string): Promise<void> {
  await h.raw.backup(file);
}

export function checkpoint(h: DbHandle): void {
  h.raw.pragma('wal_checkpoint(TRUNCATE)');
}

export function engineVersion(h: DbHandle): string {
  return `SQLite ${(h.raw.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
}
