// The one place that picks an engine for a location. Nothing above src/db knows which it got.
import type { Engine, OpenOptions } from './engine.js';
import { SqliteEngine } from './sqlite/engine.js';

/**
 * Opens the database at `location`: a file path today (created owner-only when missing); a
 * `postgres://` URL will select the PostgreSQL engine here.
 */
export async function openEngine(location: string, options: OpenOptions = {}): Promise<Engine> {
  return new SqliteEngine(location, options);
}
