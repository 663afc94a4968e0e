// The backup format: a self-contained SQLite file, whatever engine the book lives on (a server
// book is backed up into one too), so restore and every backup check work the same.
import { copyDatabaseInto, hasSqliteHeader, inspectDatabaseFile, makeSelfContained, quickCheckFile, type FileCheck } from './sqlite/files.js';

export type { FileCheck };

/** True when the file looks like a backup (the format's header), before any driver touches it. */
export const isBackupFormat = hasSqliteHeader;

/**
 * Reads a private copy of a backup the way a restore will use it (folding in a -wal copied beside
 * it) and reports its integrity problems, schema version and tables. Never run on the user's file.
 */
export function inspectBackupCopy(work: string): FileCheck {
  makeSelfContained(work);
  return inspectDatabaseFile(work);
}

/** Problems a quick check finds in a backup just written ([] when it is sound). */
export const checkBackupCopy = quickCheckFile;

/**
 * Replaces the book at `location` with the backup at `file`. Processes that have it open see the
 * new content on their next transaction rather than a file swapped under them.
 */
export async function restoreInto(location: string, file: string): Promise<void> {
  await copyDatabaseInto(file, location);
}
