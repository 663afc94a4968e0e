// Which database engine the tests of this run use. `npm test` runs the end-to-end and service
// tests twice (vitest projects "sqlite" and "postgres", see vitest.config.ts): every test file
// runs on both engines with no extra line. What only makes sense for a database file (file modes,
// WAL, a killed process's file, the backup file's internals, better-sqlite3 opened on the book)
// is marked with one word: itSqlite(...) / describeSqlite(...) instead of it / describe.
import { randomBytes } from 'node:crypto';
import { describe, inject, it } from 'vitest';
import { pgCloseSync, pgQuerySync, type PgConn } from './pg-sync.js';

export type EngineName = 'sqlite' | 'postgres';

export const ENGINE: EngineName = process.env.CRM_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = ENGINE === 'postgres';

/** A test that only makes sense for a database file: skipped on PostgreSQL. */
export const itSqlite = it.skipIf(onPostgres);
/** A block of tests that only make sense for a database file: skipped on PostgreSQL. */
export const describeSqlite = describe.skipIf(onPostgres);
/** A test of the server engine only. */
export const itPostgres = it.skipIf(!onPostgres);
export const describePostgres = describe.skipIf(!onPostgres);

export interface PgTestServer extends PgConn {
  /** a database migrated to this crm's schema, cloned for every test database */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: PgTestServer;
  }
}

export function pgServer(): PgTestServer {
  const s = inject('pg');
  if (!s) throw new Error('no test PostgreSQL server: run through vitest (the postgres project starts one)');
  return s;
}

export function pgUrl(database: string): string {
  const s = pgServer();
  return `postgres://${s.user}@${s.host}:${s.port}/${database}`;
}

/** The database name of a test database URL. */
export function pgDatabaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/**
 * A fresh crm database for one test, cloned from the migrated template (about 50 ms): its URL.
 * `empty` gives a database with no schema at all (a first `crm init`).
 */
export function newPgDatabase(opts: { empty?: boolean } = {}): string {
  const s = pgServer();
  const name = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const template = opts.empty ? 'template0' : s.template;
  pgQuerySync(s, 'postgres', `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY${opts.empty ? " ENCODING 'UTF8' LOCALE 'C.UTF-8'" : ''}`);
  return pgUrl(name);
}

/** Drops a test database, whoever is still connected to it. */
export function dropPgDatabase(url: string): void {
  const s = pgServer();
  const name = pgDatabaseOf(url);
  pgCloseSync(s, name);
  pgQuerySync(s, 'postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs SQL on a test database (placeholders ? as in SQLite), synchronously. */
export function pgQuery(url: string, sql: string, params: unknown[] = []): any[] {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  return pgQuerySync(pgServer(), pgDatabaseOf(url), text, params);
}
