// The SQLite engine: one local file, one better-sqlite3 connection. Everything without a portable
// form lives here (pragmas, BEGIN IMMEDIATE, online backup, raw statements for bulk loops).
// better-sqlite3 is synchronous: the async methods answer at once, so a loop that awaits one per
// row costs a microtask, not a round trip.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { BatchWriter } from '../batch.js';
import type { Compilable, Db, Engine, ForeignKeyViolation, OpenOptions, SqlDialect, Statement, StoreFiles, StoreInfo, StoreRequirement } from '../engine.js';
import { UnusableStoreError } from '../errors.js';
import type { Database } from '../schema.js';
import { SqliteBatchWriter } from './batch-writer.js';
import { BUSY_TIMEOUT_MS, openConnection, type RawDb, type RawStatement } from './connection.js';
import { ImmediateSqliteDialect } from './dialect.js';
import { beginImmediate, clearHolder, noteHolder } from './write-lock.js';
import { backupConnection } from './files.js';
import { SqliteRecorder } from './history.js';
import { fts5Search } from './search-index.js';

const sqliteSql: SqlDialect = {
  daysBetween: (a, b) => sql<number>`(julianday(${b}) - julianday(${a}))`,
};

/** A bulk write of more input than this gets a bigger page cache. */
const BULK_BYTES = 1024 * 1024;
/** The page cache of a bulk write, in MiB: inserts at random places in the dedup and search indexes otherwise keep re-reading pages from the OS cache. */
const BULK_CACHE_MIB = 24;
/** SQLite's default page cache. */
const DEFAULT_CACHE_MIB = 2;

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;

class SqliteFiles implements StoreFiles {
  constructor(private readonly path: string) {}
  paths(): string[] {
    return [this.path, `${this.path}-wal`, `${this.path}-shm`].filter((f) => existsSync(f));
  }
  readableByOthers(): string[] {
    return this.paths().filter((f) => (statSync(f).mode & 0o077) !== 0);
  }
  restrict(paths: readonly string[]): void {
    for (const f of paths) chmodSync(f, 0o600);
  }
}

export class SqliteEngine implements Engine {
  readonly db: Db;
  readonly location: string;
  readonly created: boolean;
  readonly shareable: boolean;
  readonly search = fts5Search;
  readonly sql = sqliteSql;
  readonly files?: StoreFiles;
  readonly history: SqliteRecorder;
  readonly #raw: RawDb;
  readonly #options: OpenOptions;
  #savepoints = 0;

  constructor(path: string, options: OpenOptions = {}) {
    if (options.create === false && path !== ':memory:' && !existsSync(path)) throw new UnusableStoreError(`no database at ${path}`, 'check the path');
    const { raw, created } = openConnection(path, options);
    this.#raw = raw;
    this.#options = options;
    this.location = path;
    this.created = created;
    this.shareable = path !== ':memory:';
    if (path !== ':memory:') this.files = new SqliteFiles(path);
    this.db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
    this.history = new SqliteRecorder(raw);
  }

