import type { Db, Engine } from '../db/engine.js';
import type { Clock } from '../domain/dates.js';
import type { Config } from '../domain/config.js';

/**
 * What every use case needs: the database engine, the Kysely instance to query (the engine's, or
 * the open transaction's inside inTransaction), the clock ("today" may be --as-of) and config.
 */
export interface ServiceContext {
  engine: Engine;
  db: Db;
  clock: Clock;
  config: Config;
}

/**
 * Runs fn in one transaction: a failed command leaves the database as it was. Every write goes
 * through here (and so through Engine.transaction, where a change log can be attached). Called
 * inside an open transaction (a service used by another) it nests, so the outer command stays
 * atomic.
 */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tctx: ServiceContext) => Promise<T>): Promise<T> {
  return ctx.engine.transaction((db) => fn({ ...ctx, db }));
}
