// vitest globalSetup of the postgres project: one throwaway server for the whole run, with a
// template database migrated by crm itself, stopped and removed at the end (also on failure).
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openEngine } from '../../src/db/open.js';
import { pgQuerySync } from './pg-sync.js';
import { startPgServer, type PgServer } from './postgres-server.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server: PgServer = await startPgServer({ fast: true });
  const stopOnExit = () => {
    void server.stop();
  };
  process.once('SIGINT', stopOnExit);
  process.once('SIGTERM', stopOnExit);
  try {
    const conn = { host: server.host, port: server.port, user: server.user, password: server.password };
    pgQuerySync(conn, 'postgres', 'CREATE DATABASE crm_template');
    // crm takes the password from PGPASSWORD; so do the crm processes the tests start
    process.env.PGPASSWORD = server.password;
    const engine = await openEngine(server.url('crm_template'));
    try {
      await migrateToLatest(engine);
    } finally {
      await engine.close();
    }
    project.provide('pg', { ...conn, template: 'crm_template' });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return async () => {
    process.off('SIGINT', stopOnExit);
    process.off('SIGTERM', stopOnExit);
    await server.stop();
  };
}
