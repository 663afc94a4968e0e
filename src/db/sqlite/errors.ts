// SQLite's error codes as the engine-neutral kinds of src/db/errors.ts.
import type { DbErrorKind } from '../errors.js';

const KINDS: Record<string, DbErrorKind> = {
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_READONLY: 'readonly',
  SQLITE_CANTOPEN: 'cantopen',
  SQLITE_FULL: 'full',
  SQLITE_IOERR: 'io',
  SQLITE_CONSTRAINT: 'constraint',
};

/**
 * Extended codes that mean something other than their base code. SHMSIZE: a connection could not
 * make its shared-memory file, which on a full disk is the first write of every command.
 */
const EXTENDED: Record<string, DbErrorKind> = {
  SQLITE_IOERR_SHMSIZE: 'full',
};

export function sqliteErrorKind(e: unknown): DbErrorKind | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (EXTENDED[code]) return EXTENDED[code];
  // extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_CORRUPT_INDEX...) mean what their base code means
  const base = /^SQLITE_[A-Z]+/.exec(code)![0];
  return KINDS[base] ?? KINDS[code];
}
