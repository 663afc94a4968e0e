// The database seam. Everything above src/db talks to an Engine and never learns which one it is
// (SQLite today, PostgreSQL next): queries are built with Kysely on `engine.db` (or on the `db`
// a transaction hands in), and whatever has no portable form is a method here. Methods are async
// so a server engine can answer them; the SQLite engine answers synchronously inside.
import type { CompiledQuery, Expression, Kysely, Migration, RawBuilder } from 'kysely';
import type { BatchWriter } from './batch.js';
import type { ChangeRecorder } from './history.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** A Kysely query that compiles to SQL: a select builder, or raw sql compiled for a db. */
export interface Compilable {
  compile(): CompiledQuery;
}

/**
 * One statement compiled once and run many times with different values (placeholders in the
 * order Kysely put them), for loops over thousands of rows inside one transaction.
 */
export interface Statement {
  /** runs it; resolves to the number of rows changed */
  run(params: readonly unknown[]): Promise<number>;
  get<T>(params: readonly unknown[]): Promise<T | undefined>;
}

/** Full-text search over accounts (their names, contacts, emails, phones, notes). */
export interface SearchIndex {
  /** Account ids whose text contains every word of `text` (any script, phone fragments), best first. */
  find(db: Db, text: string, limit: number): Promise<number[]>;
  /** Replaces the searchable text of one account (null removes it); the text comes from searchBody(). */
  set(db: Db, accountId: number, body: string | null): Promise<void>;
  /** Removes the text of every account the subquery selects (e.g. the accounts of an import batch). */
  removeWhere(db: Db, accountIds: Expression<unknown>): Promise<void>;
  /** Empties the index (before rebuilding it from the accounts). */
  clear(db: Db): Promise<void>;
  /** Index entries whose account is gone, and accounts the index does not know. */
  gaps(db: Db): Promise<{ stray: number[]; missing: number[] }>;
  /** The index's own consistency check: an error message, or undefined when sound. */
  check(db: Db): Promise<string | undefined>;
  /**
   * Prepares the index for a bulk load of many rows (SQLite: fewer segment merges while it lasts);
   * returns the function that puts it back.
   */
  bulkLoad(db: Db): Promise<() => Promise<void>>;
  /** A select of every entry as (account id, body): what a copy of the book carries over. */
  entries(db: Db): Compilable;
  /** Adds entries as entries() gives them, many at once (into an index with none of those ids). */
  load(db: Db, rows: readonly (readonly unknown[])[]): Promise<void>;
}

/** SQL fragments whose spelling differs between engines. */
export interface SqlDialect {
  /** Days from timestamp/date a to b as a real number (SQLite julianday, PostgreSQL epoch / 86400). */
  daysBetween(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<number>;
}

/** A row of a foreign-key check: a row pointing at a parent row that is missing. */
export interface ForeignKeyViolation {
  table: string;
  rowid: number;
  parent: string;
  /** the referencing column */
  column: string;
  /** what the schema does when the parent row is deleted: CASCADE, SET NULL... */
  onDelete: string;
}

/** What `crm db info` shows of the store itself; sizes are null where they mean nothing. */
export interface StoreInfo {
  /** e.g. "SQLite 3.46.1", "PostgreSQL 17.10" */
  version: string;
  sizeBytes: number | null;
  /** the write-ahead log beside a file (null on a server) */
  walBytes: number | null;
  /** more of what the store is, for a server: database, login, ctype, extensions */
  details?: [string, string][];
}

/**
 * Something a store needs before crm can use it (a server's version, its text encoding, an
 * extension), whether it has it, and what to do when it has not.
 */
export interface StoreRequirement {
  what: string;
  ok: boolean;
  /** what there is, e.g. "17.10", "C.UTF-8" */
  found: string;
  /** what to do about it when not ok, in the user's terms */
  fix?: string;
}

/** The files a file-based engine keeps (database, -wal, -shm): what doctor checks and repairs. */
export interface StoreFiles {
  /** the files that exist now */
  paths(): string[];
  /** files other users can read */
  readableByOthers(): string[];
  /** makes them owner-only */
  restrict(paths: readonly string[]): void;
}

/** Hooks for tests and tools, passed by whoever opens the engine (never read from the environment). */
export interface MigrationOptions {
  /** migrations run after the built-in ones (a test of an upgrade needs one more than exists) */
  extra?: Record<string, Migration>;
  /** called once the migrations ran, before they commit (a crash test kills the process there) */
  beforeCommit?: () => void;
  /**
   * Work the services do on the upgraded data in the migrations' transaction (keying names again
   * when the key functions changed): the db layer cannot compute domain values itself.
   */
  afterMigrations?: (db: Db) => Promise<void>;
}

/** Who holds the write lock another writer waits for, as far as the engine can tell. */
export interface LockHolder {
  pid: number;
  /** what it is doing, e.g. "import" or "log" (the command that opened the engine) */
  command: string;
}

export interface OpenOptions {
  readonly?: boolean;
  /** milliseconds to wait on a lock held by another process before giving up */
  busyTimeoutMs?: number;
  /** the folder of the user's crm data: where backups of a book that is not a file go by default */
  dataDir?: string;
  /** false: a missing file is an error instead of a new book (the source of a copy) */
  create?: boolean;
  /** what this process is doing, shown to writers that wait for it (e.g. "import") */
  command?: string;
  /**
   * How long a writer waits for the write lock when the holder is not a crm process that is still
   * running (another program, or one that cannot be told); while a running crm holds it, a
   * writer waits as long as it takes. Milliseconds.
   */
  lockWaitMs?: number;
  /** called once when a write has waited a moment for another process's lock */
  onWait?: (holder: LockHolder | undefined) => void;
}

export interface Engine {
  /** the Kysely instance every query is built on (outside a transaction) */
  readonly db: Db;
  /** where the data is, for messages: a file path, or a server URL without its password */
  readonly location: string;
  /** true when opening created the store (a new file) */
  readonly created: boolean;
  /** another connection (a worker thread) can open the same data with openEngine(location) */
  readonly shareable: boolean;
  readonly search: SearchIndex;
  readonly sql: SqlDialect;
  /** present when the data lives in files this process can see (SQLite) */
  readonly files?: StoreFiles;
  /**
   * The change log's recorder (src/db/history.ts): every write inside transaction() is recorded
   * and sealed into one history entry when the outermost transaction commits.
   */
  readonly history: ChangeRecorder;

