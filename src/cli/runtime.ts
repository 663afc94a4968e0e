// What every command shares: the global options, the database path, the service context, output.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine, LockHolder } from '../db/engine.js';
import type { ChangeLabel } from '../db/history.js';
import { latestVersion, migrateToLatest, needsMigration } from '../db/migrate.js';
import { isServerLocation, openEngine, resolveLocation } from '../db/open.js';
import { setNameVariants } from '../db/search-text.js';
import { pinyinSearchText } from '../domain/pinyin.js';
import { DATABASE_DEFAULTS, DEFAULT_CONFIG, mergeConfig, section, type Config } from '../domain/config.js';
import { fixedClock, parseIsoDate, systemClock, type Clock } from '../domain/dates.js';
import { CrmError, UsageError } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { applyTimeZone, nowOverride } from './local-time.js';
import { mainOptions } from './overrides.js';
import { FORMATS, render, sanitize, type Format, type Output } from './render.js';

export interface GlobalOptions {
  db?: string;
  config?: string;
  format?: string;
  json?: boolean;
  /** --ids: one id a line (a listing's ids, for xargs and fzf) */
  ids?: boolean;
  asOf?: string;
  /** --no-pager: in a terminal, everything at once (a global --all would clash with the --all of greetings and signal list) */
  pager?: boolean;
  color?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

export interface Terminal {
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  color: boolean;
}

/**
 * Colour: --no-color first; then FORCE_COLOR (set and not 0/false: colour even into a pipe);
 * then NO_COLOR, which counts only when set to something (no-color.org: an empty value is unset);
 * else colour on a terminal that is not TERM=dumb.
 */
export function colorWanted(g: GlobalOptions, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (g.color === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

export function terminal(g: GlobalOptions): Terminal {
  const stdoutIsTTY = !!process.stdout.isTTY;
  return { stdoutIsTTY, stdinIsTTY: !!process.stdin.isTTY, color: colorWanted(g, stdoutIsTTY) };
}

/** Width tables fit: the terminal's; into a pipe or file, $COLUMNS when set, else none (nothing cut). */
export function outputWidth(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const c = Number(env.COLUMNS);
  return Number.isInteger(c) && c > 0 ? c : undefined;
}

/** Prompts only where a person can answer: both ends on a TTY, and never in CI. */
export function canPrompt(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;
}

/** The folder of the user's crm data (the default book, backups of a server book). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'crm');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CRM_DB) return resolveLocation(env.CRM_DB);
  return join(dataDir(env), 'crm.db');
}

/** Where the book is: a file path made absolute, or a server URL (postgres://…) as given. */
export function dbPath(g: GlobalOptions): string {
  return g.db ? resolveLocation(g.db) : defaultDbPath();
}

/** Opens a book as the command line names it (no migration): a file path or a server URL. */
export function openLocation(location: string): Promise<Engine> {
  return openEngine(location, { dataDir: dataDir() });
}

/** The config file in effect, if any: an explicit one must exist (loadConfig says so); the default one may not. */
export function configPath(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = configTarget(g, env);
  return g.config || env.CRM_CONFIG || existsSync(p) ? p : undefined;
}

/** The config file to read and write: --config, CRM_CONFIG, else $XDG_CONFIG_HOME/crm/config.json (existing or not). */
export function configTarget(g: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (g.config) return resolve(g.config);
  if (env.CRM_CONFIG) return resolve(env.CRM_CONFIG);
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'crm', 'config.json');
}

export async function loadConfig(g: GlobalOptions): Promise<Config> {
  const p = configPath(g);
  if (!p) return DEFAULT_CONFIG;
  // the schema and its checks load only when there is a file to check
  const { readConfigFile } = await import('./config-file.js');
  return readConfigFile(p).config;
}

export function outputFormat(g: GlobalOptions): Format {
  if (g.ids) return 'ids';
  if (g.json) return 'json';
  const f = (g.format ?? 'table').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${g.format}")`);
  return f as Format;
}

export function clockFor(g: GlobalOptions): Clock {
  if (g.asOf === undefined) return systemClock(nowOverride());
  const d = parseIsoDate(g.asOf);
  if (!d) throw new UsageError(`--as-of must be a date as YYYY-MM-DD (got "${g.asOf}")`);
  return fixedClock(d);
}

/**
 * Commands that only read: they never create a database (see openSessionEngine). Every other command
 * creates it on first use, as `crm init` does. Named by their path: 'account list'.
 */
export const READ_ONLY_COMMANDS = new Set([
  'find', 'show', 'due', 'greetings', 'deals', 'score', 'tiers', 'risk', 'report', 'export', 'backup', 'doctor',
  'db info', 'account list', 'account show', 'contact list', 'import list', 'import maps', 'order list',
  'promise list', 'promise show', 'next list', 'log list', 'survey list', 'deals list', 'complaint list', 'signal list', 'plan list', 'plan show', 'plan report', 'activity', 'history',
  'campaign list', 'campaign show',
]);

export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function isReadOnly(cmd: Command): boolean {
  return READ_ONLY_COMMANDS.has(commandPath(cmd));
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

/** What a writer that waits for another process's write lock tells the person at the terminal. */
export function waitingMessage(holder: LockHolder | undefined): string {
  if (!holder) return 'waiting for another program that is writing to the database…';
  const what = holder.command === 'import' ? 'the import' : `crm ${holder.command}`;
  return `waiting for ${what} in progress, pid ${holder.pid}, to finish writing… (Ctrl-C to stop waiting)`;
}

/** Brings a book to this crm's schema (a backup of a file book first), if it is not there yet. */
export async function migrateSession(engine: Engine, clock: Clock): Promise<void> {
  const migrations = mainOptions().migrations;
  if (!(await needsMigration(engine, migrations))) return;
  // The backup hook is owned by the backup service; imported lazily so ordinary runs skip it.
  if (!engine.created) {
    const { backupBeforeMigration } = await import('../services/backup.js');
    await backupBeforeMigration(engine, clock, latestVersion(migrations));
  }
  const { keyNamesAgain } = await import('../services/names.js');
  await migrateToLatest(engine, { ...migrations, afterMigrations: async (db) => void (await keyNamesAgain(engine, db)) });
}

export async function openSessionEngine(
  g: GlobalOptions,
  clock: Clock,
  opts: { migrate?: boolean; create?: boolean; command?: Command; config?: Config; location?: string } = {},
): Promise<Engine> {
  const path = opts.location ?? dbPath(g);
  // A read-only command must not leave an empty database behind (cron with a wrong HOME would
  // then mail "nothing due" every morning): it says where it looked instead.
  if (opts.create === false && !isServerLocation(path) && path !== ':memory:' && !existsSync(path))
    throw new CrmError(`no database at ${path}: set CRM_DB, pass --db, or run crm init`);
  setNameVariants(pinyinSearchText);
  const { lockWaitSeconds } = section(opts.config ?? DEFAULT_CONFIG, 'database', DATABASE_DEFAULTS);
  const engine = await openEngine(path, {
    dataDir: dataDir(),
    create: opts.create,
    command: (opts.command && commandPath(opts.command)) || 'crm',
    lockWaitMs: lockWaitSeconds * 1000,
    // Cron and pipes just wait; a person at a terminal is told why nothing happens yet.
    onWait: (holder) => {
      if (process.stderr.isTTY && !g.quiet) process.stderr.write(`crm: ${waitingMessage(holder)}\n`);
    },
  });
  // labelled before anything is written, so that what an upgrade writes carries this command and clock
  if (opts.command) engine.history.setLabel(changeLabel(opts.command, clock, opts.config ?? DEFAULT_CONFIG));
  try {
    if (opts.migrate !== false) await migrateSession(engine, clock);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

const GLOBAL_WITH_VALUE = new Set(['--db', '--config', '--format', '--as-of']);
const GLOBAL_FLAGS = new Set(['--json', '--no-color', '--debug', '-q', '--quiet']);

/**
 * What the history records of this process: the command path ("contact edit"), its arguments
 * without the global options, and who ran it (the configured rep, else the login name).
 */
export function changeLabel(cmd: Command, clock: Clock, config: Config): ChangeLabel {
  const command = commandPath(cmd);
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as Command & { rawArgs?: string[] }).rawArgs?.slice(2) ?? [];
  const rest: string[] = [];
  const words = command === 'crm' ? [] : command.split(' ');
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (GLOBAL_FLAGS.has(a) || [...GLOBAL_WITH_VALUE].some((g) => a.startsWith(`${g}=`))) continue;
    else if (words.length && a === words[0]) words.shift();
    else rest.push(/[\s"']/.test(a) ? JSON.stringify(a) : a);
  }
  const args = rest.join(' ');
  return { command, args: args ? args.slice(0, 500) : null, rep: config.defaultOwner ?? loginName(), now: () => clock.now() };
}

function loginName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/**
 * On a team book (a server, where each rep logs in as themselves) what a rep adds is theirs: the
 * rep recorded on new accounts and interactions defaults to who they are (services/reps.ts).
 */
async function teamConfig(engine: Engine, clock: Clock, config: Config): Promise<Config> {
  // a book being created has no reps yet
  if (config.defaultOwner || engine.created) return config;
  const { whoAmI } = await import('../services/reps.js');
  const me = await whoAmI({ engine, db: engine.db, clock, config });
  return me.team && me.name ? { ...config, defaultOwner: me.name } : config;
}

/**
 * Runs a command body with an open database and prints what it returns. Every command goes through
 * here, so opening, migrating, rendering and closing happen the same way everywhere.
 */
export async function withSession(
  cmd: Command,
  body: (s: Session) => Promise<Output | void>,
  opts: { migrate?: boolean; create?: boolean; /** false: leave an interrupted import's follow-up alone (doctor reports it) */ followUp?: boolean } = {},
): Promise<void> {
  const g = globals(cmd);
  const format = outputFormat(g);
  const config = await loadConfig(g);
  applyTimeZone(config.timezone);
  const clock = clockFor(g);
  const term = terminal(g);
  const engine = await openSessionEngine(g, clock, { ...opts, create: opts.create ?? !isReadOnly(cmd), command: cmd, config });
  const teamCfg = await teamConfig(engine, clock, config);
  // on a team book the history records the rep who wrote, not the login of the machine
  if (teamCfg !== config) engine.history.setLabel(changeLabel(cmd, clock, teamCfg));
  const session: Session = {
    engine,
    db: engine.db,
    clock,
    config: teamCfg,
    globals: g,
    format,
    term,
    say: (t) => {
      if (!g.quiet) process.stderr.write(sanitize(t) + '\n');
    },
    warn: (t) => process.stderr.write(`warning: ${sanitize(t)}\n`),
  };
  try {
    if (opts.migrate !== false) {
      // a migration asked for the stored due list to be rebuilt: do it once, before the command
      const { rebuildDueIfAsked } = await import('../services/upgrade.js');
      const done = await rebuildDueIfAsked(session);
      if (done) session.say(done);
    }
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
  const r = await render(out, { format: s.format, color: s.term.color, width: outputWidth() });
  // A person at a terminal gets long output a page at a time; a pipe or file gets all of it.
  if (r.stdout && s.term.stdoutIsTTY && s.globals.pager !== false && (s.format === 'table' || s.format === 'markdown')) {
    const { page } = await import('./pager.js');
    await page(r.stdout, { canPrompt: s.term.stdinIsTTY, note: (t) => !s.globals.quiet && process.stderr.write(t + '\n') });
  } else if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr && !s.globals.quiet) process.stderr.write(r.stderr);
}
