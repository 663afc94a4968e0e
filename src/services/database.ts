import { existsSync, statSync } from 'node:fs';
import { SCHEMA_VERSION } from '../db/migrate.js';
import { engineVersion, getUserVersion } from '../db/sqlite.js';
import type { ServiceContext } from './context.js';

const COUNTED = [
  'accounts', 'contacts', 'contact_points', 'deals', 'interactions', 'orders', 'promises', 'complaints',
  'surveys', 'import_batches', 'reps', 'visit_plans',
] as const;

export interface DbInfo {
  path: string;
  sizeBytes: number;
  walBytes: number;
  schemaVersion: number;
  latestSchemaVersion: number;
  sqliteVersion: string;
  counts: Record<string, number>;
}

export async function dbInfo(ctx: ServiceContext): Promise<DbInfo> {
  const path = ctx.handle.path;
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  const counts: Record<string, number> = {};
  for (const t of COUNTED) {
    const r = await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[t] = Number(r.n);
  }
  return {
    path,
    sizeBytes: size(path),
    walBytes: size(`${path}-wal`),
    schemaVersion: getUserVersion(ctx.handle),
    latestSchemaVersion: SCHEMA_VERSION,
    sqliteVersion: engineVersion(ctx.handle),
    counts,
  };
}
