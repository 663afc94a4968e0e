// The change log behind `crm history` and `crm undo` (issue 13, point 5), engine-neutral part.
//
// Every insert, update and delete on a recorded table lands in change_rows (table, key, operation,
// the row's recorded columns before and after as JSON), written by the engine itself (SQLite:
// triggers generated from the live schema, src/db/sqlite/history.ts) in the same transaction as
// the write. When the outermost transaction commits, the engine seals the rows it wrote into one
// entry of `changes` with the command, the rep and the time (sealEntry below). So every write
// command is covered without a line in its service, whichever tables it touches: the recorder
// covers every table except the derived ones listed here.
//
// What a new engine must provide is the ChangeRecorder contract (see docs/architecture.md).
import type { Db } from './engine.js';

/**
 * Tables that are not recorded: derived data that the services recompute after an undo (due items,
 * annual dates, score and ladder snapshots, the search index), settings, reps (a dictionary filled
 * on first use; undo never removes one), the log itself and the migrator's own tables. Any other
 * table, including ones added by later migrations, is recorded. A derived table added later must
 * be listed here, or every refresh of it would become history.
 */
export const UNRECORDED_TABLES: ReadonlySet<string> = new Set([
  'due_items',
  'annual_dates',
  'score_snapshots',
  'ladder_history',
  'search_index',
  'meta',
  'reps',
  'changes',
  'change_rows',
  'kysely_migration',
  'kysely_migration_lock',
]);

/**
 * Derived columns of recorded tables: kept out of the row images, and a write to only these is not
 * a change (the value refresh and the due refresh rewrite them on every run).
 */
export const DERIVED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  accounts: [
    'value_score',
    'lead_score',
    'tier',
    'profit_tier',
    'ladder',
    'last_contact_on',
    'last_order_on',
    'next_due_on',
    'revenue',
    'profit',
    'computed_face',
    'grid',
    'risk',
    'risk_count',
    'value_state',
  ],
};

/**
 * Columns kept in the images (a row re-inserted by an undo gets them back) but not watched: a write
 * that only touches them is not a change, and undo does not compare them. updated_at moves with
 * every write to an account's activity; the matching keys follow the name or value they are
 * computed from, and are computed again when their functions change.
 */
/** The name every recorder trigger starts with (doctor and the migration runner find them by it). */
export const TRIGGER_PREFIX = 'crm_history_';
/** An SQL identifier and an SQL string literal, quoted for the trigger DDL both engines generate. */
export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
export const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const UNWATCHED_COLUMNS: ReadonlySet<string> = new Set(['updated_at', 'name_key', 'match_key']);

/** A table as the recorder sees it. */
export interface RecordedTable {
  name: string;
  /** the columns in the images, in table order */
  columns: string[];
  /** the primary key columns; every recorded column when the table has none */
  key: string[];
  /** the column naming the account a row belongs to ('id' for accounts), or null */
  accountColumn: string | null;
}

/** A foreign key, for undo's check that nothing recorded later points at a row it would remove. */
export interface ForeignKey {
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
  /** CASCADE, SET NULL, NO ACTION... */
  onDelete: string;
}

/** Who writes and how: set once per process by the CLI; every entry committed gets it. */
export interface ChangeLabel {
  /** the command path: "log", "contact edit" */
  command: string;
  args?: string | null;
  rep?: string | null;
  /** the time of the entry (the session clock: --as-of keeps output reproducible) */
  now(): string;
}

/** What an entry says beyond its rows. */
export interface EntryNote {
  /** change (default), undo, redo, import, import-undo */
  kind?: string;
  /** the entry this one reverted: it gets this entry as its undone_by */
  undoes?: number;
  /** the import batch of an import or import-undo entry */
  batchId?: number;
}

/**
 * The recording half of the history, one per engine (see docs/architecture.md for the contract a
 * PostgreSQL engine implements).
 */
export interface ChangeRecorder {
  /** Sets who writes and with which command, for every entry committed from now on. */
  setLabel(label: ChangeLabel): void;
  /**
   * Stops recording rows for the rest of the current transaction: bulk paths that keep their own
   * undo (the import and its undo) pay nothing per row. Recording resumes with the next transaction.
   */
  pause(db: Db): Promise<void>;
  /**
   * Records now, as one entry, the rows this transaction wrote so far; with a note (kind, undoes,
   * batch) an entry is recorded even without rows. Returns its id, or null when there was nothing.
   * The engine calls it without a note when the outermost transaction commits.
   */
  commitEntry(db: Db, note?: EntryNote): Promise<number | null>;
  /** (Re)creates the recording for every recorded table: called after every migration run. */
  install(db: Db): Promise<void>;
  /** Removes it (before migrations run, so they can alter tables freely). */
  uninstall(db: Db): Promise<void>;
  /** Recorded tables missing their recording (doctor's check): empty when sound. */
  missing(db: Db): Promise<string[]>;
  /** The recorded tables with their image columns, keys and account column. */
  tables(db: Db): Promise<RecordedTable[]>;
  /** Every foreign key of the schema. */
  foreignKeys(db: Db): Promise<ForeignKey[]>;
}

/** The image columns of a table: all but its derived ones. */
export function recordedColumns(table: string, columns: readonly string[]): string[] {
  const derived = DERIVED_COLUMNS[table] ?? [];
  return columns.filter((c) => !derived.includes(c));
}

export function accountColumnOf(table: string, columns: readonly string[]): string | null {
  if (table === 'accounts') return 'id';
  return columns.includes('account_id') ? 'account_id' : null;
}

/**
 * Changes are sealed at commit; without a label the entry says so. The CLI labels every engine it
 * opens (with the session's clock, so --as-of and CRM_NOW hold); only tests and tools that write
 * through a bare engine reach this, and for them the time of the machine is the truth.
 */
const UNLABELLED: ChangeLabel = { command: 'crm', now: () => new Date(Date.now()).toISOString() };

/**
 * Seals the rows written so far in this transaction (change_id still null) into one entry. Shared
 * by every engine: call it inside the transaction, before COMMIT.
 */
export async function sealEntry(db: Db, label: ChangeLabel | null, note: EntryNote = {}): Promise<number | null> {
  const pending = await db.selectFrom('change_rows').select('id').where('change_id', 'is', null).limit(1).executeTakeFirst();
  if (!pending && !note.kind) return null;
  const l = label ?? UNLABELLED;
  const { id } = await db
    .insertInto('changes')
    .values({
      at: l.now(),
      command: l.command,
      args: l.args ?? null,
      rep: l.rep ?? null,
      kind: note.kind ?? 'change',
      undoes: note.undoes ?? null,
      undone_by: null,
      batch_id: note.batchId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (pending) await db.updateTable('change_rows').set({ change_id: id }).where('change_id', 'is', null).execute();
  if (note.undoes !== undefined) await db.updateTable('changes').set({ undone_by: id }).where('id', '=', note.undoes).execute();
  return id;
}
