import { Migrator, type MigrationResultSet } from 'kysely';
import type { DbHandle } from './connection.js';
import { migrations } from './migrations/index.js';
import { closeSync, openSync } from 'node:fs';
import { getUserVersion, inWriteTransaction, setUserVersion, userTables } from './sqlite.js';

export const SCHEMA_VERSION = Object.keys(migrations).length;

export interface MigrateOutcome {
  from: number;
  to: number;
  applied: string[];
}

/** True when the database needs migrations: a cheap pragma read, so every command can ask. */
export function needsMigration(handle: DbHandle): boolean {
  return getUserVersion(handle) !== SCHEMA_VERSION;
}

export class MigrationError extends Error {}

function checkVersion(handle: DbHandle, from: number): void {
  if (from > SCHEMA_VERSION) {
    throw new MigrationError(
      `database schema version ${from} is newer than this crm (${SCHEMA_VERSION}); upgrade crm`,
    );
  }
  // Version 0 with tables of its own is some other program's SQLite file: never add ours to it.
  if (from === 0 && userTables(handle).some((t) => !t.startsWith('kysely_'))) {
    throw new MigrationError(`${handle.path} is not a crm database (it has tables of another program); check --db / CRM_DB`);
  }
}

export async function migrateToLatest(handle: DbHandle): Promise<MigrateOutcome> {
  checkVersion(handle, getUserVersion(handle));
  let from = 0;
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
    // Migrations are independent of each other; a database built on a branch may have applied a
    // later-numbered one first.
    allowUnorderedMigrations: true,
  });
  // SQLite can roll back DDL, but Kysely's migrator does not open a transaction on SQLite: do it
  // here, so an interrupted or failed migration leaves the schema exactly as it was.
  const result: MigrationResultSet = await inWriteTransaction(handle, async () => {
    // Read again under the write lock: another crm may have migrated while this one waited.
    from = getUserVersion(handle);
    checkVersion(handle, from);
    const r = await migrator.migrateToLatest();
    if (r.error) {
      const failed = r.results?.find((x) => x.status === 'Error');
      const why = r.error instanceof Error ? r.error.message : String(r.error);
      throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${why}`);
    }
    setUserVersion(handle, SCHEMA_VERSION);
    testPauseBeforeCommit();
    return r;
  });
  return {
    from,
    to: SCHEMA_VERSION,
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}

/**
 * Test-only hook for the crash-safety test: with CRM_TEST_PAUSE_IN_MIGRATION=FILE the migration
 * creates FILE once its changes are made but not committed, then waits, so the test can SIGKILL
 * the process at the worst moment. Unset in normal use.
 */
function testPauseBeforeCommit(): void {
  const marker = process.env.CRM_TEST_PAUSE_IN_MIGRATION;
  if (!marker) return;
  closeSync(openSync(marker, 'w'));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
}
