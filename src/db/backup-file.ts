// The backup format: a self-contained SQLite file, whatever engine the book lives on (a server
// book is backed up into one too), so restore and every backup check work the same.
import { restoreFromFile } from './copy.js';
import type { Engine, MigrationOptions } from './engine.js';
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
 * Replaces the book with the backup at `file` (a private copy: it is migrated to this crm's
 * schema first when the book is not a file). A file book is given by its path: processes that
 * have it open see the new content on their next transaction rather than a file swapped under
 * them. Any other book is given open, and gets the backup's rows in one transaction.
 */
export async function restoreInto(book: string | Engine, file: string, migrations: MigrationOptions = {}): Promise<void> {
  if (typeof book === 'string') await copyDatabaseInto(file, book);
  else await restoreFromFile(book, file, migrations);
}
