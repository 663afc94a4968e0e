// Entry point. Only the module of the command being run is loaded: a command's imports (prompts,
// tables, import parsers, reports) cost start-up time, and `crm due` from cron must start fast.
import { Command, CommanderError, Option } from 'commander';
import { commandIndex, groupCommands, type CommandModule } from './commands/index.js';
import { reportError } from './errors.js';
import { setMainOptions, type MainOptions } from './overrides.js';
import { sanitize } from './render.js';

const GLOBAL_VALUE_OPTIONS = new Set(['--db', '--config', '--format', '--as-of']);

/** The command name in argv: the first word that is neither a global option nor its value. */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (GLOBAL_VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

/** Global option values as typed, before commander parses (it needs the date context first). */
export function earlyValue(args: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === name) found = args[++i];
    else if (a.startsWith(name + '=')) found = a.slice(name.length + 1);
  }
  return found;
}

/**
 * The time zone and "today" must be known while commander parses, since `--due friday` is turned
 * into a date right there: the config's timezone is applied first (read leniently here; the full
 * check comes when the command loads its config), then --as-of or the local day is the reference.
 */
async function dateContext(args: readonly string[]): Promise<void> {
  const { configPath } = await import('./runtime.js');
  const { applyTimeZone, nowOverride } = await import('./local-time.js');
  const { setDateReference } = await import('./options.js');
  const { systemClock, parseIsoDate } = await import('../domain/dates.js');
  try {
    const p = configPath({ config: earlyValue(args, '--config') });
    if (p) {
      const { readFileSync } = await import('node:fs');
      const tz = (JSON.parse(readFileSync(p, 'utf8')) as { timezone?: unknown }).timezone;
      if (typeof tz === 'string') {
        const { isTimeZone } = await import('../domain/config-settings.js');
        if (isTimeZone(tz)) applyTimeZone(tz);
      }
    }
  } catch {
    // a missing or broken file is reported by the command that loads it
  }
  const asOf = earlyValue(args, '--as-of');
  setDateReference(() => (asOf && parseIsoDate(asOf)) || systemClock(nowOverride()).today());
}

export const ROOT_EXAMPLES = `Examples:
  crm account add --name "Acme Trading" --city Shenzhen --industry electronics
  crm contact add "Acme Trading" --name "张伟" --title 采购经理 --mobile 13812345678
  crm import cards.csv --source trade-show --campaign "Canton Fair 2026 spring"
  crm find 张伟
  crm show "Acme Trading"
  crm due --as-of 2026-11-23
  crm account list --city Shenzhen --format csv > shenzhen.csv
`;

const EXIT_CODES = `
Exit codes: 0 success (also for empty results), 1 error, 2 usage error (also a value out of
its range), 130 interrupted (Ctrl-C; nothing half-written is kept).
Environment: CRM_DB (database path), CRM_CONFIG (config file), TZ (time zone; config timezone wins),
  NO_COLOR (no colour), FORCE_COLOR (colour even into a pipe), PAGER (long output in a terminal),
  COLUMNS (table width off a terminal), CRM_NOW (the current instant, for reproducible runs).
More: man crm · crm <command> --help · crm completion bash|zsh|fish
`;

/** `crm` alone: what it is and the three commands to start with (the full list is crm --help). */
export const OVERVIEW = `crm: account management for people who sell alone. Leads, the customer file,
the eight sales stages, scores, a daily due list and reports, in one local file.

Start here:
  crm init                       create your database (once)
  crm import cards.csv           bring in leads from CSV or vCard (or: crm account add --name ...)
  crm due                        whom to contact today, and why

All commands: crm --help    One command: crm <command> --help    Manual: man crm
`;

export function buildProgram(): Command {
  const program = new Command('crm');
  program
    .description('Account management for people who sell alone: leads, customer file, sales stages, follow-ups and reports.')
    .version('0.1.0', '-V, --version')
    .option('--db <path>', 'database file (default: $CRM_DB, else $XDG_DATA_HOME/crm/crm.db)')
    .option('--config <path>', 'config file (default: $CRM_CONFIG, else $XDG_CONFIG_HOME/crm/config.json)')
    .addOption(new Option('--format <format>', 'output format: table, json, csv, tsv, markdown (some commands add more)'))
    .option('--json', 'short for --format json')
    .option('--ids', 'listings: only the ids, one a line (for xargs, fzf)')
    .option('--as-of <date>', 'what "today" is, as YYYY-MM-DD, for reproducible output')
    .option('--no-pager', 'in a terminal: everything at once, no pager and no screenful limit')
    .option('--no-color', 'no colour even on a terminal')
    .option('--debug', 'show stack traces on errors')
    .option('-q, --quiet', 'no messages on stderr, only data and errors')
    .addHelpText('before', ROOT_EXAMPLES + '\n')
    .addHelpText('after', EXIT_CODES)
    .showSuggestionAfterError(true)
    // every command's --help lists --format, --json, --as-of... under "Global Options"
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  return program;
}

async function loadModules(name: string | undefined, args: readonly string[]): Promise<CommandModule[]> {
  const entry = name ? commandIndex.find((c) => c.names.includes(name)) : undefined;
  // `crm --version` needs no command at all; help and unknown commands need them all.
  if (!entry && args.some((a) => a === '-V' || a === '--version')) return [];
  const wanted = entry ? [entry] : commandIndex;
  return Promise.all(wanted.map((c) => c.load()));
}

/**
 * `crm account list | head` closes the pipe early: that is the reader's choice, not an error.
 * Without this, Node reports the EPIPE as an unhandled error with a stack trace.
 */
let pipeGuarded = false;
function quietOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/**
 * Ctrl-C: exit 130 with one line, never a stack trace. A write in progress is rolled back: its
 * transaction never commits, and SQLite discards it when the process ends. Code that must clean up
 * first (an export's temp file, an import's progress bar) listens with prependListener, so it runs
 * before this.
 */
let interruptible = false;
function exitOnInterrupt(): void {
  if (interruptible) return;
  interruptible = true;
  process.on('SIGINT', () => {
    process.stderr.write('crm: interrupted\n');
    process.exit(130);
  });
}

/**
 * Runs one crm command line. `options` lets a program embedding the CLI (the tests) add migrations
 * and a hook before they commit, or answer prompts: never switched by the environment.
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<void> {
  setMainOptions(options);
  quietOnClosedPipe();
  exitOnInterrupt();
  const args = argv.slice(2);
  const debug = args.includes('--debug');
  const program = buildProgram();
  try {
    const name = commandName(args);
    if (name) await dateContext(args);
    if (!name && !args.length) {
      process.stdout.write(OVERVIEW);
      return;
    }
    for (const mod of await loadModules(name, args)) mod.register(program);
    groupCommands(program);
    if (!name && !args.some((a) => a === '-V' || a === '--version')) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      process.stderr.write(`crm: ${sanitize(e.message.replace(/^error: /, ''))}\n`);
      process.stderr.write(`Run 'crm --help' or 'crm <command> --help' for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.exitCode = reportError(e, debug);
  }
}
