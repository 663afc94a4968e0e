// Runs the built `bin/crm` as a separate process, the way users and cron run it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBook } from './book.js';
import { dropPgDatabase, ENGINE, newPgDatabase, type EngineName } from './engines.js';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'crm');
/** Runs the built CLI with options passed to its main() (see embedded-crm.mjs). */
export const EMBEDDED = join(ROOT, 'test', 'helpers', 'embedded-crm.mjs');

/** What a test can pass to crm's main() instead of the defaults. */
export interface Embed {
  /** one more migration than this crm has (accounts.test_probe): a newer crm */
  newer?: boolean;
  /** before the migrations commit, create this file and wait */
  pauseInMigration?: string;
  /** answers to the prompts, in order */
  answers?: string[];
}

/** The node arguments that run crm, through the embedding launcher when options are given. */
export function crmCommand(args: string[], embed?: Embed): string[] {
  if (!embed) return [BIN, ...args];
  const own = [
    ...(embed.newer ? ['--newer'] : []),
    ...(embed.pauseInMigration ? ['--pause-in-migration', embed.pauseInMigration] : []),
    ...(embed.answers ? ['--answers', JSON.stringify(embed.answers)] : []),
  ];
  return [EMBEDDED, ...own, '--', ...args];
}
export const FIXTURES = join(ROOT, 'fixtures');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  /** the engine of this run (see engines.ts) */
  engine: EngineName;
  /** what --db gets: a file in dir on SQLite, a fresh database's URL on PostgreSQL */
  db: string;
  /** SQL straight on the book, either engine (placeholders ?): what a test checks behind crm's back */
  query<T = any>(sql: string, ...params: unknown[]): T[];
  /** runs crm with --db pointing at this sandbox's database */
  crm(args: string[], opts?: { input?: string; env?: Record<string, string | undefined>; asOf?: string; embed?: Embed }): RunResult;
  /** runs crm and parses stdout as JSON; fails the test on a non-zero exit */
  json<T = any>(args: string[], opts?: { input?: string; env?: Record<string, string | undefined>; embed?: Embed }): T;
  cleanup(): void;
}

export function runCrm(args: string[], opts: SpawnSyncOptions & { input?: string; embed?: Embed } = {}): RunResult {
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CRM_CONFIG: undefined, ...(opts.env ?? {}) };
  delete (env as Record<string, unknown>).NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, crmCommand(args, opts.embed), {
    encoding: 'utf8',
    ...opts,
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Runs SQL on the book at `db` (a SQLite file or a test server URL). */
export function queryBook<T = any>(db: string, sql: string, params: unknown[] = []): T[] {
  const book = openBook(db);
  try {
    return book.query(sql, params) as T[];
  } finally {
    book.close();
  }
}

/**
 * A temporary folder and an empty book for one test: a file in the folder (SQLite), or a new
 * database cloned from the migrated template on the test server (PostgreSQL; `crm init` then
 * finds the schema in place). cleanup() removes both.
 */
export function sandbox(prefix = 'crm-test-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = ENGINE === 'postgres' ? newPgDatabase() : join(dir, 'crm.db');
  const sb: Sandbox = {
    dir,
    engine: ENGINE,
    db,
    query: (sql, ...params) => queryBook(db, sql, params),
    crm(args, opts = {}) {
      // the data folder is the sandbox too: where a server book's backups go by default
      return runCrm(['--db', db, ...args], { cwd: dir, input: opts.input, env: { XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, ...(opts.env ?? {}) }, embed: opts.embed });
    },
    json(args, opts = {}) {
      const r = sb.crm([...args, '--format', 'json'], opts);
      if (r.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      if (ENGINE === 'postgres') dropPgDatabase(db);
    },
  };
  return sb;
}
