// Driver errors as kinds the rest of the program can act on, whatever the engine: the CLI turns
// them into one-line messages, doctor into findings. Each engine's codes are mapped in its folder.
import { postgresErrorKind } from './postgres/errors.js';
import { sqliteErrorKind } from './sqlite/errors.js';

export type DbErrorKind =
  /** another process holds the lock longer than crm waits */
  | 'busy'
  /** the store is damaged, or not a database at all */
  | 'corrupt'
  | 'readonly'
  /** the store cannot be opened (path, permissions, server) */
  | 'cantopen'
  /** no space left */
  | 'full'
  /** a read or write failed below the database */
  | 'io'
  /** a row broke a constraint (unique, foreign key, check) */
  | 'constraint'
  /** the store is an empty file (0 bytes): not a database crm made */
  | 'empty';

/** An error about the store itself, raised by an engine (not by its driver). */
export class StoreError extends Error {
  constructor(
    readonly kind: DbErrorKind,
    /** the store's location, for the message */
    readonly location: string,
  ) {
    super(`${kind}: ${location}`);
  }
}

/** The kind of a driver error, or undefined for anything else. */
export function dbErrorKind(e: unknown): DbErrorKind | undefined {
  if (e instanceof StoreError) return e.kind;
  return sqliteErrorKind(e) ?? postgresErrorKind(e);
}

/**
 * The store cannot be used as it is, and the engine can say why in the user's terms: a server
 * that does not answer, a login refused, a database without what crm needs, a URL with a password.
 * `hint` says what to do; exit code 2 when the command line itself is wrong.
 */
export class UnusableStoreError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UnusableStoreError';
  }
}
