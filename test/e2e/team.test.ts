// Team mode (issue 17): the same crm on a shared PostgreSQL server. What is specific to a server
// runs on the postgres project only; moving a book between a file and a file runs on both.
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openBook } from '../helpers/book.js';
import { runCrm, sandbox, type Sandbox } from '../helpers/cli.js';
import { describePostgres, dropPgDatabase, newPgDatabase, pgDatabaseOf, pgServer, pgUrl } from '../helpers/engines.js';
import { pgQuerySync } from '../helpers/pg-sync.js';
import { crmAsync } from '../helpers/spawn.js';

/** A small book with what every table of a copy must carry: accounts, contacts, tags, deals, orders, a deleted id. */
function fill(sb: Sandbox): void {
  const ok = (args: string[]) => {
    const r = sb.crm(['--as-of', '2026-05-01', ...args]);
    if (r.code !== 0) throw new Error(`crm ${args.join(' ')}: ${r.stderr}`);
  };
  ok(['account', 'add', '--name', '深圳华强电子有限公司', '--city', '深圳', '--owner', 'alice', '--tag', 'vip']);
  ok(['contact', 'add', '深圳华强电子有限公司', '--name', '张伟', '--mobile', '13812345678', '--email', 'zhang.wei@huaqiang.example']);
  ok(['account', 'add', '--name', 'Temporary Co']);
  ok(['account', 'archive', 'Temporary Co']);
  ok(['account', 'add', '--name', 'Müller GmbH', '--city', 'München', '--owner', 'bob']);
  ok(['order', 'add', 'Müller GmbH', '--amount', '1234.5', '--date', '2026-04-01']);
  ok(['prospect', 'Müller GmbH', '--summary', 'met at the fair']);
}

const summary = (sb: Sandbox, db: string) => {
  const info = JSON.parse(sb.crm(['--db', db, 'db', 'info', '--json']).stdout);
  return info.counts;
};

describe('team: a whole book between two files (db copy)', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-copy-');
    fill(sb);
  });
  afterEach(() => sb.cleanup());

  it('copies a book into a new file with its ids, and refuses a book that holds data', () => {
    const to = join(sb.dir, 'copy.db');
    const r = sb.crm(['db', 'copy', sb.db, to, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows.accounts).toBe(3);
    expect(statSync(to).mode & 0o777).toBe(0o600);
    expect(summary(sb, to)).toEqual(summary(sb, sb.db));
    const list = (db: string) => JSON.parse(runCrm(['--db', db, 'account', 'list', '--archived', '--json']).stdout).map((a: any) => [a.id, a.name]);
    expect(list(to)).toEqual(list(sb.db));
    expect(JSON.parse(runCrm(['--db', to, 'find', '张伟', '--json']).stdout)[0].name).toBe('深圳华强电子有限公司');
    // copying again into the same file: refused, and nothing changes
    const again = sb.crm(['db', 'copy', sb.db, to]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a book/);
    expect(summary(sb, to)).toEqual(summary(sb, sb.db));
    // a missing source is an error, not a new empty book
    const missing = sb.crm(['db', 'copy', join(sb.dir, 'nope.db'), join(sb.dir, 'x.db')]);
    expect(missing.code).toBe(1);
    expect(existsSync(join(sb.dir, 'nope.db'))).toBe(false);
    expect(existsSync(join(sb.dir, 'x.db'))).toBe(false);
  });
});

