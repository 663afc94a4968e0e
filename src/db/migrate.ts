import { Migrator, type MigrationResultSet } from 'kysely';
import type { DbHandle } from './connection.js';
import { migrations } from './migrations/index.js';
import { getUserVersion, inWriteTransaction, setUserVersion } from './sqlite.js';

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

export async function migrateToLatest(handle: DbHandle): Promise<MigrateOutcome> {
  const from = getUserVersion(handle);
  if (from > SCHEMA_VERSION) {
    throw new MigrationError(
      `database schema version ${from} is newer than this crm (${SCHEMA_VERSION}); upgrade crm`,
    );
  }
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
    const r = await migrator.migrateToLatest();
    if (r.error) {
      const failed = r.results?.find((x) => x.status === 'Error');
      const why = r.error instanceof Error ? r.error.message : String(r.error);
      throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${why}`);
    }
    setUserVersion(handle, SCHEMA_VERSION);
    return r;
  });
  return {
    from,
    to: SCHEMA_VERSION,
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
