// crm completion bash|zsh|fish, and the man page (crm man, written to dist/crm.1 at build time).
// Both are generated from the registered commands, so they cannot fall behind them. This is the
// one command that loads every command module.
import { Argument, type Command, type Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { examples } from '../options.js';
import { commandIndex, groupCommands } from './index.js';

interface Node {
  /** 'account list'; '' for crm itself */
  path: string;
  cmd: Command;
  subs: Node[];
}

async function fullProgram(): Promise<Command> {
  const { buildProgram } = await import('../main.js');
  const program = buildProgram();
  for (const mod of await Promise.all(commandIndex.map((c) => c.load()))) mod.register(program);
  groupCommands(program);
  return program;
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden && c.name() !== 'help');
}

function tree(cmd: Command, path = ''): Node {
  return { path, cmd, subs: visible(cmd).map((c) => tree(c, path ? `${path} ${c.name()}` : c.name())) };
}

function walk(n: Node, out: Node[] = []): Node[] {
  out.push(n);
  for (const s of n.subs) walk(s, out);
  return out;
}

const opts = (cmd: Command): Option[] => (cmd.options as Option[]).filter((o) => !o.hidden);
const FILE_OPTIONS = /^--(db|config|out|rejects|dir|file)$/;

/** What an option's value completes to: its choices, file names, or nothing. */
function valueKind(o: Option): string[] | 'file' | 'any' | null {
  if (!o.required && !o.optional) return null;
  if (o.argChoices?.length) return o.argChoices;
  if (o.long === '--format') return ['table', 'json', 'csv', 'tsv', 'markdown'];
  if (o.long && FILE_OPTIONS.test(o.long)) return 'file';
  return 'any';
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(root: Node): string {
  const nodes = walk(root);
  const globals = opts(root.cmd);
  const subCases = nodes.filter((n) => n.subs.length).map((n) => `    ${q(n.path)}) echo ${q(n.subs.map((s) => s.cmd.name()).join(' '))} ;;`);
  const argCases = nodes
    .filter((n) => n.cmd.registeredArguments[0]?.argChoices?.length)
    .map((n) => `    ${q(n.path)}) echo ${q(n.cmd.registeredArguments[0]!.argChoices!.join(' '))} ;;`);
  const optCases = nodes.map((n) => {
    const flags = [...opts(n.cmd), ...(n.path ? globals : [])].flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
    return `    ${q(n.path)}) echo ${q([...new Set([...flags, '--help'])].join(' '))} ;;`;
  });
  const valueCase = (pattern: string, o: Option) => {
    const v = valueKind(o)!;
    return `    ${pattern}) echo ${v === 'file' ? '@file' : v === 'any' ? '@any' : q(v.join(' '))} ;;`;
  };
  const valueCases = nodes.slice(1).flatMap((n) => opts(n.cmd).filter((o) => valueKind(o) !== null).map((o) => valueCase(q(`${n.path} ${o.long}`), o)));
  // Global options may come anywhere: their patterns match after any command path.
  const globalValues = globals.filter((o) => valueKind(o) !== null);
  const globalCase = globalValues.map((o) => valueCase(`*' '${o.long}|${o.long}`, o));
  const skip = globalValues.map((o) => o.long).join('|');
  return `# bash completion for crm. Load it now:   source <(crm completion bash)
# or for good:  crm completion bash > ~/.local/share/bash-completion/completions/crm
_crm_subs() {
  case "$1" in
${subCases.join('\n')}
  esac
}
_crm_args() {
  case "$1" in
${argCases.join('\n')}
  esac
}
_crm_opts() {
  case "$1" in
${optCases.join('\n')}
  esac
}
_crm_values() {
  case "$1" in
${valueCases.join('\n')}
${globalCase.join('\n')}
  esac
}
_crm() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" i w skip=0 vals
  ((COMP_CWORD > 1)) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      ${skip || '--db'}) skip=1; continue ;;
      -*) continue ;;
    esac
    if [[ " $(_crm_subs "$path") " == *" $w "* ]]; then path="\${path:+$path }$w"; fi
  done
  if [[ "$prev" == -* ]]; then
    vals="$(_crm_values "\${path:+$path }$prev")"
    case "$vals" in
      @file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
      @any) COMPREPLY=(); return ;;
      ?*) COMPREPLY=($(compgen -W "$vals" -- "$cur")); return ;;
    esac
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_crm_opts "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_crm_subs "$path") $(_crm_args "$path")" -- "$cur"))
    ((\${#COMPREPLY[@]} == 0)) && COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}
complete -o filenames -F _crm crm
`;
}

function zsh(root: Node): string {
  // zsh runs the bash function through its bash-completion layer: one definition for both shells.
  return `#compdef crm
# zsh completion for crm. Load it now:  source <(crm completion zsh)
# or for good: crm completion zsh > "\${fpath[1]}/_crm"
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(root).replace(/^# .*\n/gm, '')}`;
}

function fish(root: Node): string {
  const lines = ['# fish completion for crm:  crm completion fish > ~/.config/fish/completions/crm.fish', 'complete -c crm -f'];
  const fq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const desc = (s: string) => fq(s.split('\n')[0]!.slice(0, 80));
  const top = root.subs.map((s) => s.cmd.name()).join(' ');
  for (const s of root.subs) lines.push(`complete -c crm -n "not __fish_seen_subcommand_from ${top}" -a ${s.cmd.name()} -d ${desc(s.cmd.description())}`);
  const optLine = (cond: string, o: Option) => {
    const v = valueKind(o);
    const parts = ['complete -c crm'];
    if (cond) parts.push(`-n "${cond}"`);
    if (o.long) parts.push(`-l ${o.long.slice(2)}`);
    if (o.short) parts.push(`-s ${o.short.slice(1)}`);
    if (v === 'file') parts.push('-r -F');
    else if (Array.isArray(v)) parts.push(`-x -a ${fq(v.join(' '))}`);
    else if (v === 'any') parts.push('-x');
    parts.push(`-d ${desc(o.description)}`);
    return parts.join(' ');
  };
  for (const o of opts(root.cmd)) lines.push(optLine('', o));
  for (const n of walk(root).slice(1)) {
    const words = n.path.split(' ');
    const cond = words.map((w) => `__fish_seen_subcommand_from ${w}`).join('; and ');
    if (n.subs.length) {
      const names = n.subs.map((s) => s.cmd.name()).join(' ');
      for (const s of n.subs) lines.push(`complete -c crm -n "${cond}; and not __fish_seen_subcommand_from ${names}" -a ${s.cmd.name()} -d ${desc(s.cmd.description())}`);
    }
    for (const o of opts(n.cmd)) lines.push(optLine(cond, o));
  }
  return lines.join('\n') + '\n';
}

// roff: a backslash is \e; a line starting with . or ' would be a request.
// Anything outside ASCII is written \[uXXXX], which groff reads without a -K option.
const roff = (s: string) =>
  s
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1')
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);

