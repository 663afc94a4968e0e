// What every command shares: the global options, the database path, the service context, output.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine, LockHolder } from '../db/engine.js';
import { migrateToLatest, needsMigration } from '../db/migrate.js';
import { openEngine } from '../db/open.js';
import { DEFAULT_CONFIG, mergeConfig, section, type Config } from '../domain/config.js';
import { fixedClock, parseIsoDate, systemClock, type Clock } from '../domain/dates.js';
import { CrmError, UsageError } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { mainOptions } from './overrides.js';
import { FORMATS, render, sanitize, type Format, type Output } from './render.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
  format?: string;
  json?: boolean;
  asOf?: string;
  color?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

export interface Terminal {
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  color: boolean;
}

export function terminal(g: GlobalOptions): Terminal {
  const stdoutIsTTY = !!process.stdout.isTTY;
  const env = process.env;
  const color = stdoutIsTTY && g.color !== false && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return { stdoutIsTTY, stdinIsTTY: !!process.stdin.isTTY, color };
}

/** Prompts only where a person can answer: both ends on a TTY, and never in CI. */
export function canPrompt(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRM_DB) return resolve(env.CRM_DB);
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'crm', 'crm.db');
}

export function dbPath(g: GlobalOptions): string {
  return g.db ? resolve(g.db) : defaultDbPath();
}

export function configPath(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (g.config) return resolve(g.config);
  if (env.CRM_CONFIG) return resolve(env.CRM_CONFIG);
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  const p = join(base, 'crm', 'config.json');
  return existsSync(p) ? p : undefined;
}

export function loadConfig(g: GlobalOptions): Config {
  const p = configPath(g);
  if (!p) return DEFAULT_CONFIG;
  if (!existsSync(p)) throw new CrmError(`config file ${p} not found`, 'create it, or drop --config / CRM_CONFIG');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(p, 'utf8'));
  } catch (e) {
    throw new CrmError(`config file ${p} is not valid JSON: ${(e as Error).message}`);
  }
  return mergeConfig(DEFAULT_CONFIG, parsed);
}

export function outputFormat(g: GlobalOptions): Format {
  if (g.json) return 'json';
  const f = (g.format ?? 'table').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${g.format}")`);
  return f as Format;
}

export function clockFor(g: GlobalOptions): Clock {
  if (g.asOf === undefined) return systemClock();
  const d = parseIsoDate(g.asOf);
  if (!d) throw new UsageError(`--as-of must be a date as YYYY-MM-DD (got "${g.asOf}")`);
  return fixedClock(d);
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export interface Session extends ServiceContext {
  globals: GlobalOptions;
  format: Format;
  term: Terminal;
  /** a message for the user on stderr (suppressed by --quiet) */
  say(text: string): void;
  warn(text: string): void;
}

/** The command as typed, without options: "import", "account add". */
function commandPath(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ') || 'crm';
}

/** What a writer that waits for another process's write lock tells the person at the terminal. */
export function waitingMessage(holder: LockHolder | undefined): string {
  if (!holder) return 'waiting for another program that is writing to the database…';
  const what = holder.command === 'import' ? 'the import' : `crm ${holder.command}`;
  return `waiting for ${what} in progress, pid ${holder.pid}, to finish writing… (Ctrl-C to stop waiting)`;
}

export async function openSessionEngine(
  g: GlobalOptions,
  clock: Clock,
  opts: { migrate?: boolean; command?: Command; config?: Config } = {},
): Promise<Engine> {
  const { lockWaitSeconds } = section(opts.config ?? DEFAULT_CONFIG, 'database', { lockWaitSeconds: 120 });
  const engine = await openEngine(dbPath(g), {
    command: commandPath(opts.command),
    lockWaitMs: lockWaitSeconds * 1000,
    // Cron and pipes just wait; a person at a terminal is told why nothing happens yet.
    onWait: (holder) => {
      if (process.stderr.isTTY && !g.quiet) process.stderr.write(`crm: ${waitingMessage(holder)}\n`);
    },
  });
  const migrations = mainOptions().migrations;
  try {
    if (opts.migrate !== false && (await needsMigration(engine, migrations))) {
      // The backup hook is owned by the backup service; imported lazily so ordinary runs skip it.
      if (!engine.created) {
        const { backupBeforeMigration } = await import('../services/backup.js');
        await backupBeforeMigration(engine, clock);
      }
      await migrateToLatest(engine, migrations);
    }
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

/**
 * Runs a command body with an open database and prints what it returns. Every command goes through
 * here, so opening, migrating, rendering and closing happen the same way everywhere.
 */
export async function withSession(
  cmd: Command,
  body: (s: Session) => Promise<Output | void>,
  opts: { migrate?: boolean; /** false: leave an interrupted import's follow-up alone (doctor reports it) */ followUp?: boolean } = {},
): Promise<void> {
  const g = globals(cmd);
  const format = outputFormat(g);
  const clock = clockFor(g);
  const config = loadConfig(g);
  const term = terminal(g);
  const engine = await openSessionEngine(g, clock, { ...opts, command: cmd, config });
  const session: Session = {
    engine,
    db: engine.db,
    clock,
    config,
    globals: g,
    format,
    term,
    say: (t) => {
      if (!g.quiet) process.stderr.write(sanitize(t) + '\n');
    },
    warn: (t) => process.stderr.write(`warning: ${sanitize(t)}\n`),
  };
  try {
    if (opts.followUp !== false) await finishInterruptedImports(session);
    const out = await body(session);
    if (out) await print(out, session);
  } finally {
    await engine.close();
  }
}

/**
 * An import killed after its commit leaves a marker: the due items and scores of its leads are
 * computed here, before the command, so no command ever works on a lead without its due item.
 */
async function finishInterruptedImports(s: Session): Promise<void> {
  const { completeFollowUps, pendingFollowUps } = await import('../services/import/follow-up.js');
  if (!(await pendingFollowUps(s)).length) return;
  s.say('finishing an interrupted import: due items and scores of its leads…');
  await completeFollowUps(s);
}

export async function print(out: Output, s: { format: Format; term: Terminal; globals: GlobalOptions }): Promise<void> {
  const r = await render(out, { format: s.format, color: s.term.color, width: process.stdout.columns });
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr && !s.globals.quiet) process.stderr.write(r.stderr);
}
