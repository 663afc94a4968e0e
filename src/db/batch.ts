// The batch writer: how a bulk import gets its rows into the database, whatever the engine.
//
// The import decides every row in JavaScript (match, merge or create, see services/import/), names
// the rows it creates with ids it takes from here, and stages them. At a batch boundary it calls
// flush(), which writes everything staged with multi-row statements: a handful of statements per
// thousand leads instead of a dozen per lead. The only awaits are at that boundary and in the
// batched lookups before a batch (repositories/import-lookups.ts), so an engine whose calls are
// really synchronous (SQLite through better-sqlite3) loses nothing to the promises, and one whose
// calls cross a network (PostgreSQL) makes one round trip per table and batch: multi-row INSERT,
// or COPY for the big tables.
//
// Contract for an implementation:
// - transaction(fn) runs fn with the write lock held and commits all of it or none of it (a killed
//   process leaves nothing of the batch). The import holds it for its whole run.
// - nextId(table) hands out ids no other writer can take while the transaction lasts (SQLite: one
//   past the largest, the write lock is held; PostgreSQL: blocks taken from the sequence).
// - insert() and update() only stage; a row staged for insert and updated before the flush is
//   written once, with the update applied. flush() writes inserts table by table in the order of
//   BATCH_TABLES (parents before children), then the updates.
// - indexCreated(afterId) puts every account with a larger id into the search index in one bulk
//   pass after the rows; reindex(ids) rebuilds the search text of accounts that existed and changed.
import type { Insertable } from 'kysely';
import type { DbHandle } from './connection.js';
import type { Database } from './schema.js';
import { SqliteBatchWriter } from './sqlite/batch-writer.js';

/** Tables the batch writer inserts into, parents first. */
export const BATCH_TABLES = ['accounts', 'contacts', 'contact_points', 'account_tags', 'orders', 'import_rows'] as const;
export type BatchTable = (typeof BATCH_TABLES)[number];
/** Tables whose rows the writer names with ids from nextId. */
export type IdTable = 'accounts' | 'contacts' | 'contact_points' | 'orders';
export type BatchRow<T extends BatchTable> = Insertable<Database[T]>;

export interface BatchWriterOptions {
  /** the import is big: the engine may tune itself for bulk writing (and puts it back in close()) */
  bulk: boolean;
}

export interface BatchWriter {
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  nextId(table: IdTable): number;
  insert<T extends BatchTable>(table: T, row: BatchRow<T>): void;
  update(table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>): void;
  flush(): Promise<void>;
  indexCreated(afterId: number): Promise<void>;
  reindex(ids: Iterable<number>): Promise<void>;
  /** undoes any bulk tuning; safe to call twice */
  close(): void;
}

/** The batch writer of the engine behind `h`. */
export function openBatchWriter(h: DbHandle, opts: BatchWriterOptions): BatchWriter {
  return new SqliteBatchWriter(h, opts);
}
