import { rmSync } from 'node:fs';
import { copyBook } from '../db/copy.js';
import type { Engine } from '../db/engine.js';
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
  /** what else the store says of itself (a server: database, login, ctype, pg_trgm) */
  store: Record<string, string>;
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
    store: Object.fromEntries(store.details ?? []),
    counts,
  };
}

export interface CopyOutcome {
  from: string;
  to: string;
  /** rows copied per table (tables with none left out) */
  rows: Record<string, number>;
  searchEntries: number;
}

/**
 * Copies the whole book in `from` into `to` (a new file, or an empty database on a server), ids
 * and id sequences kept, in one transaction on `to`. A file this copy created is removed again if
 * the copy fails, so a failed copy leaves nothing behind.
 */
export async function copyDatabase(from: Engine, to: Engine): Promise<CopyOutcome> {
  try {
    const r = await copyBook(from, to);
    return { from: from.location, to: to.location, rows: Object.fromEntries(Object.entries(r.rows).filter(([, n]) => n > 0)), searchEntries: r.searchEntries };
  } catch (e) {
    if (to.created && to.files) {
      const paths = to.files.paths();
      await to.close();
      for (const p of paths) rmSync(p, { force: true });
    }
    throw e;
  }
}
