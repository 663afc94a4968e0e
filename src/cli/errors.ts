// The one place where errors become exit codes and one-line messages.
import { CrmError } from '../domain/errors.js';
import { sanitize } from './render.js';

function sqliteMessage(e: Error & { code?: string }): string | undefined {
  switch (e.code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'the database is busy (another crm is writing); try again in a moment';
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'the database file is damaged or not a crm database; run crm doctor, or crm restore a backup';
    case 'SQLITE_READONLY':
      return 'the database file is read-only; check its permissions';
    case 'SQLITE_CANTOPEN':
      return 'cannot open the database file; check the path (--db / CRM_DB) and its folder permissions';
    case 'SQLITE_FULL':
      return 'the disk is full; nothing was written';
    default:
      return undefined;
  }
}

/** Prints the error and returns the exit code: 2 for usage errors, 1 for everything else. */
export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof CrmError) {
    process.stderr.write(`crm: ${sanitize(e.message)}\n`);
    if (e.hint) process.stderr.write(`  ${sanitize(e.hint)}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    return e.exitCode;
  }
  const err = e instanceof Error ? (e as Error & { code?: string }) : new Error(String(e));
  const known = sqliteMessage(err);
  process.stderr.write(`crm: ${sanitize(known ?? err.message.split('\n')[0] ?? 'unexpected error')}\n`);
  if (debug) process.stderr.write((err.stack ?? '') + '\n');
  else if (!known && !(e instanceof CrmError)) process.stderr.write('  (run again with --debug for details)\n');
  return 1;
}
