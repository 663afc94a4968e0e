import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSqlite, itSqlite, onPostgres } from '../helpers/engines.js';
import { FIXTURES, runCrm, sandbox, type Sandbox } from '../helpers/cli.js';
import { runInPty } from '../helpers/pty.js';

const ANSI = /\u001b\[/;

describe('foundation: database, customer file, errors', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox();
  });
  afterEach(() => sb.cleanup());

  itSqlite('creates the database owner-only on first use and reports it', () => {
    const r = sb.crm(['init']);
    expect(r.code).toBe(0);
    expect(statSync(sb.db).mode & 0o777).toBe(0o600);
    const info = sb.json(['db', 'info']);
    expect(info.path).toBe(sb.db);
    expect(info.schemaVersion).toBe(info.latestSchemaVersion);
    expect(info.counts.accounts).toBe(0);
  });

  itSqlite('uses CRM_DB, then XDG_DATA_HOME, when --db is not given', () => {
    // db info only reads: it never creates a database, init does
    expect(runCrm(['init'], { env: { CRM_DB: join(sb.dir, 'env.db') } }).code).toBe(0);
    expect(runCrm(['init'], { env: { CRM_DB: undefined, XDG_DATA_HOME: join(sb.dir, 'xdg') } }).code).toBe(0);
    const viaEnv = runCrm(['db', 'info', '--json'], { env: { CRM_DB: join(sb.dir, 'env.db') } });
    expect(JSON.parse(viaEnv.stdout).path).toBe(join(sb.dir, 'env.db'));
    const viaXdg = runCrm(['db', 'info', '--json'], { env: { CRM_DB: undefined, XDG_DATA_HOME: join(sb.dir, 'xdg') } });
    expect(JSON.parse(viaXdg.stdout).path).toBe(join(sb.dir, 'xdg', 'crm', 'crm.db'));
    expect(statSync(join(sb.dir, 'xdg', 'crm', 'crm.db')).mode & 0o777).toBe(0o600);
  });

  it('adds, lists, shows, edits and archives accounts', () => {
    const add = sb.crm(['account', 'add', '--name', 'Acme Trading Co., Ltd.', '--city', 'Shenzhen', '--region', 'Guangdong', '--industry', 'electronics', '--tag', 'vip', '--source', 'Trade Show', '--campaign', 'Canton Fair 2026 spring']);
    expect(add.code).toBe(0);
    const id = Number(add.stdout.trim());
    expect(id).toBeGreaterThan(0);
    sb.crm(['account', 'add', '--name', '华南电子有限公司', '--city', '深圳']);

    const list = sb.json(['account', 'list']);
    expect(list.map((a: any) => a.name).sort()).toEqual(['Acme Trading Co., Ltd.', '华南电子有限公司'].sort());
    const acme = list.find((a: any) => a.id === id);
    expect(acme).toMatchObject({ city: 'Shenzhen', region: 'Guangdong', source: 'trade-show', campaign: 'Canton Fair 2026 spring' });

    expect(sb.crm(['account', 'edit', 'acme trading', '--city', 'Guangzhou', '--owner', 'alice', '--employees', '120']).code).toBe(0);
    const shown = sb.json(['show', String(id)]);
    expect(shown).toMatchObject({ name: 'Acme Trading Co., Ltd.', city: 'Guangzhou', owner: 'alice', employees: 120, tags: ['vip'] });
    expect(shown.timeline[0].kind).toBe('created');

    expect(sb.crm(['account', 'archive', String(id)]).code).toBe(0);
    expect(sb.json(['account', 'list']).map((a: any) => a.id)).not.toContain(id);
    expect(sb.json(['account', 'list', '--archived']).map((a: any) => a.id)).toContain(id);
    expect(sb.json(['account', 'show', String(id)]).archived).toBe(true);
  });

  it('adds contacts with normalised phones and emails and lists them as JSON', () => {
    sb.crm(['account', 'add', '--name', 'Acme Trading', '--city', 'Shenzhen']);
    const r = sb.crm(['contact', 'add', 'Acme Trading', '--name', '张伟', '--title', '采购经理', '--mobile', '+86 138 1234 5678', '--email', 'Zhang.Wei@Acme.CN', '--birthday', '1980-05-12', '--role', 'purchasing', '--entry-role', 'acceptor,power']);
    expect(r.code, r.stderr).toBe(0);
    const contacts = sb.json(['contact', 'list']);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      name: '张伟',
      familyName: '张',
      givenName: '伟',
      accountName: 'Acme Trading',
      emails: ['zhang.wei@acme.cn'],
      phones: ['+8613812345678'],
      buyingRole: 'purchasing',
      entryRoles: ['acceptor', 'power'],
      birthday: '1980-05-12',
    });
    // ACCOUNT resolves by a contact's email and phone too
    expect(sb.json(['show', 'zhang.wei@acme.cn']).name).toBe('Acme Trading');
    expect(sb.json(['show', '+8613812345678']).name).toBe('Acme Trading');
    expect(sb.crm(['contact', 'edit', 'zhang.wei@acme.cn', '--hobbies', 'golf']).code).toBe(0);
    expect(sb.json(['contact', 'list'])[0].hobbies).toBe('golf');
  });

  it('finds accounts by Chinese names, partial phones, emails and notes', () => {
    sb.crm(['account', 'add', '--name', '华南电子有限公司', '--city', '深圳', '--notes', 'met at the Canton Fair booth 12']);
    sb.crm(['contact', 'add', '华南电子', '--name', '张伟', '--mobile', '13812345678', '--email', 'zw@huanan.cn']);
    sb.crm(['account', 'add', '--name', 'Other GmbH', '--city', 'Berlin']);
    for (const q of ['张伟', '华南', '1381234', 'huanan.cn', 'booth 12']) {
      const hits = sb.json(['find', q]);
      expect(hits.map((h: any) => h.name), q).toEqual(['华南电子有限公司']);
    }
    expect(sb.json(['find', 'nothing-like-this'])).toEqual([]);
  });

  it('prints CSV that round-trips and markdown tables', () => {
    sb.crm(['account', 'add', '--name', 'Comma, Quote "and" Co', '--city', 'Köln']);
    sb.crm(['account', 'add', '--name', '深圳市某某公司', '--city', '深圳']);
    const csv = sb.crm(['account', 'list', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.name).sort()).toEqual(['Comma, Quote "and" Co', '深圳市某某公司'].sort());
    expect(rows.find((r) => r.name!.startsWith('Comma'))!.city).toBe('Köln');
    const md = sb.crm(['account', 'list', '--format', 'markdown']);
    expect(md.stdout).toMatch(/^\| id \| name \|/m);
  });

  it('prints no ANSI codes when not on a terminal, and strips escape sequences from data', () => {
    sb.crm(['account', 'add', '--name', 'Evil \u001b[31mRed\u001b[0m Corp', '--city', 'X']);
    const r = sb.crm(['account', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Evil Red Corp');
    expect(ANSI.test(r.stdout + r.stderr)).toBe(false);
  });

  it('exits 2 on usage errors and 1 on a missing account, with one-line messages', () => {
    sb.crm(['init']);
    const unknown = sb.crm(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const badFlag = sb.crm(['account', 'list', '--limit', 'abc']);
    expect(badFlag.code).toBe(2);
    const missing = sb.crm(['show', 'No Such Company']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no account matches "No Such Company"/);
    expect(missing.stderr).not.toMatch(/\bat .*\.c?js:\d+/);
    const noName = sb.crm(['account', 'add', '--city', 'X']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/--name/);
    const debug = sb.crm(['show', 'No Such Company', '--debug']);
    expect(debug.stderr).toMatch(/at .*\.c?js/);
  });

  it('rejects an ambiguous account off a terminal, listing the candidates', () => {
    sb.crm(['account', 'add', '--name', 'Acme North', '--city', 'A']);
    sb.crm(['account', 'add', '--name', 'Acme South', '--city', 'B']);
    const r = sb.crm(['show', 'Acme']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/matches 2 accounts/);
    expect(r.stderr).toMatch(/Acme North/);
    expect(r.stderr).toMatch(/Acme South/);
  });

  it('leaves the database unchanged when a command fails', () => {
    sb.crm(['account', 'add', '--name', 'Acme', '--city', 'A']);
    const before = sb.json(['db', 'info']).counts;
    const r = sb.crm(['contact', 'add', 'Acme', '--name', 'Bad Email', '--email', 'not-an-email']);
    // a bad value given on the command line is a usage error
    expect(r.code).toBe(2);
    expect(sb.json(['db', 'info']).counts).toEqual(before);
  });

  // a SQLite file of schema version 1 (the team tests migrate a server book from empty)
  itSqlite('migrates an old schema forward and keeps its data', () => {
    // a file made by the first crm (no crm command creates it first: they would migrate it)
    const db = new Database(sb.db);
    db.exec(readFileSync(join(FIXTURES, 'db', 'schema-v1.sql'), 'utf8'));
    db.close();
    const info = sb.json(['db', 'info']);
    expect(info.schemaVersion).toBe(info.latestSchemaVersion);
    expect(info.counts.accounts).toBe(1);
    expect(sb.json(['find', '李娜'])[0].name).toBe('Old Schema Trading');
  });

  it('asks for a missing name on a terminal, and fails fast off one', async () => {
    const r = await runInPty(['--db', sb.db, 'account', 'add', '--city', 'Ningbo'], ['Prompted Trading\r']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Account name/);
    expect(sb.json(['account', 'list']).map((a: any) => [a.name, a.city])).toEqual([['Prompted Trading', 'Ningbo']]);
    const off = sb.crm(['account', 'add', '--city', 'Ningbo'], { input: 'Should Not Be Read\n' });
    expect(off.code).toBe(2);
  });

  it('account list, contact list and export select with the same filters', () => {
    const add = (name: string, ...flags: string[]) => expect(sb.crm(['account', 'add', '--name', name, ...flags]).code).toBe(0);
    add('Alpha GmbH', '--city', 'München', '--region', 'Bayern', '--tag', 'vip', '--owner', 'alice', '--source', 'referral');
    add('Beta Ltd', '--city', 'Shenzhen', '--region', 'Guangdong', '--tag', 'vip', '--owner', 'bob');
    add('Gamma Co', '--city', 'shenzhen', '--region', 'Guangdong', '--owner', 'alice');
    const people: [string, string][] = [['Alpha GmbH', 'Anna Alpha'], ['Beta Ltd', 'Ben Beta'], ['Gamma Co', 'Gus Gamma']];
    for (const [account, person] of people) expect(sb.crm(['contact', 'add', account, '--name', person]).code).toBe(0);
    expect(sb.crm(['account', 'archive', 'Gamma Co']).code).toBe(0);
    const names = (args: string[], key = 'name') => sb.json(args).map((r: any) => r[key]).sort();
    for (const [filter, accounts, people] of [
      [['--tag', 'vip'], ['Alpha GmbH', 'Beta Ltd'], ['Anna Alpha', 'Ben Beta']],
      [['--owner', 'alice'], ['Alpha GmbH'], ['Anna Alpha']],
      [['--city', 'SHENZHEN'], ['Beta Ltd'], ['Ben Beta']],
      [['--city', 'shenzhen', '--archived'], ['Beta Ltd', 'Gamma Co'], ['Ben Beta', 'Gus Gamma']],
      [['--region', 'guangdong', '--owner', 'alice', '--archived'], ['Gamma Co'], ['Gus Gamma']],
      [['--source', 'referral'], ['Alpha GmbH'], ['Anna Alpha']],
    ] as const) {
      expect(names(['account', 'list', ...filter]), filter.join(' ')).toEqual(accounts);
      expect(names(['contact', 'list', ...filter]), filter.join(' ')).toEqual(people);
      expect(names(['export', 'accounts', ...filter]), filter.join(' ')).toEqual(accounts);
    }
  });

  it('leads every help with examples', () => {
    const root = sb.crm(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout.trimStart().startsWith('Examples:')).toBe(true);
    for (const cmd of [['account'], ['account', 'add'], ['contact'], ['find'], ['show'], ['init'], ['db']]) {
      const h = sb.crm([...cmd, '--help']);
      expect(h.code, cmd.join(' ')).toBe(0);
      expect(h.stdout.trimStart().startsWith('Examples:'), cmd.join(' ')).toBe(true);
    }
  });
});
