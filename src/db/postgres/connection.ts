// Connecting to a PostgreSQL server: the pool, the type parsers that make numbers numbers, and
// connection failures said in a user's terms (never with a password: crm never has one in the URL;
// pg reads it from PGPASSWORD or ~/.pgpass itself).
import type { pg } from './driver.js';
import { pgDriver } from './load-driver.js';
import { UnusableStoreError } from '../errors.js';
import { checkServerUrl, redactUrl } from './location.js';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * count(*) and sums of integers come back as bigint or numeric, which pg hands over as strings to
 * keep their precision. crm's counts and money fit a double (as they do in SQLite): numbers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === NUMERIC) return (v: string) => Number(v);
    return pgDriver().pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PoolOptions {
  readonly?: boolean;
  /** connections one process may hold: a transaction, a snapshot, a stream at once */
  max?: number;
}

/**
 * pg's client, closing its socket when connecting fails: a refused password leaves the socket
 * open otherwise, and the command that already said what went wrong waits for the server's
 * authentication timeout (a minute) before it can exit.
 */
function closingClient(): typeof pg.Client {
  const Base = pgDriver().pg.Client;
  return class extends Base {
    override connect(callback?: any): any {
      const self = this as unknown as { connection?: { stream?: { destroy(): void } } };
      if (!callback) {
        return super.connect().catch((e: Error) => {
          self.connection?.stream?.destroy();
          throw e;
        });
      }
      return super.connect((err: Error) => {
        if (err) self.connection?.stream?.destroy();
        callback(err);
      });
    }
  } as typeof pg.Client;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  checkServerUrl(url);
  // Dates and times are ISO text in crm; date arithmetic in SQL reads them in UTC, as SQLite does.
  const options = ['-c TimeZone=UTC', ...(opts.readonly ? ['-c default_transaction_read_only=on'] : [])].join(' ');
  return new (pgDriver().pg.Pool)({
    connectionString: url,
    max: opts.max ?? 4,
    types,
    options,
    application_name: 'crm',
    // a command that ends must not wait for idle connections to time out
    idleTimeoutMillis: 1000,
    allowExitOnIdle: true,
    Client: closingClient(),
  } as pg.PoolConfig);
}

/** A failed connection attempt as a UnusableStoreError saying what to do; anything else unchanged. */
export function connectError(e: unknown, url: string): unknown {
  const err = e as { code?: string; message?: string; address?: string; port?: number };
  const where = redactUrl(url);
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  const user = decodeURIComponent(u?.username || '') || process.env.PGUSER || 'the login user';
  const host = `${u?.hostname || process.env.PGHOST || 'localhost'}:${u?.port || process.env.PGPORT || '5432'}`;
  const msg = String(err?.message ?? '');
  switch (err?.code) {
    case 'ECONNREFUSED':
      return new UnusableStoreError(`cannot connect to ${where}: nothing answers at ${host}`, 'is the PostgreSQL server running there, and are host and port right?');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UnusableStoreError(`cannot connect to ${where}: host ${u?.hostname ?? '?'} not found`, 'check the host name in the URL');
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new UnusableStoreError(`cannot connect to ${where}: ${host} does not answer`, 'check the network and the firewall between here and the server');
    case '28P01':
    case '28000':
      return new UnusableStoreError(
        `the server refused the login of ${user} to ${where}`,
        'put the password in ~/.pgpass (host:port:database:user:password, mode 600) or in PGPASSWORD; ask the server admin whether this user may connect from here',
      );
    case '3D000':
      return new UnusableStoreError(
        `${where}: the database does not exist on the server`,
        `create it with UTF-8 text: createdb -E UTF8 -l C.UTF-8 -T template0 ${u?.pathname.slice(1) || 'NAME'} (see README, "Team mode")`,
      );
  }
  if (/password must be a string|no password supplied/i.test(msg)) {
    return new UnusableStoreError(
      `the server asks for a password for ${user} on ${where}, and none was found`,
      'put it in ~/.pgpass (host:port:database:user:password, mode 600) or in PGPASSWORD; crm never takes it on the command line',
    );
  }
  if (/ssl/i.test(msg)) return new UnusableStoreError(`cannot connect to ${where}: ${msg}`, 'add ?sslmode=require (or disable) to the URL as the server wants');
  return e;
}
