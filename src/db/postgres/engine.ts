// The PostgreSQL engine: a book on a shared server, written by several reps' crm at once.
//
// - Writes: every transaction takes one transaction-scoped advisory lock (the book's write lock)
//   before anything else, as SQLite's BEGIN IMMEDIATE takes its write lock: the code above was
//   written for one writer at a time (read, decide, write; next id; get-or-create) and stays
//   correct. Writers wait for each other up to the lock timeout; the lock goes with the commit.
// - Reads never wait: outside a transaction each query sees the latest commit; readSnapshot and
//   stream run in REPEATABLE READ READ ONLY transactions.
// - A transaction runs on one pinned connection, tracked with AsyncLocalStorage: whatever runs
//   inside it (engine.db, Kysely's own transactions as savepoints) goes to that connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, Kysely, sql } from 'kysely';
import type { pg } from './driver.js';
import type {
  Compilable,
  Db,
  Engine,
  ForeignKeyViolation,
  OpenOptions,
  SqlDialect,
  Statement,
  StoreInfo,
  StoreRequirement,
} from '../engine.js';
import type { Database } from '../schema.js';
import type { BatchWriter } from '../batch.js';
import { PostgresBatchWriter } from './batch-writer.js';
import { connectError, createPool } from './connection.js';
import { copyRows } from './copy-in.js';
import { ColumnFacts, CrmPostgresDialect, PgConnection, type Pinned } from './dialect.js';
import { PostgresRecorder } from './history.js';
import { loadDriver } from './load-driver.js';
import { redactUrl } from './location.js';
import { trigramSearch } from './search-index.js';
import { schemaRequirement, serverRequirements, setUpServer } from './server.js';

const postgresSql: SqlDialect = {
  daysBetween: (a, b) => sql<number>`(extract(epoch from (${b})::timestamptz - (${a})::timestamptz) / 86400.0)`,
};

/** The book's write lock: advisory lock (classid, objid) = ('crm', 1), per database. */
const WRITE_LOCK = 'select pg_advisory_xact_lock(6517357, 1)';
/** How long a writer waits for another before giving up with "busy" (as on SQLite). */
const WRITE_LOCK_WAIT_MS = 120_000;
/** Rows fetched per round trip by forEachRow and rowBatches. */
const CURSOR_ROWS = 5000;
/** The id sequences of the book's tables and the last id each handed out (null: none yet). */
const SEQUENCES = `select format('%I.%I', schemaname, sequencename) as seq, last_value from pg_sequences where schemaname = current_schema()`;
interface SequenceState {
  seq: string;
  last_value: number | string | null;
}
/** The engine's own table: the schema version (SQLite keeps it in user_version). */
const VERSION_TABLE = 'crm_schema';

export class PostgresEngine implements Engine {
  readonly db: Db;
  readonly location: string;
  readonly created: boolean;
  readonly shareable = true;
  readonly search = trigramSearch;
  readonly sql = postgresSql;
  readonly history = new PostgresRecorder([VERSION_TABLE]);
  readonly #pool: pg.Pool;
  readonly #als = new AsyncLocalStorage<Pinned>();
  readonly #lockWaitMs: number;
  readonly #backupDir: string;
  readonly #login: string;
  readonly #dialect: CrmPostgresDialect;
  #savepoints = 0;
  #statements = 0;