  /**
   * The one door for writes: runs fn in a transaction that commits when fn resolves and rolls back
   * when it throws, so a failed command leaves the database as it was. It takes the write lock up
   * front and waits for other writers instead of failing. Called inside a transaction it nests
   * (a savepoint): the outer transaction stays the one that commits. What it changed in recorded
   * tables becomes one history entry, committed with it (see `history`).
   */
  transaction<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs fn in a write transaction that is rolled back whatever happens: answers computed from writes that must not stay. */
  dryRun<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs fn in a read snapshot: every query sees the database as it was at the first one; writers go on. */
  readSnapshot<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Iterates `source` inside one read snapshot, which ends when the iteration does. */
  stream<T>(source: (db: Db) => AsyncIterable<T>): AsyncGenerator<T>;
  /**
   * The transaction migrations run in: exclusive with other schema changes (SQLite: the write
   * lock; PostgreSQL: an advisory lock as well), and on a server as the owner of the book when
   * the login may act as it, so every rep of a team can upgrade the schema.
   */
  schemaTransaction<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** True inside a transaction or snapshot opened on this engine. */
  inTransaction(): boolean;

  /** Runs a select and returns its rows as arrays in select order: no object per row, for reads of 100k+ rows. */
  rows(query: Compilable): Promise<unknown[][]>;
  /** Passes each row of a select (as an array) to fn without holding them all. */
  forEachRow(query: Compilable, fn: (row: unknown[]) => void): Promise<void>;
  /** The rows of a select as arrays, a batch at a time: a whole table read with flat memory (nothing else may run on this engine meanwhile). */
  rowBatches(query: Compilable, size?: number): AsyncGenerator<unknown[][]>;
  /** Inserts many rows at once (SQLite: multi-row INSERT; PostgreSQL: COPY); values as rowBatches gives them. */
  insertRows(db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Compiles a statement once for a loop that runs it many times (see Statement). */
  prepare(query: Compilable): Statement;
  /**
   * Sizes the connection for a bulk write of about `bytes` of input (SQLite: a bigger page cache);
   * returns the function that puts it back.
   */
  bulkWrite(bytes: number): () => void;
  /**
   * The writer of a bulk import (contract in batch.ts): rows staged in memory and written at a
   * batch boundary, ids handed out without a round trip. Open it inside transaction(), with the
   * `db` it handed in; it writes in that transaction.
   */
  batchWriter(db: Db): Promise<BatchWriter>;

  schemaVersion(): Promise<number>;
  setSchemaVersion(version: number): Promise<void>;
  /** the ordinary tables (not the engine's own) */
  tables(): Promise<string[]>;

  /** What the store needs and whether it has it (a server's version, encoding, extensions); empty for a file. */
  requirements(): Promise<StoreRequirement[]>;
  /** Creates what it can of what the store needs (PostgreSQL: pg_trgm), then reports as requirements() does. */
  setUp(): Promise<StoreRequirement[]>;
  /** The database login of this connection on a server (a rep of the team); null for a file. */
  login(): Promise<string | null>;

  /** the store's own integrity check: problems found, empty when sound */
  integrity(): Promise<string[]>;
  foreignKeyViolations(): Promise<ForeignKeyViolation[]>;
  /** repairs one violation as the schema would have, had the parent been deleted (CASCADE / SET NULL) */
  repairForeignKey(db: Db, v: ForeignKeyViolation): Promise<boolean>;
  info(): Promise<StoreInfo>;
  /** Inside a transaction: foreign keys are checked at its commit instead of at each row (a copy of a book in any table order). */
  deferConstraints(db: Db): Promise<void>;
  /** The last id each table's id generator handed out (a table never used: 0). */
  idSequences(db: Db): Promise<Record<string, number>>;
  /** Sets the id generators so the next id of each table follows both `last` and the rows it holds. */
  setIdSequences(db: Db, last: Record<string, number>): Promise<void>;
  /**
   * A consistent copy of the whole book in the backup format (a self-contained SQLite file),
   * made while other processes go on writing. `file` must exist, empty and private.
   */
  backupTo(file: string): Promise<void>;
  /** Where backups go by default and the name they are made from: the database file's folder and name. */
  backupBase(): { dir: string; name: string };

  close(): Promise<void>;
}
