// The change recorder on SQLite: three triggers per recorded table (after insert, update, delete)
// write each row's recorded columns as JSON into change_rows, in the same transaction as the write
// and for every writer of the connection (Kysely queries, prepared statements, foreign-key
// cascades). The triggers are generated from the live schema, so tables and columns added by later
// migrations are covered once the migration run reinstalls them.
//
// Pausing (bulk paths with their own undo) drops the triggers inside the transaction: nothing runs
// per row, and the engine puts them back before COMMIT (a rollback restores them anyway, DDL being
// transactional in SQLite).
import type { Db } from '../engine.js';
import {
  TRIGGER_PREFIX,
  quoteIdent,
  quoteLiteral,
  UNRECORDED_TABLES,
  UNWATCHED_COLUMNS,
  accountColumnOf,
  recordedColumns,
  sealEntry,
  type ChangeLabel,
  type ChangeRecorder,
  type EntryNote,
  type ForeignKey,
  type RecordedTable,
} from '../history.js';
import type { RawDb } from './connection.js';

const PREFIX = TRIGGER_PREFIX;
const id = quoteIdent;
const lit = quoteLiteral;

/** json_object takes at most 127 arguments by default: wide tables are built in parts and patched together. */
const COLUMNS_PER_OBJECT = 60;

function image(columns: readonly string[], ref: 'NEW' | 'OLD'): string {
  const parts: string[] = [];
  for (let i = 0; i < columns.length; i += COLUMNS_PER_OBJECT) {
    const chunk = columns.slice(i, i + COLUMNS_PER_OBJECT);
    parts.push(`json_object(${chunk.map((c) => `${lit(c)}, ${ref}.${id(c)}`).join(', ')})`);
  }
  return parts.reduce((a, b) => `json_patch(${a}, ${b})`);
}

function keyOf(t: RecordedTable, ref: 'NEW' | 'OLD'): string {
  return t.key.length === 1 ? `CAST(${ref}.${id(t.key[0]!)} AS TEXT)` : `json_array(${t.key.map((k) => `${ref}.${id(k)}`).join(', ')})`;
}

function insertRow(t: RecordedTable, op: string, key: string, before: string, after: string, account: string): string {
  return `INSERT INTO change_rows (change_id, tbl, row_key, op, before, after, account_id) VALUES (NULL, ${lit(t.name)}, ${key}, '${op}', ${before}, ${after}, ${account})`;
}

/** The three triggers of one table. */
export function triggerSql(t: RecordedTable): string[] {
  const acct = (ref: 'NEW' | 'OLD') => (t.accountColumn ? `${ref}.${id(t.accountColumn)}` : 'NULL');
  const watched = t.columns.filter((c) => !UNWATCHED_COLUMNS.has(c));
  const name = (op: string) => id(`${PREFIX}${t.name}_${op}`);
  const out = [
    `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${id(t.name)} BEGIN ${insertRow(t, 'insert', keyOf(t, 'NEW'), 'NULL', image(t.columns, 'NEW'), acct('NEW'))}; END`,
    `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${id(t.name)} BEGIN ${insertRow(t, 'delete', keyOf(t, 'OLD'), image(t.columns, 'OLD'), 'NULL', acct('OLD'))}; END`,
  ];
  if (watched.length) {
    // only a real change of a watched column is a change: the refreshes set derived columns, and an
    // upsert that writes the same values again says nothing new
    const changed = watched.map((c) => `OLD.${id(c)} IS NOT NEW.${id(c)}`).join(' OR ');
    out.push(
      `CREATE TRIGGER ${name('update')} AFTER UPDATE OF ${watched.map(id).join(', ')} ON ${id(t.name)} WHEN ${changed} BEGIN ${insertRow(t, 'update', keyOf(t, 'OLD'), image(t.columns, 'OLD'), image(t.columns, 'NEW'), acct('NEW'))}; END`,
    );
  }
  return out;
}

export class SqliteRecorder implements ChangeRecorder {
  #label: ChangeLabel | null = null;
  /** the triggers a pause dropped, as their SQL: put back as they were before the commit */
  #paused: string[] | null = null;
  /** whether this database has the log (undefined: not looked yet); a database before migration 0018 has none */
  #hasLog: boolean | undefined;

  constructor(private readonly raw: RawDb) {}

  setLabel(label: ChangeLabel): void {
    this.#label = label;
  }

  async pause(_db: Db): Promise<void> {
    if (!this.raw.inTransaction) throw new Error('history: pause() belongs inside a transaction');
    if (this.#paused) return;
    this.#paused = this.#triggers().map((t) => t.sql);
    this.#dropTriggers();
  }

  async commitEntry(db: Db, note?: EntryNote): Promise<number | null> {
    if (!this.#logExists()) return null;
    return sealEntry(db, this.#label, note);
  }

  /** Called by the engine just before the outermost COMMIT. */
  async beforeCommit(db: Db): Promise<void> {
    if (this.#paused) {
      // one statement for them all: recreating them is most of what a pause costs an import (a
      // savepoint rolled back since may have brought some back already)
      this.#dropTriggers();
      if (this.#paused.length) this.raw.exec(this.#paused.join(';\n'));
      this.#paused = null;
    }
    await this.commitEntry(db);
  }

  /** Called by the engine when the outermost transaction ends without committing (the rollback put the triggers back). */
  afterRollback(): void {
    this.#paused = null;
  }

  async install(db: Db): Promise<void> {
    this.#dropTriggers();
    this.#hasLog = undefined;
    if (!this.#logExists()) return;
    const all = (await this.tables(db)).flatMap(triggerSql);
    if (all.length) this.raw.exec(all.join(';\n'));
  }

  async uninstall(_db: Db): Promise<void> {
    this.#dropTriggers();
  }

  async missing(db: Db): Promise<string[]> {
    if (!this.#logExists()) return [];
    const have = new Set((this.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map((r) => r.name));
    return (await this.tables(db)).filter((t) => !['insert', 'update', 'delete'].every((op) => have.has(`${PREFIX}${t.name}_${op}`))).map((t) => t.name);
  }

  async tables(_db: Db): Promise<RecordedTable[]> {
    // pragma_table_list tells ordinary tables from virtual ones and their shadow tables (FTS5)
    const names = (this.raw.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !UNRECORDED_TABLES.has(n));
    return names.map((name) => {
      const info = this.raw.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as { name: string; pk: number }[];
      const columns = recordedColumns(
        name,
        info.map((c) => c.name),
      );
      const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      return { name, columns, key: pk.length ? pk : columns, accountColumn: accountColumnOf(name, columns) };
    });
  }

  async foreignKeys(_db: Db): Promise<ForeignKey[]> {
    const rows = this.raw
      .prepare(
        `SELECT m.name AS "table", f."from" AS "column", f."table" AS parent, f."to" AS parentColumn, f.on_delete AS onDelete
         FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`,
      )
      .all() as (ForeignKey & { parentColumn: string | null })[];
    // a key declared without its parent column points at the parent's primary key: id here
    return rows.map((r) => ({ ...r, parentColumn: r.parentColumn ?? 'id' }));
  }

  #logExists(): boolean {
    if (this.#hasLog === undefined) this.#hasLog = !!this.raw.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change_rows'`).get();
    return this.#hasLog;
  }

  #triggers(): { name: string; sql: string }[] {
    return this.raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'crm\\_history\\_%' ESCAPE '\\'`).all() as { name: string; sql: string }[];
  }

  #dropTriggers(): void {
    const rows = this.#triggers();
    if (rows.length) this.raw.exec(rows.map((r) => `DROP TRIGGER ${id(r.name)}`).join(';\n'));
  }
}
