// The PostgreSQL driver is loaded when a server book is opened, never before: it is a file of its
// own in the build (dist/pg-driver.cjs) and the only network code crm has.
import type * as Driver from './driver.js';

export type PgDriver = typeof Driver;

let driver: PgDriver | undefined;

export async function loadDriver(): Promise<PgDriver> {
  if (!driver) {
    // bin/crm loads dist files with a code cache (the driver's module set-up is a good part of
    // what a command on a server book costs); elsewhere (tests from source, worker threads) import
    const compiled = (globalThis as { __crmLoadCompiled?: (name: string) => unknown }).__crmLoadCompiled;
    const m = (compiled ? compiled('pg-driver.cjs') : await import('./driver.js')) as PgDriver & { default?: PgDriver };
    // from an ES module (a worker thread) the CommonJS build arrives as the default export
    driver = m.pg ? m : m.default!;
  }
  return driver;
}

/** The driver, once loadDriver() has run (PostgresEngine.open does it first). */
export function pgDriver(): PgDriver {
  if (!driver) throw new Error('the PostgreSQL driver is not loaded');
  return driver;
}