describePostgres('team: a book on a PostgreSQL server', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-team-');
  });
  afterEach(() => sb.cleanup());

  it('crm init checks an empty database, creates pg_trgm and the schema; CRM_DB takes a URL too', () => {
    const url = newPgDatabase({ empty: true });
    try {
      const r = runCrm(['init', '--json'], { env: { CRM_DB: url, XDG_CONFIG_HOME: sb.dir } });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ path: url, created: true });
      const req = Object.fromEntries(out.requirements.map((x: any) => [x.what, x.ok]));
      expect(req).toMatchObject({ 'server version': true, 'text encoding': true, 'character type (ctype)': true, 'pg_trgm extension': true, 'trigrams of CJK text': true });
      const again = runCrm(['--db', url, 'init']);
      expect(again.stderr).toMatch(/^using postgres:\/\//);
      const info = JSON.parse(runCrm(['--db', url, 'db', 'info', '--json']).stdout);
      expect(info.sqliteVersion).toMatch(/^PostgreSQL \d+/);
      expect(info.walBytes).toBeNull();
      expect(info.store).toMatchObject({ ctype: 'C.UTF-8', login: pgServer().user });
      expect(info.schemaVersion).toBe(info.latestSchemaVersion);
    } finally {
      dropPgDatabase(url);
    }
  });

  it('says what to fix: a C ctype, a missing database, no password, a password in the URL, nothing listening', () => {
    const s = pgServer();
    const name = `t_c_${process.pid}`;
    pgQuerySync(s, 'postgres', `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
    try {
      const c = runCrm(['--db', pgUrl(name), 'init']);
      expect(c.code).toBe(1);
      expect(c.stderr).toMatch(/ctype/);
      expect(c.stderr).toContain(`LOCALE 'C.UTF-8'`);
      // and no table was made
      expect(pgQuerySync(s, name, `select count(*) n from pg_tables where schemaname = 'public'`)).toEqual([{ n: 0 }]);
    } finally {
      pgQuerySync(s, 'postgres', `DROP DATABASE ${name} WITH (FORCE)`);
    }
    const missing = runCrm(['--db', pgUrl('no_such_book'), 'account', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist.*\n.*createdb -E UTF8/);

    const noPassword = sb.crm(['account', 'list'], { env: { PGPASSWORD: undefined, HOME: sb.dir } });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/asks for a password.*\n.*~\/\.pgpass/);

    const withPassword = sb.db.replace(`${s.user}@`, `${s.user}:${s.password}@`);
    const inUrl = runCrm(['--db', withPassword, 'account', 'list']);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toMatch(/carries a password/);
    expect(inUrl.stderr).not.toContain(s.password);

    const closed = runCrm(['--db', `postgres://${s.user}@127.0.0.1:1/x`, 'account', 'list']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/nothing answers at 127\.0\.0\.1:1/);
    expect(closed.stderr).not.toMatch(/\bat .*\.c?js:\d+/);
  });

  it('reads the password from ~/.pgpass when PGPASSWORD is not set', () => {
    const s = pgServer();
    const pgpass = join(sb.dir, '.pgpass');
    writeFileSync(pgpass, `127.0.0.1:${s.port}:*:${s.user}:${s.password}\n`);
    chmodSync(pgpass, 0o600);
    const r = sb.crm(['account', 'add', '--name', 'Via Pgpass Ltd'], { env: { PGPASSWORD: undefined, HOME: sb.dir } });
    expect(r.code, r.stderr).toBe(0);
    expect(sb.json(['account', 'list']).map((a: any) => a.name)).toEqual(['Via Pgpass Ltd']);
  });

  it('finds by two Chinese characters and part of a phone number, best match first', () => {
    for (const [name, city] of [['张伟明贸易', '上海'], ['张伟', '深圳'], ['王张伟电子', '北京'], ['Acme Trading', 'Shenzhen']])
      expect(sb.crm(['account', 'add', '--name', name!, '--city', city!]).code).toBe(0);
    expect(sb.crm(['contact', 'add', 'Acme Trading', '--name', 'Li Na', '--mobile', '13812345678']).code).toBe(0);
    const hits = sb.json(['find', '张伟']).map((h: any) => h.name);
    expect(hits.sort()).toEqual(['张伟', '张伟明贸易', '王张伟电子'].sort());
    expect(sb.json(['find', '张伟'])[0].name).toBe('张伟');
    expect(sb.json(['find', '1234567']).map((h: any) => h.name)).toEqual(['Acme Trading']);
    expect(sb.json(['find', 'acme']).map((h: any) => h.name)).toEqual(['Acme Trading']);
    expect(sb.json(['find', '50%'])).toEqual([]);
  });

  it('moves a solo book in (db copy) and back out, ids and sequences kept; backup writes a SQLite file that restores anywhere', () => {
    const solo = sandbox('crm-solo-');
    try {
      // the solo book is a file whatever the engine of this run
      const file = join(solo.dir, 'solo.db');
      const ok = (args: string[]) => expect(runCrm(['--db', file, ...args]).code).toBe(0);
      ok(['account', 'add', '--name', '深圳华强电子有限公司', '--city', '深圳', '--owner', 'alice', '--tag', 'vip']);
      ok(['contact', 'add', '1', '--name', '张伟', '--mobile', '13812345678']);
      ok(['account', 'add', '--name', 'Deleted Later']);
      ok(['account', 'add', '--name', 'Müller GmbH', '--owner', 'bob']);
      ok(['order', 'add', 'Müller GmbH', '--amount', '1234.5', '--date', '2026-04-01']);
      openBook(file).exec(`delete from search_index where rowid = 2; delete from accounts where name = 'Deleted Later'`);
      const into = runCrm(['db', 'copy', file, sb.db, '--json']);
      expect(into.code, into.stderr).toBe(0);
      const ids = (db: string) => JSON.parse(runCrm(['--db', db, 'account', 'list', '--json']).stdout).map((a: any) => [a.id, a.name]);
      expect(ids(sb.db)).toEqual(ids(file));
      expect(sb.json(['find', '13812345']).map((h: any) => h.name)).toEqual(['深圳华强电子有限公司']);
      // the id the file handed out and then deleted is not handed out again
      expect(sb.crm(['account', 'add', '--name', 'New On Server']).stdout.trim()).toBe('4');
      expect(sb.query(`select amount from orders`)).toEqual([{ amount: 1234.5 }]);
      // into a server database that holds a book: refused
      expect(runCrm(['db', 'copy', file, sb.db]).stderr).toMatch(/already holds a book/);

      const back = join(solo.dir, 'back.db');
      const out = runCrm(['db', 'copy', sb.db, back]);
      expect(out.code, out.stderr).toBe(0);
      expect(ids(back)).toEqual(ids(sb.db));
      expect(runCrm(['--db', back, 'account', 'add', '--name', 'Next']).stdout.trim()).toBe('5');

      // crm backup of the server book: a SQLite file in the normal format, restorable to a file...
      const bak = sb.json(['backup', join(solo.dir, 'server-backup.db')]);
      expect(statSync(bak.file).mode & 0o777).toBe(0o600);
      expect(openBook(bak.file).integrity()).toBe('ok');
      const restored = join(solo.dir, 'restored.db');
      expect(runCrm(['--db', restored, 'restore', bak.file]).code).toBe(0);
      expect(ids(restored)).toEqual(ids(sb.db));
      // ...and back onto the server, replacing what is there in one go
      expect(sb.crm(['account', 'add', '--name', 'After The Backup']).code).toBe(0);
      const r = sb.json(['restore', bak.file]);
      expect(r.counts.accounts).toBe(3);
      expect(existsSync(r.replacedKeptAt)).toBe(true);
      expect(ids(sb.db)).toEqual(ids(restored));
      expect(sb.json(['find', '张伟']).map((h: any) => h.name)).toEqual(['深圳华强电子有限公司']);
      const doctor = sb.crm(['doctor']);
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    } finally {
      solo.cleanup();
    }
  });

  it('doctor checks what fits a server and rebuilds a search index that lost entries', () => {
    expect(sb.crm(['account', 'add', '--name', 'Gamma Ltd']).code).toBe(0);
    const clean = sb.json(['doctor']);
    expect(clean.checks).toContain('server');
    expect(clean.checks).not.toContain('file-permissions');
    sb.query(`delete from search_index`);
    sb.query(`insert into search_index (account_id, body) values (9999, 'ghost account')`);
    const r = sb.crm(['doctor', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.check)).toEqual(['search-index', 'search-index']);
    const fixed = sb.json(['doctor', '--fix']);
    expect(fixed.problems).toBe(0);
    expect(existsSync(fixed.backup)).toBe(true);
    expect(sb.json(['find', 'Gamma']).map((h: any) => h.name)).toEqual(['Gamma Ltd']);
    expect(sb.json(['find', 'ghost'])).toEqual([]);
  });

  it('readers never wait for a writer', async () => {
    expect(sb.crm(['account', 'add', '--name', 'Readable Co']).code).toBe(0);
    const holder = openBook(sb.db);
    holder.exec('BEGIN; SELECT pg_advisory_xact_lock(6517357, 1)');
    try {
      holder.exec(`UPDATE accounts SET notes = 'being written' WHERE name = 'Readable Co'`);
      const reads = await Promise.all([
        crmAsync(['--db', sb.db, 'account', 'list', '--json'], { timeoutMs: 20_000 }),
        crmAsync(['--db', sb.db, 'find', 'Readable', '--json'], { timeoutMs: 20_000 }),
        crmAsync(['--db', sb.db, 'show', 'Readable Co', '--json'], { timeoutMs: 20_000 }),
      ]);
      for (const r of reads) {
        expect(r.timedOut).toBe(false);
        expect(r.code, r.stderr).toBe(0);
      }
      // they saw the last commit, not the write in progress
      expect(JSON.parse(reads[0]!.stdout)[0].notes ?? null).toBeNull();
    } finally {
      holder.exec('ROLLBACK');
    }
  });
});

