// The SQLite seam: everything here has no portable SQL form (pragmas, online backup, raw
// prepared statements for bulk work). A PostgreSQL mode replaces this file, not its callers.
import type BetterSqlite3 from 'better-sqlite3';
import {
  sql,
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type RawBuilder,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { openRaw, type DbHandle } from './connection.js';

/**
 * How long a command waits in total for another process's write transaction to finish before it
 * gives up with "the database is busy". busy_timeout covers one attempt; BEGIN IMMEDIATE is then
 * retried, which is safe because nothing has been done yet.
 */
export const WRITE_LOCK_WAIT_MS = 120_000;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** BEGIN IMMEDIATE, retried while another process holds the write lock. */
function beginImmediate(exec: () => void, waitMs = WRITE_LOCK_WAIT_MS): void {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      exec();
      return;
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
    }
  }
}

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. Under WAL a deferred
 * transaction that reads and then writes cannot wait for the write lock: if another process
 * committed in between, SQLite fails at once with SQLITE_BUSY (busy_timeout does not help).
 * Every transaction therefore takes the write lock up front, where waiting is possible.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // better-sqlite3 runs synchronously, so the promise has settled by the time executeQuery returns;
    // a thrown SQLITE_BUSY is surfaced through the rejected promise and retried.
    const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
    for (;;) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (e) {
        if (!isBusy(e) || Date.now() >= deadline) throw e;
      }
    }
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** True inside a transaction opened on this connection (by Kysely or by inWriteTransaction). */
export function inOpenTransaction(h: DbHandle): boolean {
  return h.raw.inTransaction;
}

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
  beginImmediate(() => h.raw.exec('BEGIN IMMEDIATE'));
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

/** Names of the ordinary tables (not SQLite's own, not FTS shadow tables). */
export function userTables(h: DbHandle): string[] {
  const rows = h.raw
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** Streams the rows of a Kysely-built select as arrays, for aggregates over many rows without holding them. */
export function forEachRow(h: DbHandle, q: CompiledQuery, fn: (row: unknown[]) => void): void {
  const stmt = h.raw.prepare(q.sql).raw(true);
  for (const row of stmt.iterate(...(q.parameters as unknown[]))) fn(row as unknown[]);
}

/** Runs a Kysely-built select once and returns its rows as arrays (see Prepared.rows). */
export function selectRows(h: DbHandle, q: CompiledQuery): unknown[][] {
  return prepare(h, q).rows(q.parameters);
}

/**
 * Passes on the pages of a paged read inside one read transaction, so that all of them see the
 * database as it was at the first page: a row another process adds or moves meanwhile is then
 * neither missed nor written twice. Deferred BEGIN takes no lock; under WAL writers go on (only a
 * checkpoint cannot pass the snapshot until the read ends). Inside an open transaction it joins it.
 * PostgreSQL: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY.
 */
export async function* inReadSnapshot<T>(h: DbHandle, pages: AsyncIterable<T>): AsyncGenerator<T> {
  const own = !h.raw.inTransaction;
  if (own) h.raw.exec('BEGIN');
  try {
    yield* pages;
  } finally {
    // a read-only transaction: COMMIT and ROLLBACK end it alike
    if (own && h.raw.inTransaction) h.raw.exec('COMMIT');
  }
}

export function integrityCheck(h: DbHandle): string[] {
  const rows = h.raw.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
}

export interface ForeignKeyViolation {
  table: string;
  rowid: number;
  parent: string;
  /** the referencing column */
  column: string;
  /** what the schema does when the parent row is deleted: CASCADE, SET NULL... */
  onDelete: string;
}

export function foreignKeyCheck(h: DbHandle): ForeignKeyViolation[] {
  const rows = h.raw.pragma('foreign_key_check') as { table: string; rowid: number; parent: string; fkid: number }[];
  const fks = new Map<string, { id: number; from: string; on_delete: string }[]>();
  return rows.map((r) => {
    if (!fks.has(r.table)) fks.set(r.table, h.raw.pragma(`foreign_key_list("${r.table.replace(/"/g, '""')}")`) as never);
    const fk = fks.get(r.table)!.find((f) => f.id === r.fkid);
    return { table: r.table, rowid: r.rowid, parent: r.parent, column: fk?.from ?? '?', onDelete: fk?.on_delete ?? 'NO ACTION' };
  });
}

/**
 * Repairs one foreign-key violation the way the schema would have, had the parent been deleted
 * with foreign keys on: a CASCADE child goes, a SET NULL reference is cleared.
 */
export function repairForeignKey(h: DbHandle, v: ForeignKeyViolation): boolean {
  const table = `"${v.table.replace(/"/g, '""')}"`;
  const col = `"${v.column.replace(/"/g, '""')}"`;
  if (v.onDelete === 'CASCADE') return h.raw.prepare(`DELETE FROM ${table} WHERE rowid = ?`).run(v.rowid).changes > 0;
  if (v.onDelete === 'SET NULL') return h.raw.prepare(`UPDATE ${table} SET ${col} = NULL WHERE rowid = ?`).run(v.rowid).changes > 0;
  return false;
}

/**
 * Online backup: consistent even while other processes write. The copy is made self-contained
 * (rollback journal, no -wal/-shm beside it) so it can be moved and opened read-only anywhere.
 */
export async function backupTo(h: DbHandle, file: string): Promise<void> {
  await h.raw.backup(file);
  const copy = openRaw(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/**
 * Replaces the content of the database at `target` with the database at `source`, through
 * SQLite's backup API: processes that have `target` open see the new content on their next
 * transaction instead of writing into a file that was swapped under them.
 */
export async function copyDatabaseInto(source: string, target: string): Promise<void> {
  const src = openRaw(source, { fileMustExist: true, readonly: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
}

export interface FileCheck {
  integrity: string[];
  userVersion: number;
  tables: string[];
}

/** Opens a database file read-only and reports what restore needs to judge it. */
export function inspectDatabaseFile(file: string): FileCheck {
  const d = openRaw(file, { fileMustExist: true, readonly: true });
  try {
    const integrity = (d.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((x) => x !== 'ok');
    const userVersion = d.pragma('user_version', { simple: true }) as number;
    const tables = (d.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    return { integrity, userVersion, tables };
  } finally {
    d.close();
  }
}

/**
 * Makes `file` a self-contained database (rollback journal): folds in a -wal beside it if any.
 * Used on a private copy of a file about to be restored, never on the user's own file.
 */
export function makeSelfContained(file: string): void {
  const d = openRaw(file, { fileMustExist: true });
  try {
    d.pragma('journal_mode = DELETE');
  } finally {
    d.close();
  }
}

/**
 * The page cache of this connection, in MiB. A bulk import raises it (inserts at random places in
 * the dedup and search indexes otherwise keep re-reading pages from the OS cache) and puts it back.
 */
export function setCacheSize(h: DbHandle, mib: number): void {
  h.raw.pragma(`cache_size = ${-Math.trunc(mib * 1024)}`);
}
/** SQLite's default page cache (2 MiB). */
export const DEFAULT_CACHE_MIB = 2;

export function checkpoint(h: DbHandle): void {
  h.raw.pragma('wal_checkpoint(TRUNCATE)');
}

export function engineVersion(h: DbHandle): string {
  return `SQLite ${(h.raw.prepare('select sqlite_version() as v').get() as { v: string }).v}`;
}

/** Days from timestamp/date a to b as a real number (PostgreSQL: extract(epoch from b - a) / 86400). */
export function daysBetweenSql(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(julianday(${b}) - julianday(${a}))`;
}