  private constructor(location: string, pool: pg.Pool, facts: ColumnFacts, created: boolean, login: string, options: OpenOptions) {
    this.location = location;
    this.#login = login;
    this.#pool = pool;
    this.created = created;
    // database.lockWaitSeconds: on a server every holder is another rep's crm, waited for that long
    this.#lockWaitMs = options.busyTimeoutMs ?? options.lockWaitMs ?? WRITE_LOCK_WAIT_MS;
    this.#backupDir = options.dataDir ?? join(homedir(), '.local', 'share', 'crm');
    this.#dialect = new CrmPostgresDialect(pool, this.#als, facts);
    this.db = new Kysely<Database>({ dialect: this.#dialect });
  }

  /** Connects (so a wrong URL, a refused login or a missing database fail here, said plainly) and reads what the compiler needs. */
  static async open(location: string, options: OpenOptions = {}): Promise<PostgresEngine> {
    await loadDriver();
    const pool = createPool(location, { readonly: options.readonly });
    // an idle connection the server drops must not crash the process
    pool.on('error', () => {});
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => {});
      throw connectError(e, location);
    }
    const facts = new ColumnFacts();
    let created = false;
    let login: string;
    try {
      // one round trip: who this is, and which columns are NOT NULL (for the compiler's ORDER BY)
      const [who, cols] = (await client.query(
        `select current_user as who;
         select c.relname as t, a.attname as c, a.attnotnull as nn
           from pg_attribute a join pg_class c on c.oid = a.attrelid
          where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
      )) as unknown as [pg.QueryResult<{ who: string }>, pg.QueryResult<{ t: string; c: string; nn: boolean }>];
      login = who.rows[0]!.who;
      for (const r of cols.rows) facts.set(r.t, r.c, r.nn);
      created = !cols.rows.some((r) => r.t === VERSION_TABLE);
    } finally {
      client.release();
    }
    return new PostgresEngine(redactUrl(location), pool, facts, created, login, options);
  }

  inTransaction(): boolean {
    return this.#als.getStore() !== undefined;
  }

  async transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.#write(fn, false);
  }

  /** A write transaction, or a savepoint inside the open one; rolled back when `rollback` (a dry run). */
  async #write<T>(fn: (db: Db) => Promise<T>, rollback: boolean): Promise<T> {
    const pinned = this.#als.getStore();
    if (pinned) {
      if (pinned.readOnly) throw new Error('a write inside a read snapshot');
      return this.#savepoint(pinned, fn, rollback);
    }
    return this.#run('write', fn, rollback);
  }

  async schemaTransaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.transaction(async (db) => {
      // one schema change at a time, whoever else writes
      await sql`select pg_advisory_xact_lock(6517357, 2)`.execute(db);
      // Tables belong to the database's owner (a team role the reps are members of), not to the
      // rep who happened to upgrade first: any member can then run the next migration.
      await sql`select set_config('role', pg_get_userbyid(d.datdba), true)
                  from pg_database d
                 where d.datname = current_database() and d.datdba <> (select oid from pg_roles where rolname = current_user)
                   and pg_has_role(current_user, d.datdba, 'MEMBER')`.execute(db);
      return fn(db);
    });
  }

  async dryRun<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.#write(fn, true);
  }

  async readSnapshot<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.#als.getStore()) return fn(this.db);
    return this.#run('read', fn, true);
  }

  async *stream<T>(source: (db: Db) => AsyncIterable<T>): AsyncGenerator<T> {
    if (this.#als.getStore()) {
      yield* source(this.db);
      return;
    }
    const { conn } = await this.#begin('read');
    let ok = false;
    try {
      const it = this.#als.run({ conn, readOnly: true, kyselyDepth: 0 }, () => source(this.db)[Symbol.asyncIterator]());
      for (;;) {
        const step = await this.#als.run({ conn, readOnly: true, kyselyDepth: 0 }, () => it.next());
        if (step.done) break;
        yield step.value;
      }
      ok = true;
    } finally {
      if (ok) await this.#commit(conn);
      else await this.#rollBack(conn, []);
    }
  }

  /**
   * Opens a transaction on a connection of its own. A writer takes the book's write lock first,
   * then marks where its work starts and notes the id sequences: ids a rolled-back write took are
   * handed out again, as SQLite does (see #rollBack).
   */
  async #begin(mode: 'read' | 'write'): Promise<{ conn: PgConnection; sequences: SequenceState[] }> {
    const conn = new PgConnection(await this.#pool.connect());
    try {
      if (mode === 'read') {
        await conn.client.query('start transaction isolation level repeatable read read only');
        return { conn, sequences: [] };
      }
      // one round trip: begin, wait at most the lock timeout, take the write lock, mark, read
      const r = (await conn.client.query(
        `begin; set local lock_timeout = ${Math.max(1, Math.trunc(this.#lockWaitMs))}; ${WRITE_LOCK}; savepoint crm_start; ${SEQUENCES}`,
      )) as unknown as pg.QueryResult<SequenceState>[];
      return { conn, sequences: r[r.length - 1]!.rows };
    } catch (e) {
      await conn.client.query('rollback').catch(() => {});
      conn.client.release();
      throw e;
    }
  }

  async #commit(conn: PgConnection): Promise<void> {
    try {
      await conn.client.query('commit');
    } catch (e) {
      // A failed COMMIT (a deferred constraint) leaves the transaction aborted: end it, then report.
      await conn.client.query('rollback').catch(() => {});
      conn.client.release();
      throw e;
    }
    conn.client.release();
  }

  /**
   * Rolls back. PostgreSQL's sequences do not roll back; SQLite's AUTOINCREMENT counter does, so
   * a failed `account add` there leaves no gap in the ids, and a dry run (the due list computed on
   * the fly) takes the same ids the real run will. With the write lock still held (nobody else
   * can have taken ids meanwhile), the sequences are put back where they were.
   */
  async #rollBack(conn: PgConnection, sequences: SequenceState[]): Promise<void> {
    const c = conn.client;
    try {
      if (sequences.length) {
        await c.query('rollback to savepoint crm_start');
        const now = (await c.query<SequenceState>(SEQUENCES)).rows;
        const was = new Map(sequences.map((x) => [x.seq, x.last_value]));
        for (const x of now) {
          const before = was.get(x.seq);
          if (!was.has(x.seq) || String(before) === String(x.last_value)) continue;
          await c.query('select setval($1::regclass, $2, $3)', before === null || before === undefined ? [x.seq, 1, false] : [x.seq, before, true]);
        }
      }
    } finally {
      await c.query('rollback').catch(() => {});
      c.release();
    }
  }

  async #run<T>(mode: 'read' | 'write', fn: (db: Db) => Promise<T>, rollback: boolean): Promise<T> {
    const { conn, sequences } = await this.#begin(mode);
    let out: T;
    try {
      out = await this.#als.run({ conn, readOnly: mode === 'read', kyselyDepth: 0 }, async () => {
        const r = await fn(this.db);
        // what the transaction changed becomes one history entry, in the same commit
        if (mode === 'write' && !rollback) await this.history.beforeCommit(this.db);
        return r;
      });
    } catch (e) {
      await this.#rollBack(conn, sequences).catch(() => {});
      throw e;
    }
    if (rollback) await this.#rollBack(conn, sequences);
    else await this.#commit(conn);
    return out;
  }

  async #savepoint<T>(pinned: Pinned, fn: (db: Db) => Promise<T>, rollback: boolean): Promise<T> {
    const name = `crm_nested_${++this.#savepoints}`;
    const q = (text: string) => pinned.conn.run((c) => c.query(text));
    await q(`savepoint ${name}`);
    try {
      const out = await fn(this.db);
      if (rollback) await q(`rollback to savepoint ${name}`);
      await q(`release savepoint ${name}`);
      return out;
    } catch (e) {
      await q(`rollback to savepoint ${name}`).catch(() => {});
      await q(`release savepoint ${name}`).catch(() => {});
      throw e;
    } finally {
      this.#savepoints--;
    }
  }

  /** Runs fn with a connection: the open transaction's, or one from the pool for this call. */
  async #withClient<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const pinned = this.#als.getStore();
    if (pinned) return pinned.conn.run(fn);
    const c = await this.#pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  }

  async rows(query: Compilable): Promise<unknown[][]> {
    const q = query.compile();
    return this.#withClient(async (c) => (await c.query({ text: q.sql, values: q.parameters as unknown[], rowMode: 'array' })).rows as unknown[][]);
  }

  async forEachRow(query: Compilable, fn: (row: unknown[]) => void): Promise<void> {
    for await (const batch of this.rowBatches(query)) for (const r of batch) fn(r);
  }

  /** The rows of a select in batches through a cursor: flat memory for a table of any size. */
  async *rowBatches(query: Compilable, size = CURSOR_ROWS): AsyncGenerator<unknown[][]> {
    const q = query.compile();
    const pinned = this.#als.getStore();
    const conn = pinned ? pinned.conn : new PgConnection(await this.#pool.connect());
    try {
      yield* conn.cursor<unknown[]>(q.sql, q.parameters as unknown[], size, 'array');
    } finally {
      if (!pinned) conn.client.release();
    }
  }

  prepare(query: Compilable): Statement {
    const text = this.#dialect.compileUntyped(() => query.compile()).sql;
    // a named statement is parsed and planned once per connection, then only bound and run
    const name = `crm_stmt_${++this.#statements}`;
    return {
      run: (p) => this.#withClient(async (c) => (await c.query({ name, text, values: p as unknown[] })).rowCount ?? 0),
      get: <T>(p: readonly unknown[]) => this.#withClient(async (c) => (await c.query({ name, text, values: p as unknown[] })).rows[0] as T | undefined),
    };
  }

  bulkWrite(_bytes: number): () => void {
    return () => {};
  }

  async schemaVersion(): Promise<number> {
    return this.#withClient(async (c) => {
      const t = await c.query<{ present: boolean }>(`select to_regclass('${VERSION_TABLE}') is not null as present`);
      if (!t.rows[0]?.present) return 0;
      const r = await c.query<{ version: number }>(`select version from ${VERSION_TABLE}`);
      return Number(r.rows[0]?.version ?? 0);
    });
  }

  async setSchemaVersion(version: number): Promise<void> {
    const v = Math.trunc(version);
    await this.transaction(async () => {
      await this.#withClient(async (c) => {
        await c.query(`create table if not exists ${VERSION_TABLE} (version integer not null)`);
        await c.query(`delete from ${VERSION_TABLE}`);
        await c.query(`insert into ${VERSION_TABLE} (version) values ($1)`, [v]);
      });
    });
  }

  async tables(): Promise<string[]> {
    const r = await this.#withClient((c) =>
      c.query<{ name: string }>(
        `select c.relname as name from pg_class c where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and c.relname <> $1 order by 1`,
        [VERSION_TABLE],
      ),
    );
    return r.rows.map((x) => x.name);
  }

  async integrity(): Promise<string[]> {
    // PostgreSQL has no whole-database check like SQLite's integrity_check; what can go wrong
    // that crm can see is an index left invalid.
    const r = await this.#withClient((c) =>
      c.query<{ name: string }>(
        `select i.indexrelid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid
          where c.relnamespace = current_schema()::regnamespace and not i.indisvalid order by 1`,
      ),
    );
    return r.rows.map((x) => `index ${x.name} is invalid; rebuild it with REINDEX INDEX ${x.name}`);
  }

  async foreignKeyViolations(): Promise<ForeignKeyViolation[]> {
    // PostgreSQL checks foreign keys on every write and has no switch to turn them off.
    return [];
  }

  async repairForeignKey(): Promise<boolean> {
    return false;
  }

  async requirements(): Promise<StoreRequirement[]> {
    return this.#withClient((c) => serverRequirements(c));
  }

  async setUp(): Promise<StoreRequirement[]> {
    const fresh = (await this.schemaVersion()) === 0;
    return this.#withClient(async (c) => [...(await setUpServer(c)), ...(fresh ? [await schemaRequirement(c)] : [])]);
  }

  async info(): Promise<StoreInfo> {
    return this.#withClient(async (c) => {
      const r = await c.query<{ v: string; size: number; db: string; who: string; ctype: string; trgm: string | null; addr: string | null; port: number | null }>(
        `select current_setting('server_version') as v, pg_database_size(current_database()) as size, current_database() as db,
                current_user as who, d.datctype as ctype, (select extversion from pg_extension where extname = 'pg_trgm') as trgm,
                inet_server_addr()::text as addr, inet_server_port() as port
           from pg_database d where d.datname = current_database()`,
      );
      const x = r.rows[0]!;
      return {
        version: `PostgreSQL ${x.v.split(' ')[0]}`,
        sizeBytes: Number(x.size),
        walBytes: null,
        details: [
          ['database', x.db],
          ['login', x.who],
          ['ctype', x.ctype],
          ['pg_trgm', x.trgm ?? 'missing'],
        ],
      };
    });
  }

  async login(): Promise<string> {
    return this.#login;
  }

  async deferConstraints(db: Db): Promise<void> {
    await sql`set constraints all deferred`.execute(db);
  }

  async idSequences(db: Db): Promise<Record<string, number>> {
    const r = await sql<{ t: string; c: string; seq: string }>`
      select c.relname as t, a.attname as c, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
        from pg_attribute a join pg_class c on c.oid = a.attrelid
       where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and a.attidentity <> '' and a.attnum > 0`.execute(db);
    const out: Record<string, number> = {};
    for (const x of r.rows) {
      // last_value is only meaningful once the sequence was used (is_called)
      const s = await sql<{ v: number; called: boolean }>`select last_value as v, is_called as called from ${sql.raw(x.seq)}`.execute(db);
      const row = s.rows[0];
      out[x.t] = row && row.called ? Number(row.v) : 0;
    }
    return out;
  }

  async setIdSequences(db: Db, last: Record<string, number>): Promise<void> {
    const r = await sql<{ t: string; c: string }>`
      select c.relname as t, a.attname as c from pg_attribute a join pg_class c on c.oid = a.attrelid
       where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and a.attidentity <> '' and a.attnum > 0`.execute(db);
    for (const x of r.rows) {
      // the next id after both what the source handed out and what the table holds
      const max = await sql<{ m: number | null }>`select max(${sql.ref(x.c)}) as m from ${sql.table(x.t)}`.execute(db);
      const next = Math.max(last[x.t] ?? 0, Number(max.rows[0]?.m ?? 0));
      await sql`select setval(pg_get_serial_sequence(${x.t}, ${x.c}), ${Math.max(next, 1)}, ${next > 0})`.execute(db);
    }
  }

  async batchWriter(db: Db): Promise<BatchWriter> {
    if (!this.inTransaction()) throw new Error('batchWriter() needs an open transaction');
    return PostgresBatchWriter.open(db, (d, t, c, r) => this.insertRows(d, t, c, r));
  }

  async insertRows(_db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (!rows.length) return;
    await this.#withClient((c) => copyRows(c, table, columns, rows));
  }

  async backupTo(file: string): Promise<void> {
    const { backupToFile } = await import('../copy.js');
    await backupToFile(this, file);
  }

  backupBase(): { dir: string; name: string } {
    let name = 'crm';
    try {
      name = decodeURIComponent(new URL(this.location).pathname.slice(1)) || 'crm';
    } catch {
      // keep the default
    }
    return { dir: this.#backupDir, name: `${name.replace(/[^\w.-]+/g, '_')}.db` };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
