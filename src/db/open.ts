// The one place that picks an engine for a location. Nothing above src/db knows which it got.
import { resolve } from 'node:path';
import type { Engine, OpenOptions } from './engine.js';
import { checkServerUrl, isServerUrl } from './postgres/location.js';
import { SqliteEngine } from './sqlite/engine.js';

/** True when the location names a database server (postgres://…) rather than a file. */
export function isServerLocation(location: string): boolean {
  return isServerUrl(location);
}

/**
 * A location as crm keeps it: a file path made absolute, or a server URL as given (after checking
 * it carries no password).
 */
export function resolveLocation(location: string): string {
  if (isServerUrl(location)) {
    checkServerUrl(location);
    return location;
  }
  return resolve(location);
}

/**
 * Opens the database at `location`: a file path (created owner-only when missing), or a
 * `postgres://` URL (the PostgreSQL engine, loaded only then).
 */
export async function openEngine(location: string, options: OpenOptions = {}): Promise<Engine> {
  if (isServerUrl(location)) {
    const { PostgresEngine } = await import('./postgres/engine.js');
    return PostgresEngine.open(location, options);
  }
  return new SqliteEngine(location, options);
}
