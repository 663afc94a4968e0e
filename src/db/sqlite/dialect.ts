// Kysely's SQLite dialect, with transactions that take the write lock up front.
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * How long a command waits in total for another process's write transaction to finish before it
 * gives up with "the database is busy". busy_timeout covers one attempt; BEGIN IMMEDIATE is then
 * retried, which is safe because nothing has been done yet.
 */
export const WRITE_LOCK_WAIT_MS = 120_000;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. Under WAL a deferred
 * transaction that reads and then writes cannot wait for the write lock: if another process
 * committed in between, SQLite fails at once with SQLITE_BUSY (busy_timeout does not help).
 * crm opens its transactions through the engine (BEGIN IMMEDIATE); this keeps a transaction
 * opened through Kysely itself (`db.transaction()`) just as safe.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // better-sqlite3 runs synchronously, so the promise has settled by the time executeQuery returns;
    // a thrown SQLITE_BUSY is surfaced through the rejected promise and retried.
    const deadline = Date.now() + WRITE_LOCK_WAIT_MS;
    for (;;) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (e) {
        if (!isBusy(e) || Date.now() >= deadline) throw e;
      }
    }
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
