// Opening a SQLite file: owner-only creation, the pragmas every connection needs, and the driver
// addon loaded from its path.
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, linkSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenOptions } from '../engine.js';
import { StoreError } from '../errors.js';

export type RawDb = BetterSqlite3.Database;
export type RawStatement = BetterSqlite3.Statement;

/**
 * Creates the database file owner-only (0600; SQLite gives -wal/-shm the same mode). It is made
 * under a private name and linked into place with its first page written, so no process ever sees
 * an empty file at the database's path: an empty file there is someone else's (see openConnection).
 * Returns false when another crm created it a moment ago (two cron jobs on first use): use theirs.
 */
function createDatabaseFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fresh = `${path}.new-${process.pid}`;
  closeSync(openSync(fresh, 'w', 0o600));
  try {
    // WAL mode is recorded in the file's first page: after this the file is a database, not empty.
    const d = openRaw(fresh);
    try {
      d.pragma('journal_mode = WAL');
    } finally {
      d.close();
    }
    try {
      linkSync(fresh, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    rmSync(fresh, { force: true });
  }
}

/**
 * A database file of 0 bytes was not made by crm (see createDatabaseFile): a failed copy, a
 * truncated download, `touch`. Opening it would silently start a new empty book in its place.
 */
function refuseEmptyFile(path: string): void {
  if (statSync(path).size > 0) return;
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return;
  throw new StoreError('empty', path);
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

/** A bare driver connection (no pragmas): for backup checks and copies. */
export function openRaw(file: string, options: BetterSqlite3.Options = {}): RawDb {
  const binding = nativeBinding();
  return new BetterSqlite3(file, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

/** How long one statement waits inside SQLite for a lock (a reader during a checkpoint, say). */
export const BUSY_TIMEOUT_MS = 10_000;

/** The connection crm works on: created owner-only if missing, WAL, a busy timeout, foreign keys on. */
export function openConnection(path: string, options: OpenOptions = {}): { raw: RawDb; created: boolean } {
  let created = false;
  if (path !== ':memory:') {
    if (!existsSync(path)) created = createDatabaseFile(path);
    if (!created) refuseEmptyFile(path);
  }
  const raw = openRaw(path, { fileMustExist: path !== ':memory:' });
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
  if (path !== ':memory:') raw.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('temp_store = MEMORY');
  return { raw, created };
}
