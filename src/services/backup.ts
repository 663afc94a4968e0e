// Backups and restores. A backup is an online copy made by the engine (consistent while other crm
// processes write) in the backup format of src/db/backup-file.ts; every file made here is owner-only.
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { checkBackupCopy, inspectBackupCopy, isBackupFormat, restoreInto } from '../db/backup-file.js';
import type { Engine, MigrationOptions } from '../db/engine.js';
import { latestVersion } from '../db/migrate.js';
import { isServerLocation } from '../db/open.js';
import type { Clock } from '../domain/dates.js';
import { CrmError, InputError } from '../domain/errors.js';

/** A file-name-safe local timestamp from an ISO instant (Clock.now(), with its offset): 20261122-135501. */
export function fileStamp(nowIso: string): string {
  return nowIso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
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

/** Where `crm backup` puts a backup when no file is given: beside the database (or in `dir`), stamped. */
export function defaultBackupPath(engine: Engine, nowIso: string, dir?: string): string {
  const base = engine.backupBase();
  const ext = extname(base.name) || '.db';
  const stem = `${basename(base.name, extname(base.name))}-backup-${fileStamp(nowIso)}`;
  // a book on a server has no folder of its own: its backups go to the data folder, made private
  if (!dir) mkdirSync(base.dir, { recursive: true, mode: 0o700 });
  return freeName(dir ?? base.dir, stem, ext);
}

/**
 * An online backup: consistent while other processes write. The copy is owner-only like the
 * original, and is written under a temporary name first: a backup killed half-way never leaves a
 * file that looks like a backup.
 */
export async function backupDatabase(engine: Engine, file: string, opts: { overwrite?: boolean } = {}): Promise<{ file: string; bytes: number }> {
  const target = resolve(file);
  if (engine.files?.paths().some((p) => resolve(p) === target)) throw new CrmError('the backup file cannot be the database itself');
  if (existsSync(target) && !opts.overwrite) throw new CrmError(`${target} already exists`, 'give another file name, or --force to overwrite it');
  const partial = `${target}.partial-${process.pid}`;
  createPrivate(partial, true);
  try {
    await engine.backupTo(partial);
    // A copy of a damaged database is no backup: say so rather than "backed up".
    const problems = checkBackupCopy(partial);
    if (problems.length)
      throw new CrmError(
        `the database is damaged (${problems[0]}${problems.length > 1 ? ` and ${problems.length - 1} more problems` : ''}); no backup was written`,
        'keep your older backups; crm doctor says more, and crm restore FILE brings back a good one',
      );
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (e) {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    throw e;
  }
  return { file: target, bytes: statSync(target).size };
}

/** Taken automatically before any schema migration, beside the database (crm.db.v1-<time>.bak). */
export async function backupBeforeMigration(engine: Engine, clock: Clock, latest?: number): Promise<string | undefined> {
  if (!engine.files?.paths().length) return undefined;
  // Version 0 holds no crm data yet (a file being created): nothing to keep. At the latest version
  // another crm finished the migration meanwhile (several started on a new file): nothing to do.
  const version = await engine.schemaVersion();
  if (version === 0 || (latest !== undefined && version >= latest)) return undefined;
  const stamp = clock.now().slice(0, 23).replace(/[:.]/g, '-');
  const base = engine.backupBase();
  const file = join(base.dir, `${base.name}.v${version}-${stamp}.bak`);
  await backupDatabase(engine, file);
  return file;
}

export interface BackupCheck {
  file: string;
  schemaVersion: number;
  /** true when restoring it will migrate it to this crm's schema */
  needsMigration: boolean;
  counts?: Record<string, number>;
}

/**
 * Checks that `file` is a sound crm database this crm can open, on a private copy `work` (the
 * user's file is never written to). Throws a one-line InputError naming the problem otherwise.
 */
export function checkBackupFile(file: string, work: string, migrations: MigrationOptions = {}): BackupCheck {
  if (!existsSync(file)) throw new InputError('file not found', { file });
  const st = statSync(file);
  if (!st.isFile()) throw new InputError('not a file', { file });
  if (!isBackupFormat(file)) throw new InputError('not a SQLite database (no SQLite header)', { file }, 'give a file made by crm backup');
  createPrivate(work, true);
  copyFileSync(file, work);
  chmodSync(work, 0o600);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${work}-wal`);
  let check;
  try {
    check = inspectBackupCopy(work);
  } catch (e) {
    throw new InputError(`cannot be read as a database: ${(e as Error).message}`, { file }, 'give a file made by crm backup');
  }
  if (check.integrity.length)
    throw new InputError(`is damaged (integrity check: ${check.integrity[0]}${check.integrity.length > 1 ? ` and ${check.integrity.length - 1} more` : ''})`, { file }, 'try an older backup');
  const latest = latestVersion(migrations);
  if (check.schemaVersion === 0 || !check.tables.includes('accounts') || !check.tables.includes('kysely_migration'))
    throw new InputError('is a SQLite database but not a crm database', { file });
  if (check.schemaVersion > latest)
    throw new InputError(`was made by a newer crm (schema version ${check.schemaVersion}; this crm opens up to ${latest})`, { file }, 'upgrade crm first');
  return { file, schemaVersion: check.schemaVersion, needsMigration: check.schemaVersion < latest };
}

/**
 * Copies the current database aside before it is replaced. Through SQLite when it can be read;
 * a damaged file (the usual reason to restore) is copied byte for byte, with its -wal.
 */
async function keepAside(dbPath: string, target: string, openCurrent: () => Promise<Engine>): Promise<void> {
  try {
    const current = await openCurrent();
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
  clock: Clock,
  openCurrent: () => Promise<Engine>,
  migrations: MigrationOptions = {},
): Promise<RestoreResult> {
  const source = resolve(file);
  if (isServerLocation(dbPath)) return restoreOntoServer(dbPath, source, clock, openCurrent, migrations);
  if (source === resolve(dbPath)) throw new CrmError('that file is the database itself; give a backup file');
  // Restoring onto a new machine: the data folder may not exist yet.
  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  const work = join(dirname(dbPath), `.${basename(dbPath)}.restore-${process.pid}.tmp`);
  try {
    const check = checkBackupFile(source, work, migrations);
    let replacedKeptAt: string | undefined;
    if (existsSync(dbPath) && statSync(dbPath).size > 0) {
      replacedKeptAt = freeName(dirname(dbPath), `${basename(dbPath)}.replaced-${fileStamp(clock.now())}`, '.bak');
      await keepAside(dbPath, replacedKeptAt, openCurrent);
    } else if (!existsSync(dbPath)) {
      createPrivate(dbPath, false);
    }
    await restoreInto(dbPath, work);
    chmodSync(dbPath, 0o600);
    return { ...check, replacedKeptAt };
  } finally {
    for (const f of [work, `${work}-wal`, `${work}-shm`, `${work}-journal`]) rmSync(f, { force: true });
  }
}

/**
 * A restore onto a book on a server: the backup is checked on a private copy in a private
 * temporary folder, the book is backed up into the data folder, then replaced by the backup's
 * rows in one transaction (other reps' crm see the old book or the new one, never half).
 */
async function restoreOntoServer(
  location: string,
  source: string,
  clock: Clock,
  openCurrent: () => Promise<Engine>,
  migrations: MigrationOptions,
): Promise<RestoreResult> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-restore-'));
  const work = join(dir, 'backup.db');
  try {
    const check = checkBackupFile(source, work, migrations);
    const current = await openCurrent();
    try {
      let replacedKeptAt: string | undefined;
      if ((await current.schemaVersion()) > 0) {
        const base = current.backupBase();
        mkdirSync(base.dir, { recursive: true, mode: 0o700 });
        replacedKeptAt = freeName(base.dir, `${base.name}.replaced-${fileStamp(clock.now())}`, '.bak');
        await backupDatabase(current, replacedKeptAt);
      }
      await restoreInto(current, work, migrations);
      return { ...check, replacedKeptAt };
    } finally {
      await current.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True while a process of this id runs (a leftover of a live backup is still being written). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Files that crm writes under a temporary name and that a killed run leaves behind beside the
 * database: half-written backups (`NAME.partial-PID`), restore copies (`.DB.restore-PID.tmp`) and
 * new databases (`DB.new-PID`), with their -journal/-wal/-shm. Only those of processes that are gone.
 */
export function leftoverFiles(engine: Engine): string[] {
  if (!engine.files) return [];
  const { dir, name } = engine.backupBase();
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [/\.partial-(\d+)(?:-journal|-wal|-shm)?$/, new RegExp(`^\\.${esc}\\.restore-(\\d+)\\.tmp(?:-journal|-wal|-shm)?$`), new RegExp(`^${esc}\\.new-(\\d+)(?:-journal|-wal|-shm)?$`)];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    for (const p of patterns) {
      const m = p.exec(n);
      if (m && !running(Number(m[1]))) {
        out.push(join(dir, n));
        break;
      }
    }
  }
  return out.sort();
}

export function removeFiles(files: readonly string[]): void {
  for (const f of files) rmSync(f, { force: true });
}

