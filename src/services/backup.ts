// Backups and restores of the database file. All copies go through SQLite's online backup, so they
// are consistent while other crm processes write, and every file made here is owner-only.
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { DbHandle } from '../db/connection.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import { backupTo, copyDatabaseInto, getUserVersion, inspectDatabaseFile, makeSelfContained } from '../db/sqlite.js';
import { CrmError, InputError } from '../domain/errors.js';

/** A file-name-safe UTC timestamp: 20261122-135501. */
export function fileStamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** Creates `file` empty and owner-only, so no other user can read it even for a moment. */
function createPrivate(file: string, overwrite: boolean): void {
  if (existsSync(file)) {
    if (!overwrite) throw new CrmError(`${file} already exists`, 'give another file name, or --force to overwrite it');
    chmodSync(file, 0o600);
    return;
  }
  closeSync(openSync(file, 'wx', 0o600));
}

/** First free name among base, base-2, base-3... (two backups in the same second). */
function freeName(dir: string, stem: string, ext: string): string {
  for (let i = 1; ; i++) {
    const f = join(dir, `${stem}${i > 1 ? `-${i}` : ''}${ext}`);
    if (!existsSync(f)) return f;
  }
}

/** Where `crm backup` puts a backup when no file is given: beside the database, stamped. */
export function defaultBackupPath(dbPath: string, now: Date, dir?: string): string {
  const ext = extname(dbPath) || '.db';
  const stem = `${basename(dbPath, extname(dbPath))}-backup-${fileStamp(now)}`;
  return freeName(dir ?? dirname(dbPath), stem, ext);
}

/**
 * An online backup: consistent while other processes write. The copy is owner-only like the
 * original, and is written under a temporary name first: a backup killed half-way never leaves a
 * file that looks like a backup.
 */
export async function backupDatabase(handle: DbHandle, file: string, opts: { overwrite?: boolean } = {}): Promise<{ file: string; bytes: number }> {
  const target = resolve(file);
  if (target === resolve(handle.path)) throw new CrmError('the backup file cannot be the database itself');
  if (existsSync(target) && !opts.overwrite) throw new CrmError(`${target} already exists`, 'give another file name, or --force to overwrite it');
  const partial = `${target}.partial-${process.pid}`;
  createPrivate(partial, true);
  try {
    await backupTo(handle, partial);
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (e) {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    throw e;
  }
  return { file: target, bytes: statSync(target).size };
}

/** Taken automatically before any schema migration, beside the database file. */
export async function backupBeforeMigration(handle: DbHandle): Promise<string | undefined> {
  if (handle.path === ':memory:' || !existsSync(handle.path)) return undefined;
  // Version 0 holds no crm data yet (a file being created): nothing to keep.
  if (getUserVersion(handle) === 0) return undefined;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = `${handle.path}.v${getUserVersion(handle)}-${stamp}.bak`;
  await backupDatabase(handle, file);
  return file;
}

export interface BackupCheck {
  file: string;
  schemaVersion: number;
  /** true when restoring it will migrate it to this crm's schema */
  needsMigration: boolean;
  counts?: Record<string, number>;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(100);
    const n = readSync(fd, b, 0, 100, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `file` is a sound crm database this crm can open, on a private copy `work` (the
 * user's file is never written to). Throws a one-line InputError naming the problem otherwise.
 */
export function checkBackupFile(file: string, work: string): BackupCheck {
  if (!existsSync(file)) throw new InputError('file not found', { file });
  const st = statSync(file);
  if (!st.isFile()) throw new InputError('not a file', { file });
  const header = readHeader(file);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_HEADER))
    throw new InputError('not a SQLite database (no SQLite header)', { file }, 'give a file made by crm backup');
  createPrivate(work, true);
  copyFileSync(file, work);
  chmodSync(work, 0o600);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${work}-wal`);
  let check;
  try {
    makeSelfContained(work);
    check = inspectDatabaseFile(work);
  } catch (e) {
    throw new InputError(`cannot be read as a database: ${(e as Error).message}`, { file }, 'give a file made by crm backup');
  }
  if (check.integrity.length)
    throw new InputError(`is damaged (integrity check: ${check.integrity[0]}${check.integrity.length > 1 ? ` and ${check.integrity.length - 1} more` : ''})`, { file }, 'try an older backup');
  if (check.userVersion === 0 || !check.tables.includes('accounts') || !check.tables.includes('kysely_migration'))
    throw new InputError('is a SQLite database but not a crm database', { file });
  if (check.userVersion > SCHEMA_VERSION)
    throw new InputError(`was made by a newer crm (schema version ${check.userVersion}; this crm opens up to ${SCHEMA_VERSION})`, { file }, 'upgrade crm first');
  return { file, schemaVersion: check.userVersion, needsMigration: check.userVersion < SCHEMA_VERSION };
}

/**
 * Copies the current database aside before it is replaced. Through SQLite when it can be read;
 * a damaged file (the usual reason to restore) is copied byte for byte, with its -wal.
 */
async function keepAside(dbPath: string, target: string, openCurrent: () => DbHandle): Promise<void> {
  try {
    const current = openCurrent();
    try {
      await backupDatabase(current, target);
      return;
    } finally {
      await current.close();
    }
  } catch {
    rmSync(target, { force: true });
  }
  createPrivate(target, true);
  copyFileSync(dbPath, target);
  if (existsSync(`${dbPath}-wal`)) {
    createPrivate(`${target}-wal`, true);
    copyFileSync(`${dbPath}-wal`, `${target}-wal`);
  }
}

export interface RestoreResult extends BackupCheck {
  /** where the database that was replaced now is, if there was one */
  replacedKeptAt?: string;
}

/**
 * Restores a backup over the database at dbPath: validates it first, keeps the current database
 * aside as a stamped copy, then copies the backup in through SQLite (safe even if another crm has
 * the database open). The caller opens the result normally, which migrates an older schema.
 */
export async function restoreDatabase(
  dbPath: string,
  file: string,
  now: Date,
  openCurrent: () => DbHandle,
): Promise<RestoreResult> {
  const source = resolve(file);
  if (source === resolve(dbPath)) throw new CrmError('that file is the database itself; give a backup file');
  // Restoring onto a new machine: the data folder may not exist yet.
  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  const work = join(dirname(dbPath), `.${basename(dbPath)}.restore-${process.pid}.tmp`);
  try {
    const check = checkBackupFile(source, work);
    let replacedKeptAt: string | undefined;
    if (existsSync(dbPath) && statSync(dbPath).size > 0) {
      replacedKeptAt = freeName(dirname(dbPath), `${basename(dbPath)}.replaced-${fileStamp(now)}`, '.bak');
      await keepAside(dbPath, replacedKeptAt, openCurrent);
    } else if (!existsSync(dbPath)) {
      createPrivate(dbPath, false);
    }
    await copyDatabaseInto(work, dbPath);
    chmodSync(dbPath, 0o600);
    return { ...check, replacedKeptAt };
  } finally {
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}-journal`]) rmSync(f, { force: true });
  }
}
