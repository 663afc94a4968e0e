// PostgreSQL's SQLSTATE codes as the engine-neutral kinds of src/db/errors.ts.
import type { DbErrorKind } from '../errors.js';

/** Codes by exact value, then by class (the first two characters). */
const CODES: Record<string, DbErrorKind> = {
  '55P03': 'busy', // lock_not_available: lock_timeout ran out waiting for another writer
  '40P01': 'busy', // deadlock_detected
  '40001': 'busy', // serialization_failure
  '57014': 'busy', // query_canceled (statement_timeout)
  '25006': 'readonly', // read_only_sql_transaction
  '53100': 'full', // disk_full
  '58030': 'io', // io_error
  XX001: 'corrupt', // data_corrupted
  XX002: 'corrupt', // index_corrupted
};
const CLASSES: Record<string, DbErrorKind> = {
  '23': 'constraint', // integrity_constraint_violation
  '08': 'cantopen', // connection_exception
  '28': 'cantopen', // invalid_authorization_specification
  '3D': 'cantopen', // invalid_catalog_name (no such database)
  '57': 'cantopen', // operator_intervention (server shutting down)
  '53': 'full', // insufficient_resources
};
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);

export function postgresErrorKind(e: unknown): DbErrorKind | undefined {
  const x = e as { code?: unknown; severity?: unknown } | null;
  const code = x?.code;
  if (typeof code !== 'string') return undefined;
  if (NETWORK.has(code)) return 'cantopen';
  // a server error carries a severity and a five-character SQLSTATE
  if (code.length !== 5 || x?.severity === undefined) return undefined;
  return CODES[code] ?? CLASSES[code.slice(0, 2)];
}
