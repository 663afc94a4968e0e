import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Database } from './schema.js';
import { ImmediateSqliteDialect } from './sqlite.js';

export type Db = Kysely<Database>;

/**
 * An open database. `db` is the Kysely instance every query goes through; `raw` is the driver,
 * used only by the SQLite seam (sqlite.ts) for what has no portable form: pragmas, online backup,
 * prepared bulk statements.
 */
export interface DbHandle {
  db: Db;
  raw: BetterSqlite3.Database;
  path: string;
  created: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly?: boolean;
  /** milliseconds to wait on a lock held by another process before giving up */
  busyTimeoutMs?: number;
}

/** Creates the file owner-only (0600) before SQLite touches it; SQLite then gives -wal/-shm the same mode. */
function createOwnerOnly(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
    return true;
  } catch (e) {
    // Another crm created it a moment ago (two cron jobs on first use): use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

// better-sqlite3 finds its addon through the `bindings` package, which probes a dozen paths and
// walks a stack trace on every start. Pointing it at the compiled addon directly saves that.
let addonPath: string | null | undefined;
function nativeBinding(): string | undefined {
  if (addonPath === undefined) {
    try {
      const dir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const p = join(dir, 'build', 'Release', 'better_sqlite3.node');
      addonPath = existsSync(p) ? p : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}

/** A bare driver connection (no pragmas): for backup checks and copies in the SQLite seam. */
export function openRaw(file: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  const binding = nativeBinding();
  return new BetterSqlite3(file, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  let created = false;
  if (path !== ':memory:' && !existsSync(path)) {
    created = createOwnerOnly(path);
  }
  const binding = nativeBinding();
  const raw = new BetterSqlite3(path, { fileMustExist: path !== ':memory:', ...(binding ? { nativeBinding: binding } : {}) });
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10000}`);
  if (path !== ':memory:') raw.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
  return {
    db,
    raw,
    path,
    created,
    close: async () => {
      await db.destroy();
    },
  };
}
