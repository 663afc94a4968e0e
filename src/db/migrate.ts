import { Migrator, type MigrationResultSet } from 'kysely';
import type { Engine, MigrationOptions, StoreRequirement } from './engine.js';
import { UnusableStoreError } from './errors.js';
import { migrations } from './migrations/index.js';

export const SCHEMA_VERSION = Object.keys(migrations).length;

export interface MigrateOutcome {
  from: number;
  to: number;
  applied: string[];
}

export class MigrationError extends Error {}

/** The schema version this crm (with any extra migrations given) brings a database to. */
export function latestVersion(opts: MigrationOptions = {}): number {
  return SCHEMA_VERSION + Object.keys(opts.extra ?? {}).length;
}

/** True when the database needs migrations: a cheap read, so every command can ask. */
export async function needsMigration(engine: Engine, opts: MigrationOptions = {}): Promise<boolean> {
  return (await engine.schemaVersion()) !== latestVersion(opts);
}

async function checkVersion(engine: Engine, from: number, latest: number): Promise<void> {
  if (from > latest) {
    throw new MigrationError(`database schema version ${from} is newer than this crm (${latest}); upgrade crm`);
  }
  // Version 0 with tables of its own is some other program's database: never add ours to it.
  if (from === 0 && (await engine.tables()).some((t) => !t.startsWith('kysely_'))) {
    throw new MigrationError(`${engine.location} is not a crm database (it has tables of another program); check --db / CRM_DB`);
  }
}

/** The first requirement a store misses, as an error saying what to do. */
export function requirementError(engine: Engine, missing: readonly StoreRequirement[]): UnusableStoreError {
  const first = missing[0]!;
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more: crm init lists them)` : '';
  return new UnusableStoreError(`${engine.location}: ${first.what} is not as crm needs it (found ${first.found})${more}`, first.fix);
}

export async function migrateToLatest(engine: Engine, opts: MigrationOptions = {}): Promise<MigrateOutcome> {
  const all = { ...migrations, ...(opts.extra ?? {}) };
  const latest = latestVersion(opts);
  const before = await engine.schemaVersion();
  await checkVersion(engine, before, latest);
  // A new book on a server: what it needs (encoding, pg_trgm, the right to create tables) is
  // checked, and created where it can be, before any table is.
  if (before === 0) {
    const missing = (await engine.setUp()).filter((r) => !r.ok);
    if (missing.length) throw requirementError(engine, missing);
  }
  let from = 0;
  const migrator = new Migrator({
    db: engine.db,
    provider: { getMigrations: async () => all },
    // Migrations are independent of each other; a database built on a branch may have applied a
    // later-numbered one first.
    allowUnorderedMigrations: true,
  });
  // Kysely's migrator does not open a transaction on SQLite: the engine's does, so an interrupted
  // or failed migration leaves the schema exactly as it was. Two crm upgrading at once (two reps
  // on one server) take turns: the second finds the work done.
  const result: MigrationResultSet = await engine.schemaTransaction(async () => {
    // Read again under the write lock: another crm may have migrated while this one waited.
    from = await engine.schemaVersion();
    await checkVersion(engine, from, latest);
    // the history's recording comes off while tables change, and is generated again from the
    // new schema afterwards: data a migration rewrites is not a user's change, and new tables and
    // columns are recorded from the start
    await engine.history.uninstall(engine.db);
    const r = await migrator.migrateToLatest();
    if (r.error) {
      const failed = r.results?.find((x) => x.status === 'Error');
      const why = r.error instanceof Error ? r.error.message : String(r.error);
      throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${why}`);
    }
    await opts.afterMigrations?.(engine.db);
    await engine.history.install(engine.db);
    await engine.setSchemaVersion(latest);
    opts.beforeCommit?.();
    return r;
  });
  return {
    from,
    to: latest,
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
