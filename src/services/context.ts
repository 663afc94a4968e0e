import type { Db, DbHandle } from '../db/connection.js';
import type { Clock } from '../domain/dates.js';
import type { Config } from '../domain/config.js';

/** What every use case needs: the open database, the clock ("today" may be --as-of) and config. */
export interface ServiceContext {
  handle: DbHandle;
  db: Db;
  clock: Clock;
  config: Config;
}

/** Runs fn in one transaction: a failed command leaves the database as it was. */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tctx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