function manPage(root: Node): string {
  const out: string[] = [
    '.TH CRM 1 "" "crm 0.1.0" "User Commands"',
    '.SH NAME',
    'crm \\- account management for people who sell alone',
    '.SH SYNOPSIS',
    '.B crm',
    '[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]',
    '.SH DESCRIPTION',
    roff(root.cmd.description()),
    'Leads, the customer file, the eight sales stages, scores and tiers, a daily due list for cron, visit plans, reports and exports, in one local SQLite file.',
    '.SH GLOBAL OPTIONS',
    'These work with every command.',
  ];
  for (const o of opts(root.cmd)) out.push('.TP', `.B ${roff(o.flags)}`, roff(o.description));
  out.push('.SH COMMANDS');
  const help = root.cmd.createHelp();
  for (const n of walk(root).slice(1)) {
    if (n.subs.length && !n.cmd.registeredArguments.length && !opts(n.cmd).length) {
      out.push(`.SS "crm ${roff(n.path)}"`, roff(n.cmd.description()));
      continue;
    }
    out.push(`.SS "crm ${roff(n.path)} ${roff(help.commandUsage(n.cmd).replace(/^.*?\[options\]\s*|^\S+\s*/, '').replace(/^crm\s+/, ''))}"`);
    out.push(roff(n.cmd.description()));
    for (const a of n.cmd.registeredArguments) out.push('.TP', `.I ${roff(a.name())}`, roff(a.description || (a as Argument).name()));
    for (const o of opts(n.cmd)) out.push('.TP', `.B ${roff(o.flags)}`, roff(o.description));
  }
  out.push(
    '.SH EXIT STATUS',
    '0 success (also for empty results), 1 error, 2 usage error.',
    '.SH ENVIRONMENT',
    '.TP', '.B CRM_DB', 'the database file (else $XDG_DATA_HOME/crm/crm.db)',
    '.TP', '.B CRM_CONFIG', 'the config file (else $XDG_CONFIG_HOME/crm/config.json); see crm config',
    '.TP', '.B TZ', 'the time zone of "today" and of stored times (config timezone wins)',
    '.TP', '.B NO_COLOR, FORCE_COLOR', 'no colour (when set and not empty) / colour even into a pipe',
    '.TP', '.B PAGER', 'long output in a terminal (default less with LESS=FRX)',
    '.TP', '.B COLUMNS', 'the width tables fit when output is not a terminal',
    '.SH EXAMPLES',
    '.nf',
    roff(examples(['crm init', 'crm import cards.csv --source trade-show', 'crm due', 'crm find zhangwei', 'crm show "Acme Trading"', 'crm account list --ids | xargs -n1 crm score'])),
    '.fi',
    '.SH SEE ALSO',
    'The README of crm (the user manual); crm \\fIcommand\\fR \\-\\-help.',
  );
  return out.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('completion')
    .description('shell completion: prints a script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'before',
      examples([
        'source <(crm completion bash)                       # this shell',
        'crm completion bash > ~/.local/share/bash-completion/completions/crm',
        'crm completion zsh > "${fpath[1]}/_crm"',
        'crm completion fish > ~/.config/fish/completions/crm.fish',
      ]) + '\n',
    )
    .action(async (shell: string) => {
      const root = tree(await fullProgram());
      const text = shell === 'bash' ? bash(root) : shell === 'zsh' ? zsh(root) : shell === 'fish' ? fish(root) : undefined;
      if (text === undefined) throw new UsageError(`no completion for ${shell}`);
      process.stdout.write(text);
    });
  program
    .command('man', { hidden: true })
    .description('the manual page in roff (npm run build writes it to dist/crm.1)')
    .action(async () => {
      process.stdout.write(manPage(tree(await fullProgram())));
    });
}