describePostgres('team: reps each with their own login', () => {
  const s = () => pgServer();
  const tag = `${process.pid}`;
  const team = `crm_team_${tag}`;
  const alice = `alice_${tag}`;
  const bob = `bob_${tag}`;
  const boss = `boss_${tag}`;
  let url: string;
  let dir: Sandbox;

  const as = (login: string, args: string[]) => {
    const u = url.replace(`${s().user}@`, `${login}@`);
    return runCrm(['--db', u, '--as-of', '2026-06-01', ...args], { env: { PGPASSWORD: `pw-${login}`, XDG_CONFIG_HOME: dir.dir, XDG_DATA_HOME: dir.dir } });
  };
  const asJson = (login: string, args: string[]) => {
    const r = as(login, [...args, '--json']);
    if (r.code !== 0) throw new Error(`${login}: crm ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    dir = sandbox('crm-reps-');
    // As an administrator sets a team up (README, "Team mode"): a role that owns the book, one
    // login per rep in it, and the database owned by the team role.
    url = newPgDatabase({ empty: true });
    const db = pgDatabaseOf(url);
    pgQuerySync(s(), 'postgres', `CREATE ROLE ${team} NOLOGIN`);
    for (const r of [alice, bob, boss]) pgQuerySync(s(), 'postgres', `CREATE ROLE ${r} LOGIN PASSWORD 'pw-${r}' IN ROLE ${team}`);
    pgQuerySync(s(), 'postgres', `ALTER DATABASE ${db} OWNER TO ${team}`);
  });
  afterAll(() => {
    dir.cleanup();
    dropPgDatabase(url);
    for (const r of [alice, bob, boss, team]) pgQuerySync(s(), 'postgres', `DROP ROLE IF EXISTS ${r}`);
  });

  it('any rep sets the book up and upgrades it; each sees their own due list, plan and deals; handoff moves a book', () => {
    // alice sets the book up: the tables belong to the team role, so bob can use and upgrade them
    const init = as(alice, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(pgQuerySync(s(), pgDatabaseOf(url), `select distinct tableowner from pg_tables where schemaname = 'public'`)).toEqual([{ tableowner: team }]);

    // the admin loads the accounts for everyone
    for (const [name, owner, city] of [['Alpha Co', alice, '杭州'], ['Beta Co', bob, '杭州'], ['Gamma Co', alice, '宁波']] as const)
      expect(as(boss, ['account', 'add', '--name', name, '--owner', owner, '--city', city]).code).toBe(0);
    // a rep's own additions are theirs
    expect(as(bob, ['account', 'add', '--name', 'Delta Co', '--city', '杭州']).code).toBe(0);
    expect(asJson(boss, ['account', 'list']).find((a: any) => a.name === 'Delta Co').owner).toBe(bob);
    for (const [who, acct] of [[alice, 'Alpha Co'], [alice, 'Gamma Co'], [bob, 'Beta Co'], [bob, 'Delta Co']] as const)
      expect(as(who, ['qualify', acct, '--summary', 'needs', '--next', 'send quote', '--due', '2026-06-01']).code).toBe(0);

    const dueNames = (login: string, extra: string[] = []) => [...new Set(asJson(login, ['due', ...extra]).items.map((i: any) => i.account))].sort();
    expect(dueNames(alice)).toEqual(['Alpha Co', 'Gamma Co']);
    expect(dueNames(bob)).toEqual(['Beta Co', 'Delta Co']);
    expect(dueNames(alice, ['--owner', 'all'])).toEqual(['Alpha Co', 'Beta Co', 'Delta Co', 'Gamma Co']);
    expect(dueNames(alice, ['--owner', bob])).toEqual(['Beta Co', 'Delta Co']);
    // a login that owns nothing (the admin) sees every rep's list
    expect(dueNames(boss)).toEqual(['Alpha Co', 'Beta Co', 'Delta Co', 'Gamma Co']);

    const deals = (login: string, extra: string[] = []) => asJson(login, ['deals', ...extra]).map((d: any) => d.account).sort();
    expect(deals(bob)).toEqual(['Beta Co', 'Delta Co']);
    expect(deals(bob, ['--owner', 'all'])).toHaveLength(4);

    const plan = asJson(alice, ['plan', 'visits', '--city', '杭州', '--days', '1']);
    expect(plan.visits.map((v: any) => v.account)).toEqual(['Alpha Co']);

    // alice leaves: her book goes to bob in one command
    const h = asJson(boss, ['handoff', '--from', alice, '--to', bob, '--note', 'alice moved on']);
    expect(h.accounts).toHaveLength(2);
    expect(dueNames(bob)).toEqual(['Alpha Co', 'Beta Co', 'Delta Co', 'Gamma Co']);
    const show = asJson(bob, ['show', 'Alpha Co']);
    expect(JSON.stringify(show)).toContain('alice moved on');
  });

  it('history records which rep made each change, and any rep undoes the last one', () => {
    expect(as(alice, ['init']).code).toBe(0);
    expect(as(alice, ['account', 'add', '--name', 'Epsilon Co']).code).toBe(0);
    expect(as(bob, ['log', 'Epsilon Co', '--kind', 'call', '--summary', 'asked for a price list']).code).toBe(0);
    const h = asJson(boss, ['history', '--limit', '2']);
    // 'crm log ACCOUNT' runs 'log add' (trust2a)
    expect(h.map((e: any) => [e.command, e.rep])).toEqual([
      ['log add', bob],
      ['account add', alice],
    ]);
    // alice takes bob's call back: the undo is hers, the call is gone
    expect(as(alice, ['undo']).code).toBe(0);
    expect(asJson(boss, ['history', '--limit', '1'])[0]).toMatchObject({ kind: 'undo', rep: alice });
    expect(JSON.stringify(asJson(boss, ['show', 'Epsilon Co']))).not.toContain('asked for a price list');
  });
});

