// The one place where errors become exit codes and one-line messages.
import { CrmError } from '../domain/errors.js';
import { sanitize } from './render.js';

const KNOWN = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_FULL', 'SQLITE_IOERR']);

function sqliteMessage(e: Error & { code?: string }): string | undefined {
  // extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_CORRUPT_INDEX...) mean what their base code means
  const base = typeof e.code === 'string' ? e.code.replace(/^(SQLITE_[A-Z]+?)_[A-Z_]+$/, (m, b: string) => (KNOWN.has(b) ? b : m)) : undefined;
  switch (base) {
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
    case 'SQLITE_IOERR':
      return 'the database file could not be read or written (disk error); nothing was written';
    default:
      return undefined;
  }
}

/** Error messages echo user data (names, file content): never escape sequences, always one line. */
function oneLine(s: string): string {
  return sanitize(s).replace(/\s*[\n\t]\s*/g, ' ');
}

/** Prints the error and returns the exit code: 2 for usage errors, 130 for Ctrl-C at a prompt, 1 for everything else. */
export function reportError(e: unknown, debug: boolean): number {
  // A prompt takes Ctrl-C as a key, not a signal, and rejects with this: the same quiet exit.
  if (e instanceof Error && e.name === 'ExitPromptError') {
    process.stderr.write('crm: interrupted\n');
    return 130;
  }
  if (e instanceof CrmError) {
    process.stderr.write(`crm: ${oneLine(e.message)}\n`);
    if (e.hint) process.stderr.write(`  ${oneLine(e.hint)}\n`);
    if (debug && e.stack) process.stderr.write(sanitize(e.stack) + '\n');
    return e.exitCode;
  }
  const err = e instanceof Error ? (e as Error & { code?: string }) : new Error(String(e));
  const known = sqliteMessage(err);
  process.stderr.write(`crm: ${oneLine(known ?? err.message.split('\n')[0] ?? 'unexpected error')}\n`);
  if (debug) process.stderr.write(sanitize(err.stack ?? '') + '\n');
  else if (!known && !(e instanceof CrmError)) process.stderr.write('  (run again with --debug for details)\n');
  return 1;
}
