// Services in-process against a real migrated database, one per test (as Kysely's example app
// does): the fast way to test a use case, its transaction and its queries without the CLI.
//
//   const t = useTestContext({ today: '2026-06-01' });
//   it('...', async () => { const id = await addAccount(t.ctx, { name: 'Acme' }); ... });
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Engine, MigrationOptions } from '../../src/db/engine.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openEngine } from '../../src/db/open.js';
import { DEFAULT_CONFIG, type Config } from '../../src/domain/config.js';
import { fixedClock } from '../../src/domain/dates.js';
import type { ServiceContext } from '../../src/services/context.js';
import { dropPgDatabase, ENGINE, newPgDatabase } from './engines.js';

export interface TestContextOptions {
  /** what "today" is (default 2026-06-01) */
  today?: string;
  config?: Config;
  /** more migrations, or a hook before they commit */
  migrations?: MigrationOptions;
  /** leave the database empty (schema version 0) instead of migrating it */
  migrate?: boolean;
}

export interface TestContext {
  /** the service context on a fresh database */
  ctx: ServiceContext;
  engine: Engine;
  /** the folder of this test's database (removed afterwards) */
  dir: string;
  /** the book: a database file, or a test server database's URL (PostgreSQL runs) */
  path: string;
  /** the same context on another day */
  on(date: string): ServiceContext;
  close(): Promise<void>;
}

/** Opens a fresh, migrated database in a temporary folder. Close it when done. */
export async function openTestContext(opts: TestContextOptions = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-ctx-'));
  const onServer = ENGINE === 'postgres';
  // the template is migrated already; a test of migrations starts from an empty database
  const path = onServer ? newPgDatabase({ empty: opts.migrate === false || !!opts.migrations }) : join(dir, 'crm.db');
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    if (onServer) dropPgDatabase(path);
  };
  const engine = await openEngine(path, { dataDir: dir });
  try {
    if (opts.migrate !== false) await migrateToLatest(engine, opts.migrations);
  } catch (e) {
    await engine.close();
    remove();
    throw e;
  }
  const ctx: ServiceContext = { engine, db: engine.db, clock: fixedClock(opts.today ?? '2026-06-01'), config: opts.config ?? DEFAULT_CONFIG };
  return {
    ctx,
    engine,
    dir,
    path,
    on: (date) => ({ ...ctx, clock: fixedClock(date) }),
    close: async () => {
      await engine.close();
      remove();
    },
  };
}

/**
 * A fresh database for every test of the calling describe block: read `.ctx`, `.engine`... inside
 * a test (they change from one test to the next).
 */
export function useTestContext(opts: TestContextOptions = {}): TestContext {
  let current: TestContext | undefined;
  const get = () => {
    if (!current) throw new Error('useTestContext: read it inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await openTestContext(opts);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get ctx() {
      return get().ctx;
    },
    get engine() {
      return get().engine;
    },
    get dir() {
      return get().dir;
    },
    get path() {
      return get().path;
    },
    on: (date) => get().on(date),
    close: async () => get().close(),
  };
}
