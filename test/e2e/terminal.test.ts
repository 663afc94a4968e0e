// Issue 18 points 2, 3, 4 and 7: safe in cron, tables that fit, completion and help, output for
// scripts. Runs the built bin/crm.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCrm, sandbox, type Sandbox } from '../helpers/cli.js';
import { describeSqlite } from '../helpers/engines.js';
import { spawn } from 'node:child_process';

/** crm on a pseudo-terminal of a given size (script(1) with stty), as a person at a terminal runs it. */
function onTerminal(args: string[], size: { rows: number; cols: number }, env: Record<string, string | undefined> = {}): Promise<{ code: number; output: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const e: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env };
  delete e.CI;
  const child = spawn('script', ['-qfec', `stty rows ${size.rows} cols ${size.cols}; ${quoted}`, '/dev/null'], { env: e as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, output })));
}

/** Display width as a terminal counts it: CJK (and fullwidth) 2. */
function width(line: string): number {
  let w = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) ? 2 : 1;
  }
  return w;
}

// a missing file: a server database is made by its administrator, not by crm
describeSqlite('read-only commands never create a database (18.2)', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox('crm-nodb-');
  });
  afterAll(() => sb.cleanup());

  const readers = [['due'], ['find', 'acme'], ['show', '1'], ['account', 'list'], ['contact', 'list'], ['report', 'funnel'], ['export', 'accounts'], ['db', 'info'], ['deals'], ['score'], ['tiers'], ['risk'], ['greetings'], ['promise', 'list']];
  it.each(readers)('crm %s on a missing database: exit 1, says where it looked, creates nothing', (...args) => {
    const r = sb.crm(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no database at ${sb.db}: set CRM_DB, pass --db, or run crm init`);
    expect(existsSync(sb.db)).toBe(false);
  });

  it('a wrong HOME in cron is an error, not an empty "nothing due"', () => {
    const r = runCrm(['due'], { env: { HOME: join(sb.dir, 'nohome'), CRM_DB: undefined, XDG_DATA_HOME: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no database at ${join(sb.dir, 'nohome', '.local', 'share', 'crm', 'crm.db')}`);
    expect(r.stdout).toBe('');
  });

  it('init and write commands create it', () => {
    const other = join(sb.dir, 'w.db');
    expect(runCrm(['--db', other, 'account', 'add', '--name', 'Acme']).code).toBe(0);
    expect(existsSync(other)).toBe(true);
    expect(sb.crm(['init']).code).toBe(0);
    expect(existsSync(sb.db)).toBe(true);
    expect(sb.crm(['due']).code).toBe(0);
  });

  it('due --if-any prints nothing at all on an empty day, the list otherwise', () => {
    const empty = sb.crm(['--as-of', '2026-11-23', 'due', '--if-any', '--format', 'markdown']);
    expect(empty.code).toBe(0);
    expect(empty.stdout + empty.stderr).toBe('');
    sb.crm(['account', 'add', '--name', 'Acme']);
    sb.crm(['--as-of', '2026-11-23', 'log', 'Acme', '--kind', 'call', '--next', 'send quote', '--due', '2026-11-23']);
    const some = sb.crm(['--as-of', '2026-11-23', 'due', '--if-any', '--format', 'markdown']);
    expect(some.code).toBe(0);
    expect(some.stdout).toContain('send quote');
  });
});

