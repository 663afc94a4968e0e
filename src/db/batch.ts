// The batch writer: how a bulk import gets its rows into the database, whatever the engine.
// `Engine.batchWriter(db)` hands one out inside an open `Engine.transaction`.
//
// The import decides every row in JavaScript (match, merge or create, see services/import/), names
// the rows it creates with ids it takes from here, and stages them. At a batch boundary it calls
// flush(), which writes everything staged at once: a handful of statements per batch instead of a
// dozen per lead. The only awaits are at that boundary and in the batched lookups before a batch
// (repositories/import-lookups.ts), so an engine whose calls are really synchronous (SQLite through
// better-sqlite3) loses nothing to the promises, and one whose calls cross a network (PostgreSQL)
// makes one round trip per table and batch: multi-row INSERT, or COPY for the big tables.
//
// Contract for an implementation:
// - It is opened inside the import's transaction (Engine.transaction holds the write lock for the
//   whole import) and writes with that transaction: all of it commits or none of it does (a killed
//   process leaves nothing of the batch). No per-row history or change log: an import's undo is
//   its own (import_rows).
// - nextId(table) is synchronous and hands out ids no other writer can take while the transaction
//   lasts (SQLite: one past the largest id or AUTOINCREMENT sequence, read when the writer opens;
//   a server engine reads or reserves them in batchWriter() and moves its sequence past the last
//   one it handed out before the transaction commits). Ids are never reused, not even those of
//   rows an undone batch deleted.
// - insert() and update() only stage; a row staged for insert and updated before the flush is
//   written once, with the update applied. flush() writes inserts table by table in the order of
//   BATCH_TABLES (parents before children), the columns of BATCH_COLUMNS (a missing value is
//   NULL), then the updates. account_tags rows that exist already are skipped, not an error.
// - indexCreated(afterId) puts every account with a larger id into the search index in one bulk
//   pass after the rows (the text from search-text.ts with the accounts' aliases, as
//   Engine.search.set would store it); reindex(ids) rebuilds the search text of accounts that existed and changed.
import type { Insertable } from 'kysely';
import type { Database } from './schema.js';

/** Tables the batch writer inserts into, parents first. */
export const BATCH_TABLES = ['accounts', 'contacts', 'contact_points', 'aliases', 'account_tags', 'orders', 'import_rows'] as const;
export type BatchTable = (typeof BATCH_TABLES)[number];
/** Tables whose rows the writer names with ids from nextId. */
export type IdTable = 'accounts' | 'contacts' | 'contact_points' | 'orders';
export type BatchRow<T extends BatchTable> = Insertable<Database[T]>;

/** The columns a flush writes, per table (what COPY or a multi-row INSERT lists). */
export const BATCH_COLUMNS: Record<BatchTable, readonly string[]> = {
  accounts: [
    'id', 'kind', 'name', 'name_key', 'website', 'domain', 'address', 'city', 'region', 'country', 'postcode', 'industry',
    'employees', 'main_business', 'business_scope', 'source', 'campaign', 'owner_id', 'notes', 'extra', 'batch_id',
    'source_file', 'source_line', 'created_at', 'updated_at',
  ],
  contacts: [
    'id', 'account_id', 'name', 'name_key', 'given_name', 'family_name', 'title', 'department', 'personality', 'hobbies',
    'birthday', 'buying_role', 'notes', 'extra', 'batch_id', 'source_file', 'source_line', 'created_at', 'updated_at',
  ],
  contact_points: ['id', 'account_id', 'contact_id', 'kind', 'label', 'value', 'raw', 'match_key', 'is_primary', 'batch_id', 'created_at'],
  aliases: ['account_id', 'contact_id', 'name', 'name_key', 'source', 'batch_id', 'created_at'],
  account_tags: ['account_id', 'tag'],
  orders: [
    'id', 'account_id', 'ordered_on', 'amount', 'profit', 'product', 'quantity', 'currency', 'reference', 'batch_id',
    'source_file', 'source_line', 'created_at',
  ],
  import_rows: ['batch_id', 'file', 'line', 'action', 'account_id', 'contact_id', 'order_id', 'changes', 'conflicts', 'reason'],
};

export interface BatchWriter {
  nextId(table: IdTable): number;
  insert<T extends BatchTable>(table: T, row: BatchRow<T>): void;
  update(table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>): void;
  flush(): Promise<void>;
  indexCreated(afterId: number): Promise<void>;
  reindex(ids: Iterable<number>): Promise<void>;
}

export type StagedUpdate = { table: 'accounts' | 'contacts'; id: number; patch: Record<string, unknown> };

/**
 * The rows a batch writer holds until its flush (the same on every engine): inserts per table,
 * and updates of rows written before. An update of a row still staged lands in the row itself.
 */
export class StagedRows {
  private rows = new Map<BatchTable, Record<string, unknown>[]>(BATCH_TABLES.map((t) => [t, []]));
  private byId = { accounts: new Map<number, Record<string, unknown>>(), contacts: new Map<number, Record<string, unknown>>() };
  private updates: StagedUpdate[] = [];

  insert<T extends BatchTable>(table: T, row: BatchRow<T>): void {
    const r = row as Record<string, unknown>;
    this.rows.get(table)!.push(r);
    if (table === 'accounts') this.byId.accounts.set(r.id as number, r);
    else if (table === 'contacts') this.byId.contacts.set(r.id as number, r);
  }

  update(table: 'accounts' | 'contacts', id: number, patch: Record<string, unknown>): void {
    const row = this.byId[table].get(id);
    if (row) Object.assign(row, patch);
    else this.updates.push({ table, id, patch });
  }

  /** What was staged: the tables with rows in BATCH_TABLES order (parents first), then the updates. Empties the stage. */
  take(): { inserts: [BatchTable, Record<string, unknown>[]][]; updates: StagedUpdate[] } {
    const inserts = BATCH_TABLES.filter((t) => this.rows.get(t)!.length).map((t): [BatchTable, Record<string, unknown>[]] => [t, this.rows.get(t)!]);
    for (const t of BATCH_TABLES) this.rows.set(t, []);
    this.byId.accounts.clear();
    this.byId.contacts.clear();
    const updates = this.updates;
    this.updates = [];
    return { inserts, updates };
  }
}
