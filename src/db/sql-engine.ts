// Which SQL a Kysely instance speaks, for the few schema statements that have no portable form
// (the search index; triggers). Migrations get only a Kysely instance, so they ask it here;
// queries never do: they go through the Engine.
import { PostgresAdapter, type Kysely } from 'kysely';
import { createPostgresSearchIndex } from './postgres/search-index.js';
import { createSearchIndex as createSqliteSearchIndex } from './sqlite/search-index.js';

export type SqlEngine = 'sqlite' | 'postgres';

export function sqlEngineOf(db: Kysely<any>): SqlEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Creates the search index table of the engine (FTS5 on SQLite, pg_trgm on PostgreSQL). */
export async function createSearchIndex(db: Kysely<any>): Promise<void> {
  if (sqlEngineOf(db) === 'postgres') await createPostgresSearchIndex(db);
  else await createSqliteSearchIndex(db);
}
