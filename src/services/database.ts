import { SCHEMA_VERSION } from '../db/migrate.js';
import { countRows } from '../db/repositories/checks.js';
import type { ServiceContext } from './context.js';

const COUNTED = [
  'accounts', 'contacts', 'contact_points', 'deals', 'interactions', 'orders', 'promises', 'complaints',
  'surveys', 'import_batches', 'reps', 'visit_plans',
] as const;

export interface DbInfo {
  /** where the data is: a file path (or a server URL without its password) */
  path: string;
  /** null where a size means nothing (a server) */
  sizeBytes: number | null;
  walBytes: number | null;
  schemaVersion: number;
  latestSchemaVersion: number;
  /** the engine and its version, e.g. "SQLite 3.46.1" (the key keeps its first name for scripts) */
  sqliteVersion: string;
  counts: Record<string, number>;
}

export async function dbInfo(ctx: ServiceContext): Promise<DbInfo> {
  const counts: Record<string, number> = {};
  for (const t of COUNTED) counts[t] = await countRows(ctx.db, t);
  const store = await ctx.engine.info();
  return {
    path: ctx.engine.location,
    sizeBytes: store.sizeBytes,
    walBytes: store.walBytes,
    schemaVersion: await ctx.engine.schemaVersion(),
    latestSchemaVersion: SCHEMA_VERSION,
    sqliteVersion: store.version,
    counts,
  };
}
