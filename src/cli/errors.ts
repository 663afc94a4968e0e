// The one place where errors become exit codes and one-line messages.
import { dbErrorKind, StoreError, UnusableStoreError, type DbErrorKind } from '../db/errors.js';
import { AfterCommitError, CrmError } from '../domain/errors.js';
import { sanitize } from './render.js';

/** What to tell the user about a database error, by kind (whatever the engine). */
const DB_MESSAGES: Partial<Record<DbErrorKind, string>> = {
  busy: 'the database is busy (another crm is writing); try again in a moment',
  corrupt: 'the database file is damaged or not a crm database; run crm doctor, or crm restore a backup',
  readonly: 'the database file is read-only; check its permissions',
  cantopen: 'cannot open the database; check --db / CRM_DB (the file path and its folder permissions, or the server URL)',
  full: 'the disk is full; nothing was written',
  io: 'the database file could not be read or written (disk error); nothing was written',
};

function databaseMessage(e: unknown): string | undefined {
  if (e instanceof StoreError && e.kind === 'empty')
    return `${e.location} is empty (0 bytes), not a crm database; left as it is. Remove it to start a new book there (crm init), or bring a backup back with crm restore FILE`;
  const kind = dbErrorKind(e);
  return kind && DB_MESSAGES[kind];
}

/** Why a step failed after others were committed: the database's reason without "nothing was written". */
const CAUSES: Partial<Record<DbErrorKind, string>> = {
  busy: 'the database is busy',
  corrupt: 'the database file is damaged',
  readonly: 'the database file is read-only',
  full: 'the disk is full',
  io: 'a disk error',
};

function causeText(e: unknown): string {
  const kind = dbErrorKind(e);
  return (kind && CAUSES[kind]) ?? (e instanceof Error ? e.message.split('\n')[0]! : String(e));
}

/** Error messages echo user data (names, file content): never escape sequences, always one line. */
function oneLine(s: string): string {
  return sanitize(s).replace(/\s*[\n\t]\s*/g, ' ');
}

/** Prints the error and returns the exit code: 2 for usage errors, 130 for Ctrl-C at a prompt, 1 for everything else. */
export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof AfterCommitError) {
    process.stderr.write(`crm: ${oneLine(`${e.message}: ${causeText(e.cause)}`)}\n`);
    if (e.hint) process.stderr.write(`  ${oneLine(e.hint)}\n`);
    if (debug && e.cause instanceof Error && e.cause.stack) process.stderr.write(sanitize(e.cause.stack) + '\n');
    return e.exitCode;
  }
  // A prompt takes Ctrl-C as a key, not a signal, and rejects with this: the same quiet exit.
  if (e instanceof Error && e.name === 'ExitPromptError') {
    process.stderr.write('crm: interrupted\n');
    return 130;
  }
  if (e instanceof CrmError || e instanceof UnusableStoreError) {
    process.stderr.write(`crm: ${oneLine(e.message)}\n`);
    if (e.hint) process.stderr.write(`  ${oneLine(e.hint)}\n`);
    if (debug && e.stack) process.stderr.write(sanitize(e.stack) + '\n');
    return e.exitCode;
  }
  const err = e instanceof Error ? (e as Error & { code?: string }) : new Error(String(e));
  const known = databaseMessage(err);
  process.stderr.write(`crm: ${oneLine(known ?? err.message.split('\n')[0] ?? 'unexpected error')}\n`);
  if (debug) process.stderr.write(sanitize(err.stack ?? '') + '\n');
  else if (!known) process.stderr.write('  (run again with --debug for details)\n');
  return 1;
}