  /**
   * BEGIN IMMEDIATE takes the write lock up front: under WAL a deferred transaction that reads and
   * then writes cannot wait for the lock and fails at once if another process committed meanwhile.
   */
  async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const raw = this.#raw;
    if (raw.inTransaction) return this.#savepoint(fn, false);
    await this.#begin();
    try {
      const out = await fn(this.db);
      // what the transaction changed becomes one history entry, in the same commit
      await this.history.beforeCommit(this.db);
      raw.exec('COMMIT');
      return out;
    } catch (e) {
      this.#rollback('ROLLBACK');
      this.history.afterRollback();
      throw e;
    } finally {
      if (this.files) clearHolder(this.location);
    }
  }

  /** Takes the write lock, waiting for another writer (see write-lock.ts), and says who holds it now. */
  async #begin(): Promise<void> {
    const file = this.files ? this.location : undefined;
    await beginImmediate(this.#raw, file, this.#options, this.#options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
    if (file) noteHolder(file, this.#options.command ?? 'crm');
  }

  /**
   * Ends a failed transaction without hiding why it failed: after SQLITE_FULL or an I/O error
   * SQLite may have rolled back by itself, and a ROLLBACK that fails too must not replace the
   * original error ("cannot rollback - no transaction is active" instead of "the disk is full").
   */
  #rollback(...statements: string[]): void {
    for (const s of statements) {
      if (!this.#raw.inTransaction) return;
      try {
        this.#raw.exec(s);
      } catch {
        // the original error is the one to report
      }
    }
  }

  async dryRun<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const raw = this.#raw;
    if (raw.inTransaction) return this.#savepoint(fn, true);
    await this.#begin();
    try {
      return await fn(this.db);
    } finally {
      this.#rollback('ROLLBACK');
      this.history.afterRollback();
      if (this.files) clearHolder(this.location);
    }
  }

  async #savepoint<T>(fn: (db: Db) => Promise<T>, rollback: boolean): Promise<T> {
    const raw = this.#raw;
    const name = `crm_nested_${++this.#savepoints}`;
    raw.exec(`SAVEPOINT ${name}`);
    try {
      const out = await fn(this.db);
      if (rollback) raw.exec(`ROLLBACK TO ${name}`);
      raw.exec(`RELEASE ${name}`);
      return out;
    } catch (e) {
      this.#rollback(`ROLLBACK TO ${name}`, `RELEASE ${name}`);
      throw e;
    } finally {
      this.#savepoints--;
    }
  }

  /**
   * Deferred BEGIN takes no lock; under WAL writers go on (only a checkpoint cannot pass the
   * snapshot until it ends). Inside an open transaction it joins it.
   */
  async readSnapshot<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const raw = this.#raw;
    if (raw.inTransaction) return fn(this.db);
    raw.exec('BEGIN');
    try {
      return await fn(this.db);
    } finally {
      // a read-only transaction: COMMIT and ROLLBACK end it alike
      if (raw.inTransaction) raw.exec('COMMIT');
    }
  }

  async *stream<T>(source: (db: Db) => AsyncIterable<T>): AsyncGenerator<T> {
    const raw = this.#raw;
    const own = !raw.inTransaction;
    if (own) raw.exec('BEGIN');
    try {
      yield* source(this.db);
    } finally {
      if (own && raw.inTransaction) raw.exec('COMMIT');
    }
  }

  async schemaTransaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    // the write lock is the whole file's: nothing else changes the schema meanwhile
    return this.transaction(fn);
  }

  inTransaction(): boolean {
    return this.#raw.inTransaction;
  }

  async rows(query: Compilable): Promise<unknown[][]> {
    const q = query.compile();
    return this.#raw.prepare(q.sql).raw(true).all(...(q.parameters as unknown[])) as unknown[][];
  }

  async forEachRow(query: Compilable, fn: (row: unknown[]) => void): Promise<void> {
    const q = query.compile();
    for (const row of this.#raw.prepare(q.sql).raw(true).iterate(...(q.parameters as unknown[]))) fn(row as unknown[]);
  }

  async *rowBatches(query: Compilable, size = 5000): AsyncGenerator<unknown[][]> {
    const q = query.compile();
    let batch: unknown[][] = [];
    for (const row of this.#raw.prepare(q.sql).raw(true).iterate(...(q.parameters as unknown[]))) {
      batch.push(row as unknown[]);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async insertRows(_db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (!rows.length) return;
    // as many rows per statement as SQLite's 32766 parameters allow, at most 500
    const per = Math.max(1, Math.min(500, Math.floor(32766 / Math.max(1, columns.length))));
    const one = `(${columns.map(() => '?').join(', ')})`;
    const head = `INSERT INTO ${quoteId(table)} (${columns.map(quoteId).join(', ')}) VALUES `;
    const statements = new Map<number, RawStatement>();
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      let st = statements.get(chunk.length);
      if (!st) statements.set(chunk.length, (st = this.#raw.prepare(head + Array(chunk.length).fill(one).join(', '))));
      st.run(chunk.flat().map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    }
  }

  prepare(query: Compilable): Statement {
    const stmt = this.#raw.prepare(query.compile().sql);
    return {
      run: async (p) => stmt.run(...(p as unknown[])).changes,
      get: async <T>(p: readonly unknown[]) => stmt.get(...(p as unknown[])) as T | undefined,
    };
  }

  bulkWrite(bytes: number): () => void {
    if (bytes <= BULK_BYTES) return () => {};
    this.#cacheMib(BULK_CACHE_MIB);
    return () => this.#cacheMib(DEFAULT_CACHE_MIB);
  }

  async batchWriter(_db: Db): Promise<BatchWriter> {
    if (!this.#raw.inTransaction) throw new Error('batchWriter() needs an open transaction');
    return new SqliteBatchWriter(this.#raw);
  }

  #cacheMib(mib: number): void {
    this.#raw.pragma(`cache_size = ${-Math.trunc(mib * 1024)}`);
  }

  async schemaVersion(): Promise<number> {
    return this.#raw.pragma('user_version', { simple: true }) as number;
  }

  async setSchemaVersion(v: number): Promise<void> {
    this.#raw.pragma(`user_version = ${Math.trunc(v)}`);
  }

  async tables(): Promise<string[]> {
    const rows = this.#raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  async requirements(): Promise<StoreRequirement[]> {
    return [];
  }

  async setUp(): Promise<StoreRequirement[]> {
    return [];
  }

  async login(): Promise<string | null> {
    return null;
  }

  async deferConstraints(): Promise<void> {
    // reset by SQLite at the end of the transaction
    this.#raw.pragma('defer_foreign_keys = ON');
  }

  async idSequences(): Promise<Record<string, number>> {
    if (!this.#raw.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).get()) return {};
    const rows = this.#raw.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.seq)]));
  }

  async setIdSequences(_db: Db, last: Record<string, number>): Promise<void> {
    // explicit ids already moved sqlite_sequence past the rows; this keeps ids the source handed
    // out and then deleted from coming back
    const auto = this.#raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'`).all() as { name: string }[];
    const current = await this.idSequences();
    for (const { name } of auto) {
      const want = last[name] ?? 0;
      if (want <= (current[name] ?? 0)) continue;
      if (name in current) this.#raw.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(want, name);
      else this.#raw.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(name, want);
    }
  }

  async integrity(): Promise<string[]> {
    const rows = this.#raw.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
  }

  async foreignKeyViolations(): Promise<ForeignKeyViolation[]> {
    const raw = this.#raw;
    const rows = raw.pragma('foreign_key_check') as { table: string; rowid: number; parent: string; fkid: number }[];
    const fks = new Map<string, { id: number; from: string; on_delete: string }[]>();
    return rows.map((r) => {
      if (!fks.has(r.table)) fks.set(r.table, raw.pragma(`foreign_key_list(${quoteId(r.table)})`) as never);
      const fk = fks.get(r.table)!.find((f) => f.id === r.fkid);
      return { table: r.table, rowid: r.rowid, parent: r.parent, column: fk?.from ?? '?', onDelete: fk?.on_delete ?? 'NO ACTION' };
    });
  }

  async repairForeignKey(_db: Db, v: ForeignKeyViolation): Promise<boolean> {
    const table = quoteId(v.table);
    if (v.onDelete === 'CASCADE') return this.#raw.prepare(`DELETE FROM ${table} WHERE rowid = ?`).run(v.rowid).changes > 0;
    if (v.onDelete === 'SET NULL') return this.#raw.prepare(`UPDATE ${table} SET ${quoteId(v.column)} = NULL WHERE rowid = ?`).run(v.rowid).changes > 0;
    return false;
  }

  async info(): Promise<StoreInfo> {
    const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
    const v = (this.#raw.prepare('select sqlite_version() as v').get() as { v: string }).v;
    const file = this.location !== ':memory:';
    return { version: `SQLite ${v}`, sizeBytes: file ? size(this.location) : null, walBytes: file ? size(`${this.location}-wal`) : null };
  }

  async backupTo(file: string): Promise<void> {
    await backupConnection(this.#raw, file);
  }

  backupBase(): { dir: string; name: string } {
    return { dir: dirname(this.location), name: basename(this.location) };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
