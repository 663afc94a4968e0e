// Opening a SQLite file: owner-only creation, the pragmas every connection needs, and the driver
// addon loaded from its path.
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenOptions } from '../engine.js';

export type RawDb = BetterSqlite3.Database;
export type RawStatement = BetterSqlite3.Statement;

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

/** A bare driver connection (no pragmas): for backup checks and copies. */
export function openRaw(file: string, options: BetterSqlite3.Options = {}): RawDb {
  const binding = nativeBinding();
  return new BetterSqlite3(file, { ...options, ...(binding ? { nativeBinding: binding } : {}) });
}

/** The connection crm works on: created owner-only if missing, WAL, a busy timeout, foreign keys on. */
export function openConnection(path: string, options: OpenOptions = {}): { raw: RawDb; created: boolean } {
  let created = false;
  if (path !== ':memory:' && !existsSync(path)) {
    created = createOwnerOnly(path);
  }
  const raw = openRaw(path, { fileMustExist: path !== ':memory:' });
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10000}`);
  if (path !== ':memory:') raw.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('temp_store = MEMORY');
  return { raw, created };
}