describe('output that fits and output for scripts (18.3, 18.7)', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox('crm-out-');
    sb.crm(['account', 'add', '--name', '华南电子有限公司 Southern China Electronics Manufacturing Group', '--city', '深圳', '--region', '广东省', '--industry', 'electronics and electrical equipment', '--tag', 'vip']);
    sb.crm(['contact', 'add', '1', '--name', '张伟', '--title', '采购部经理兼供应链总监', '--mobile', '13812345678', '--email', 'zhang.wei.purchasing@southern-china-electronics.example.cn']);
    // 30 more accounts in one import (one process, not 30: the test worker must not block for long)
    const csv = join(sb.dir, 'more.csv');
    writeFileSync(csv, 'Company,City\n' + Array.from({ length: 30 }, (_, i) => `Account ${i} with a long enough name to need cutting,Shenzhen`).join('\n') + '\n');
    expect(sb.crm(['import', csv]).code).toBe(0);
    sb.crm(['--as-of', '2026-11-23', 'log', '1', '--kind', 'visit', '--summary', '很长的拜访记录：'.repeat(20), '--next', 'send the quotation for 400 units with the new price list', '--due', '2026-11-23']);
  });
  afterAll(() => sb.cleanup());

  const listings = [['account', 'list'], ['contact', 'list'], ['show', '1'], ['find', '张伟'], ['--as-of', '2026-11-23', 'due', '--format', 'table'], ['--as-of', '2026-11-23', 'due'], ['promise', 'list'], ['deals'], ['score'], ['config', 'show']];
  it.each(listings)('crm %s at COLUMNS=80 has no line over 80 display columns', (...args) => {
    const r = sb.crm(args, { env: { COLUMNS: '80' } });
    expect(r.code, r.stderr).toBe(0);
    const over = r.stdout.split('\n').filter((l) => width(l) > 80);
    expect(over).toEqual([]);
  });

  it('puts no separator line between rows, and names the columns it left out', () => {
    const r = sb.crm(['contact', 'list'], { env: { COLUMNS: '60' } });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3); // header, rule, one contact
    expect(lines[2]).toContain('张伟');
    expect(r.stderr).toMatch(/left out to fit 60 columns/);
  });

  it('keeps every column whole into a pipe without COLUMNS', () => {
    const r = sb.crm(['contact', 'list'], { env: { COLUMNS: undefined } });
    expect(r.stdout).toContain('zhang.wei.purchasing@southern-china-electronics.example.cn');
    expect(r.stdout).toContain('采购部经理兼供应链总监');
  });

  it('--format tsv: a header and one line per record, tabs and newlines escaped', () => {
    const r = sb.crm(['account', 'list', '--format', 'tsv']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]!.split('\t')).toContain('name');
    expect(lines).toHaveLength(32);
    expect(lines.every((l) => l.split('\t').length === lines[0]!.split('\t').length)).toBe(true);
    const show = sb.crm(['show', '1', '--format', 'tsv']);
    expect(show.stdout.split('\n')[0]).toBe('section\tfield\tvalue');
  });

  it('--ids prints one id a line for every listing', () => {
    expect(sb.crm(['account', 'list', '--ids']).stdout.trim().split('\n')).toHaveLength(31);
    expect(sb.crm(['contact', 'list', '--ids']).stdout).toBe('1\n');
    expect(sb.crm(['find', '张伟', '--ids']).stdout).toBe('1\n');
    expect(sb.crm(['--as-of', '2026-11-23', 'due', '--ids']).stdout).toMatch(/^next:\d+\n$/);
    expect(sb.crm(['promise', 'list', '--ids']).code).toBe(0);
    // the same rows as the listing with the same filters, in the same order
    const fed = sb.crm(['account', 'list', '--ids', '--city', 'Shenzhen']).stdout.trim().split('\n');
    expect(fed).toEqual(sb.json(['account', 'list', '--city', 'Shenzhen']).map((a: any) => String(a.id)));
    expect(fed.length).toBeGreaterThanOrEqual(30);
  });

  it('colour: FORCE_COLOR into a pipe, an empty NO_COLOR does not count, a set one does, --no-color wins', () => {
    const esc = /\u001b\[/;
    expect(sb.crm(['account', 'list']).stdout).not.toMatch(esc);
    expect(sb.crm(['account', 'list'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(esc);
    expect(sb.crm(['account', 'list'], { env: { FORCE_COLOR: '0' } }).stdout).not.toMatch(esc);
    expect(sb.crm(['account', 'list', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(esc);
  });

  it('on a terminal: an empty NO_COLOR still colours, a set one does not', async () => {
    const colours = async (env: Record<string, string | undefined>) => (await onTerminal(['--db', sb.db, 'account', 'list', '--limit', '3'], { rows: 40, cols: 120 }, { ...env, PAGER: 'cat' })).output;
    expect(await colours({ NO_COLOR: '' })).toMatch(/\u001b\[1m/);
    expect(await colours({ NO_COLOR: '1' })).not.toMatch(/\u001b\[1m/);
  });

  it('on a terminal, a long listing goes through $PAGER; piped it is complete', async () => {
    const paged = await onTerminal(['--db', sb.db, 'account', 'list'], { rows: 10, cols: 100 }, { PAGER: 'sed s/^/PAGED:/' });
    expect(paged.output).toMatch(/PAGED:.*Account 29/);
    const short = await onTerminal(['--db', sb.db, 'account', 'list', '--limit', '3'], { rows: 10, cols: 100 }, { PAGER: 'sed s/^/PAGED:/' });
    expect(short.output).not.toContain('PAGED:');
    const piped = sb.crm(['account', 'list'], { env: { PAGER: 'sed s/^/PAGED:/' } });
    expect(piped.stdout).not.toContain('PAGED:');
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(33);
  });

  it('on a terminal without a pager, stops at a screenful and says how to see the rest', async () => {
    const r = await onTerminal(['--db', sb.db, 'account', 'list'], { rows: 15, cols: 100 }, { PAGER: 'no-such-pager-xyz' });
    expect(r.output).toMatch(/\d+ more lines: --no-pager/);
    expect(r.output).not.toContain('Account 29');
    const all = await onTerminal(['--db', sb.db, 'account', 'list', '--no-pager'], { rows: 15, cols: 100 }, { PAGER: 'no-such-pager-xyz' });
    expect(all.output).toContain('Account 29');
  });

  it('on a terminal, tables fit its width', async () => {
    const r = await onTerminal(['--db', sb.db, 'contact', 'list'], { rows: 40, cols: 60 }, { PAGER: 'cat' });
    const lines = r.output.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/).filter((l) => l.includes('张伟') || l.startsWith('id'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(60);
  });
});

describe('completion, man page and help (18.4)', () => {
  it('bash completion loads and completes commands, subcommands, options and values', () => {
    const script = runCrm(['completion', 'bash']).stdout;
    const dir = sandbox('crm-compl-');
    try {
      const file = join(dir.dir, 'crm.bash');
      writeFileSync(file, script);
      const complete = (line: string) => {
        const r = spawnSync('bash', ['-c', `source ${file} && COMP_WORDS=(${line}) && COMP_CWORD=$((\${#COMP_WORDS[@]}-1)) && _crm && printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout.trim().split('\n');
      };
      expect(spawnSync('bash', ['-c', `source ${file} && complete -p crm`], { encoding: 'utf8' }).stdout).toContain('-F _crm crm');
      expect(complete('crm acc')).toEqual(['account']);
      expect(complete('crm account l')).toEqual(['list']);
      expect(complete('crm account list --ci')).toEqual(['--city']);
      expect(complete("crm --format ''")).toEqual(['table', 'json', 'csv', 'tsv', 'markdown']);
      expect(complete('crm due --if')).toEqual(['--if-any']);
      expect(complete("crm completion ''")).toEqual(['bash', 'zsh', 'fish']);
      expect(complete("crm report f")).toContain('funnel');
    } finally {
      dir.cleanup();
    }
  });

  it('zsh and fish completion scripts are generated from the same commands', () => {
    const zsh = runCrm(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef crm/);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = runCrm(['completion', 'fish']);
    expect(fish.stdout).toContain('complete -c crm');
    expect(fish.stdout).toMatch(/__fish_seen_subcommand_from account.* -a list/);
    expect(runCrm(['completion', 'tcsh']).code).toBe(2);
  });

  it('the build writes a man page that renders and covers every command', () => {
    const man = join(ROOT, 'dist', 'crm.1');
    expect(existsSync(man)).toBe(true);
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', man], { encoding: 'utf8' });
    if (r.error) return; // no groff on this machine: the file itself is checked above
    expect(r.stderr).toBe('');
    for (const c of ['crm account list', 'crm due', 'crm completion', 'crm config set', '--as-of', 'EXIT STATUS']) expect(r.stdout.replace(/.\u0008/g, '')).toContain(c);
  });

  it('every command help shows the global options; crm --help is grouped; crm alone is a short overview', () => {
    const help = runCrm(['account', 'list', '--help']).stdout;
    expect(help).toMatch(/^Examples:/);
    expect(help).toMatch(/Global Options:[\s\S]*--format[\s\S]*--json[\s\S]*--as-of/);
    const top = runCrm(['--help']).stdout;
    const order = ['Setting up and keeping data:', 'Leads and the customer file:', 'Sales stages', 'Deciding what to do:', 'Reports and exports:'].map((h) => top.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const bare = runCrm([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout.split('\n').length).toBeLessThan(20);
    for (const c of ['crm init', 'crm import', 'crm due']) expect(bare.stdout).toContain(c);
  });
});
