// SQL straight on a test's book, behind crm's back (seeding rows, checking what a command wrote),
// on either engine: the part of better-sqlite3's API the tests use. On SQLite it is better-sqlite3
// itself; on PostgreSQL the same calls run synchronously on the test server (placeholders ? become
// $1, $2…; an INSERT reports the id it made as lastInsertRowid).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { pgQuery } from './engines.js';

export interface BookStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number };
  get(...params: unknown[]): any;
  all(...params: unknown[]): any[];
  /** rows as arrays */
  raw(): { all(...params: unknown[]): unknown[][] };
}

export interface Book {
  prepare(sql: string): BookStatement;
  /** runs one statement: its rows if it returns any, else [] */
  query(sql: string, params?: unknown[]): any[];
  exec(sql: string): void;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** the ordinary tables of the book, sorted */
  tables(): string[];
  /** 'ok', or the store's first complaint (SQLite's integrity_check; on a server, invalid indexes) */
  integrity(): string;
  /** SQLite only: a pragma, as better-sqlite3 runs it */
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  close(): void;
}

const isServer = (location: string) => /^postgres(ql)?:/.test(location);

function flat(params: unknown[]): unknown[] {
  // better-sqlite3 accepts run(a, b) and run([a, b]) alike
  return params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
}

class ServerBook implements Book {
  constructor(private readonly url: string) {}

  prepare(sql: string): BookStatement {
    const q = (params: unknown[]) => pgQuery(this.url, sql, flat(params).map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    const insert = /^\s*insert\s/i.test(sql) && !/\breturning\b/i.test(sql);
    return {
      run: (...params) => {
        if (!insert) {
          const rows = q(params);
          return { changes: rows.length, lastInsertRowid: 0 };
        }
        const rows = pgQuery(this.url, `${sql.replace(/;\s*$/, '')} RETURNING *`, flat(params));
        return { changes: rows.length, lastInsertRowid: Number(rows[rows.length - 1]?.id ?? 0) };
      },
      get: (...params) => q(params)[0],
      all: (...params) => q(params),
      raw: () => ({ all: (...params) => q(params).map((r) => Object.values(r)) }),
    };
  }

  query(sql: string, params: unknown[] = []): any[] {
    return pgQuery(this.url, sql, params);
  }

  exec(sql: string): void {
    pgQuery(this.url, sql);
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      this.exec('BEGIN');
      try {
        const r = fn(...args);
        this.exec('COMMIT');
        return r;
      } catch (e) {
        this.exec('ROLLBACK');
        throw e;
      }
    };
  }

  tables(): string[] {
    return pgQuery(this.url, `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind = 'r' order by 1`).map((r) => r.name as string);
  }

  integrity(): string {
    const bad = pgQuery(this.url, `select indexrelid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid where c.relnamespace = current_schema()::regnamespace and not i.indisvalid`);
    return bad.length ? `invalid index ${bad[0].name}` : 'ok';
  }

  pragma(sql: string): unknown {
    throw new Error(`PRAGMA ${sql}: a SQLite-only test ran on PostgreSQL (mark it itSqlite)`);
  }

  close(): void {}
}

class FileBook implements Book {
  readonly #db: Database.Database;
  constructor(path: string, readonly: boolean) {
    this.#db = new Database(path, { readonly, fileMustExist: true });
  }
  prepare(sql: string): BookStatement {
    const st = this.#db.prepare(sql);
    return {
      run: (...params) => {
        const r = st.run(...(params as never[]));
        return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
      },
      get: (...params) => st.get(...(params as never[])),
      all: (...params) => st.all(...(params as never[])),
      raw: () => ({ all: (...params) => st.raw(true).all(...(params as never[])) as unknown[][] }),
    };
  }
  query(sql: string, params: unknown[] = []): any[] {
    const st = this.#db.prepare(sql);
    if (st.reader) return st.all(...(params as never[]));
    st.run(...(params as never[]));
    return [];
  }
  exec(sql: string): void {
    this.#db.exec(sql);
  }
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return this.#db.transaction(fn) as unknown as (...args: A) => R;
  }
  tables(): string[] {
    return (this.#db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map((r) => r.name);
  }
  integrity(): string {
    return this.#db.pragma('integrity_check', { simple: true }) as string;
  }
  pragma(sql: string, opts: { simple?: boolean } = {}): unknown {
    return this.#db.pragma(sql, opts);
  }
  close(): void {
    this.#db.close();
  }
}

/** Opens the book at `location` (a file path or a test server URL) for SQL behind crm's back. */
export function openBook(location: string, opts: { readonly?: boolean } = {}): Book {
  return isServer(location) ? new ServerBook(location) : new FileBook(location, !!opts.readonly);
}

/** A hash of every row of every crm table: equal before and after means nothing was written. */
export function bookFingerprint(location: string): string {
  const book = openBook(location, { readonly: true });
  try {
    const h = createHash('sha256');
    for (const name of book.tables()) {
      if (/^(search_index|crm_schema)/.test(name)) continue;
      const rows = book.prepare(`select * from "${name}"`).raw().all().map((r) => JSON.stringify(r)).sort();
      h.update(name + JSON.stringify(rows));
    }
    return h.digest('hex');
  } finally {
    book.close();
  }
}
