import { chmodSync, existsSync, statSync } from 'node:fs';
import type { DbHandle } from '../db/connection.js';
import { backupTo, getUserVersion } from '../db/sqlite.js';

/** An online backup: consistent while other processes write. The copy is owner-only like the original. */
export async function backupDatabase(handle: DbHandle, file: string): Promise<{ file: string; bytes: number }> {
  await backupTo(handle, file);
  chmodSync(file, 0o600);
  return { file, bytes: statSync(file).size };
}

/** Taken automatically before any schema migration, beside the database file. */
export async function backupBeforeMigration(handle: DbHandle): Promise<string | undefined> {
  if (handle.path === ':memory:' || !existsSync(handle.path)) return undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = `${handle.path}.v${getUserVersion(handle)}-${stamp}.bak`;
  await backupDatabase(handle, file);
  return file;
}
