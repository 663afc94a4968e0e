// SQLite files as files: online backup, copying a backup into place, checking a file before a
// restore. The backup format of every engine is a self-contained SQLite file (see ../backup-file.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import { openRaw, type RawDb } from './connection.js';

/**
 * Online backup of an open connection: consistent even while other processes write. The copy is
 * made self-contained (rollback journal, no -wal/-shm beside it) so it can be moved and opened
 * read-only anywhere.
 */
export async function backupConnection(raw: RawDb, file: string): Promise<void> {
  await raw.backup(file);
  makeSelfContained(file);
}

/**
 * SQLite's quick check of a finished copy: the backup API copies pages as they are, so damage in
 * the source (garbage in its middle) arrives in the copy, where this finds it. Problems, or [].
 */
export function quickCheckFile(file: string): string[] {
  const d = openRaw(file, { fileMustExist: true, readonly: true });
  try {
    return (d.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((x) => x !== 'ok');
  } catch (e) {
    return [(e as Error).message];
  } finally {
    d.close();
  }
}

/**
 * Replaces the content of the database at `target` with the database at `source`, through
 * SQLite's backup API: processes that have `target` open see the new content on their next
 * transaction instead of writing into a file that was swapped under them.
 */
export async function copyDatabaseInto(source: string, target: string): Promise<void> {
  const src = openRaw(source, { fileMustExist: true, readonly: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
}

export interface FileCheck {
  integrity: string[];
  schemaVersion: number;
  tables: string[];
}

/** Opens a database file read-only and reports what a restore needs to judge it. */
export function inspectDatabaseFile(file: string): FileCheck {
  const d = openRaw(file, { fileMustExist: true, readonly: true });
  try {
    const integrity = (d.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((x) => x !== 'ok');
    const schemaVersion = d.pragma('user_version', { simple: true }) as number;
    const tables = (d.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    return { integrity, schemaVersion, tables };
  } finally {
    d.close();
  }
}

/**
 * Makes `file` a self-contained database (rollback journal): folds in a -wal beside it if any.
 * Used on backups and on a private copy of a file about to be restored, never on the user's own file.
 */
export function makeSelfContained(file: string): void {
  const d = openRaw(file, { fileMustExist: true });
  try {
    d.pragma('journal_mode = DELETE');
  } finally {
    d.close();
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts with SQLite's header (checked before any driver touches it). */
export function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(100);
    const n = readSync(fd, b, 0, 100, 0);
    return n >= 100 && b.subarray(0, 16).equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}
