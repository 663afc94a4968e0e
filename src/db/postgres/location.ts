import { UnusableStoreError } from '../errors.js';

// What a server location looks like, without loading the driver: `crm --db postgres://…` must be
// told apart from a path, and a password must never get in (nor out, in a message).

const SERVER_URL = /^postgres(ql)?:\/\//i;

/** True for a PostgreSQL URL (postgres:// or postgresql://), false for a path. */
export function isServerUrl(location: string): boolean {
  return SERVER_URL.test(location);
}

/** A location that cannot be used as given is a usage error (exit 2). */
function locationError(message: string, hint: string): UnusableStoreError {
  return new UnusableStoreError(message, hint, 2);
}

/** The URL with any password replaced: the only form a message may show. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@');
}

/**
 * Checks a server URL: it must parse, and carry no password (the command line and the
 * environment of a cron job are visible to other users; ~/.pgpass and PGPASSWORD are where
 * PostgreSQL's own tools read it too).
 */
export function checkServerUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw locationError(`${redactUrl(url)} is not a valid database URL`, 'write it as postgres://USER@HOST:PORT/DATABASE');
  }
  if (u.password || /^postgres(ql)?:\/\/[^@/?#]*:[^@/?#]*@/i.test(url)) {
    throw locationError(
      `the database URL ${redactUrl(url)} carries a password; crm never takes one on the command line`,
      'drop it from the URL and put it in ~/.pgpass (host:port:database:user:password, mode 600) or in PGPASSWORD',
    );
  }
  if (u.searchParams.has('password')) {
    throw locationError('the database URL carries a password parameter; crm never takes one on the command line', 'put it in ~/.pgpass or in PGPASSWORD');
  }
  return u;
}
