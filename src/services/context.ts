import type { Db, DbHandle } from '../db/connection.js';
import { inOpenTransaction } from '../db/sqlite.js';
import type { Clock } from '../domain/dates.js';
import type { Config } from '../domain/config.js';

/** What every use case needs: the open database, the clock ("today" may be --as-of) and config. */
export interface ServiceContext {
  handle: DbHandle;
  db: Db;
  clock: Clock;
  config: Config;
}

/**
 * Runs fn in one transaction: a failed command leaves the database as it was. The transaction
 * takes the write lock up front (BEGIN IMMEDIATE, see sqlite.ts), waiting for other crm processes
 * instead of failing. Called inside an open transaction (a service used by another, or by a bulk
 * import holding inWriteTransaction) it joins that one, so the outer command stays atomic.
 */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tctx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction || inOpenTransaction(ctx.handle)) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
