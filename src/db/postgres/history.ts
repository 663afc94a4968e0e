// The change recorder on PostgreSQL (the contract is src/db/history.ts): one plpgsql trigger
// function, fired AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW on every recorded table, writes each
// row's recorded columns as JSON into change_rows, in the same transaction as the write and for
// every writer (Kysely queries, COPY, foreign-key cascades, another rep's crm). The triggers are
// generated from the live schema after every migration run, as on SQLite.
//
// Pausing is a transaction-local setting the function reads first (crm.history = 'off'), not
// ALTER TABLE ... DISABLE TRIGGER: that would lock each table against every rep of the server.
import { sql } from 'kysely';
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

const PREFIX = TRIGGER_PREFIX;
const FUNCTION = 'crm_history_row';
const id = quoteIdent;
const lit = quoteLiteral;
/** a text[] literal, as a trigger argument */
const arr = (xs: readonly string[]) => lit(`{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);

// Arguments: the derived columns (left out of the images), the key columns, the account column ('' for
// none), the unwatched columns (an update that changes only these is no change). The key is text as
// the undo spells it: the value of a one-column key, else a JSON array without spaces.
const FUNCTION_SQL = `
create or replace function ${FUNCTION}() returns trigger language plpgsql as $f$
declare
  derived text[] := TG_ARGV[0]::text[];
  keycols text[] := TG_ARGV[1]::text[];
  acct text := nullif(TG_ARGV[2], '');
  unwatched text[] := TG_ARGV[3]::text[];
  o jsonb;
  n jsonb;
  src jsonb;
  k text;
begin
  if current_setting('crm.history', true) = 'off' then return null; end if;
  if TG_OP <> 'INSERT' then o := to_jsonb(OLD) - derived; end if;
  if TG_OP <> 'DELETE' then n := to_jsonb(NEW) - derived; end if;
  if TG_OP = 'UPDATE' and (o - unwatched) = (n - unwatched) then return null; end if;
  src := coalesce(o, n);
  if array_length(keycols, 1) = 1 then
    k := src ->> keycols[1];
  else
    k := '[' || (select string_agg(coalesce(src -> c, 'null'::jsonb)::text, ',' order by i) from unnest(keycols) with ordinality as u(c, i)) || ']';
  end if;
  insert into change_rows (change_id, tbl, row_key, op, before, after, account_id)
  values (null, TG_TABLE_NAME, k, lower(TG_OP), o::text, n::text, case when acct is null then null else (coalesce(n, o) ->> acct)::bigint end);
  return null;
end
$f$`;

/** The trigger of one table. */
export function triggerSql(t: RecordedTable, all: readonly string[]): string {
  const derived = all.filter((c) => !t.columns.includes(c));
  return `create trigger ${id(PREFIX + t.name)} after insert or update or delete on ${id(t.name)} for each row execute function ${FUNCTION}(${arr(derived)}, ${arr(t.key)}, ${lit(t.accountColumn ?? '')}, ${arr([...UNWATCHED_COLUMNS])})`;
}

export class PostgresRecorder implements ChangeRecorder {
  #label: ChangeLabel | null = null;
  /** whether this database has the log (undefined: not looked yet); a book before migration 0018 has none */
  #hasLog: boolean | undefined;

  /** @param ownTables the engine's own tables (the schema version), never recorded */
  constructor(private readonly ownTables: readonly string[]) {}

  setLabel(label: ChangeLabel): void {
    this.#label = label;
  }

  async pause(db: Db): Promise<void> {
    // local to the transaction: recording resumes with the next one (a savepoint rolled back puts it back too)
    await sql`select set_config('crm.history', 'off', true)`.execute(db);
  }

  async commitEntry(db: Db, note?: EntryNote): Promise<number | null> {
    if (!(await this.#logExists(db))) return null;
    return sealEntry(db, this.#label, note);
  }

  /** Called by the engine inside the outermost write transaction, just before COMMIT. */
  async beforeCommit(db: Db): Promise<void> {
    await this.commitEntry(db);
  }

  async install(db: Db): Promise<void> {
    await this.uninstall(db);
    this.#hasLog = undefined;
    if (!(await this.#logExists(db))) return;
    await sql.raw(FUNCTION_SQL).execute(db);
    const columns = await this.#columns(db);
    for (const t of await this.tables(db)) await sql.raw(triggerSql(t, columns.get(t.name) ?? [])).execute(db);
  }

  async uninstall(db: Db): Promise<void> {
    for (const t of await this.#triggers(db)) await sql.raw(`drop trigger ${id(t.name)} on ${id(t.tbl)}`).execute(db);
  }

  async missing(db: Db): Promise<string[]> {
    if (!(await this.#logExists(db))) return [];
    const have = new Set((await this.#triggers(db)).map((t) => t.name));
    return (await this.tables(db)).filter((t) => !have.has(PREFIX + t.name)).map((t) => t.name);
  }

  async tables(db: Db): Promise<RecordedTable[]> {
    const columns = await this.#columns(db);
    const keys = await sql<{ t: string; cols: string[] }>`
      select c.relname::text as t, array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum)) as cols
        from pg_index i join pg_class c on c.oid = i.indrelid
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
       where i.indisprimary and c.relnamespace = current_schema()::regnamespace
       group by c.relname`.execute(db);
    const pk = new Map(keys.rows.map((r) => [r.t, r.cols]));
    return [...columns.keys()]
      .filter((n) => !UNRECORDED_TABLES.has(n) && !this.ownTables.includes(n))
      .sort()
      .map((name) => {
        const cols = recordedColumns(name, columns.get(name)!);
        const key = pk.get(name);
        return { name, columns: cols, key: key?.length ? key : cols, accountColumn: accountColumnOf(name, cols) };
      });
  }

  async foreignKeys(db: Db): Promise<ForeignKey[]> {
    const r = await sql<ForeignKey>`
      select cl.relname::text as "table", a.attname::text as "column", pc.relname::text as parent, pa.attname::text as "parentColumn",
             case con.confdeltype when 'c' then 'CASCADE' when 'n' then 'SET NULL' when 'd' then 'SET DEFAULT' when 'r' then 'RESTRICT' else 'NO ACTION' end as "onDelete"
        from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid
        join pg_class pc on pc.oid = con.confrelid
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
        join pg_attribute pa on pa.attrelid = con.confrelid and pa.attnum = con.confkey[1]
       where con.contype = 'f' and cl.relnamespace = current_schema()::regnamespace
       order by 1, 2`.execute(db);
    return r.rows;
  }

  /** Every ordinary table of the book with its columns in table order (seen from this transaction). */
  async #columns(db: Db): Promise<Map<string, string[]>> {
    const r = await sql<{ t: string; cols: string[] }>`
      select c.relname::text as t, array_agg(a.attname::text order by a.attnum) as cols
        from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
       group by c.relname`.execute(db);
    return new Map(r.rows.map((x) => [x.t, x.cols]));
  }

  async #logExists(db: Db): Promise<boolean> {
    if (this.#hasLog === undefined) {
      const r = await sql<{ ok: boolean }>`select to_regclass('change_rows') is not null as ok`.execute(db);
      this.#hasLog = r.rows[0]?.ok === true;
    }
    return this.#hasLog;
  }

  async #triggers(db: Db): Promise<{ name: string; tbl: string }[]> {
    const r = await sql<{ name: string; tbl: string }>`
      select t.tgname::text as name, c.relname::text as tbl
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace and t.tgname like ${PREFIX.replace(/_/g, '\\_') + '%'}`.execute(db);
    return r.rows;
  }
}
