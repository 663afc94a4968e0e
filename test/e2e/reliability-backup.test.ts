// Backups, restores, automatic backups before migrations, interrupted migrations and crm doctor.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookFingerprint, openBook } from '../helpers/book.js';
import { runCrm, sandbox, type Embed, type Sandbox } from '../helpers/cli.js';
import { itSqlite, onPostgres } from '../helpers/engines.js';
import { spawnCrm, waitFor } from '../helpers/spawn.js';

// A newer crm: one more migration than this one (passed to crm's main(), see helpers/embedded-crm.mjs).
const NEWER: Embed = { newer: true };
const mode = (f: string) => statSync(f).mode & 0o777;
const names = (sb: Sandbox, embed?: Embed) => sb.json(['account', 'list'], { embed }).map((a: any) => a.name).sort();

/** SQL on a backup file, or on the sandbox's book whatever its engine. */
function sql<T = any>(location: string, q: string): T[] {
  const d = openBook(location, { readonly: true });
  try {
    return d.prepare(q).all() as T[];
  } finally {
    d.close();
  }
}
const hasColumn = (location: string, table: string, column: string) => {
  try {
    sql(location, `select ${column} from ${table} limit 1`);
    return true;
  } catch {
    return false;
  }
};
const userVersion = (file: string) => sql<{ user_version: number }>(file, 'pragma user_version')[0]!.user_version;
const integrity = (file: string) => sql<{ integrity_check: string }>(file, 'pragma integrity_check').map((r) => r.integrity_check);

/** Overwrites part of the file (after the header page) with garbage, as a failing disk would. */
function damage(file: string): void {
  const b = readFileSync(file);
  for (let i = 4096 * 2; i < b.length - 4096; i += 4096) b.fill(0x5a, i + 16, i + 400);
  writeFileSync(file, b);
}

describe('reliability: backup, restore, migrations, doctor', () => {
  let sb: Sandbox;
  let latest: number;
  beforeEach(() => {
    sb = sandbox('crm-bak-');
    expect(sb.crm(['account', 'add', '--name', 'Alpha Trading', '--city', 'Hangzhou']).code).toBe(0);
    expect(sb.crm(['contact', 'add', 'Alpha Trading', '--name', '李娜', '--email', 'li.na@alpha.example']).code).toBe(0);
    latest = sb.json(['db', 'info']).latestSchemaVersion;
  });
  afterEach(() => sb.cleanup());

  it('backs up beside the database, owner-only and self-contained, or to a given file or folder', () => {
    const r = sb.crm(['backup']);
    expect(r.code, r.stderr).toBe(0);
    const file = r.stdout.trim();
    // beside the database file; a server book's backups go to the data folder
    expect(file).toMatch(/-backup-\d{8}-\d{6}(-\d+)?\.db$/);
    expect(file.startsWith(sb.dir)).toBe(true);
    expect(mode(file)).toBe(0o600);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(integrity(file)).toEqual(['ok']);
    expect(sql(file, 'select name from accounts')).toEqual([{ name: 'Alpha Trading' }]);
    expect(r.stderr).toMatch(/crm restore/);

    // a second one in the same second gets its own name
    const again = sb.crm(['backup']).stdout.trim();
    expect(again).not.toBe(file);

    mkdirSync(join(sb.dir, 'usb'));
    const inDir = sb.json(['backup', join(sb.dir, 'usb')]);
    expect(inDir.file.startsWith(join(sb.dir, 'usb', onPostgres ? '' : 'crm-backup-'))).toBe(true);
    expect(inDir.bytes).toBeGreaterThan(0);

    const named = join(sb.dir, 'named.db');
    expect(sb.crm(['backup', named]).code).toBe(0);
    expect(mode(named)).toBe(0o600);
    const exists = sb.crm(['backup', named]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/already exists.*\n.*--force/);
    expect(sb.crm(['backup', named, '--force']).code).toBe(0);
    if (!onPostgres) expect(sb.crm(['backup', sb.db]).code).toBe(1);
  });

  it('restores a backup and keeps the replaced database aside', () => {
    const file = join(sb.dir, 'before.db');
    expect(sb.crm(['backup', file]).code).toBe(0);
    sb.crm(['account', 'add', '--name', 'Beta Later']);
    expect(names(sb)).toEqual(['Alpha Trading', 'Beta Later']);

    const r = sb.crm(['restore', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ schemaVersion: latest, needsMigration: false, counts: { accounts: 1, contacts: 1 } });
    expect(names(sb)).toEqual(['Alpha Trading']);
    expect(sb.json(['find', '李娜'])[0].name).toBe('Alpha Trading');
    if (!onPostgres) expect(mode(sb.db)).toBe(0o600);
    // the database it replaced is kept, owner-only, with what it held
    expect(out.replacedKeptAt).toMatch(/\.db\.replaced-\d{8}-\d{6}(-\d+)?\.bak$/);
    expect(mode(out.replacedKeptAt)).toBe(0o600);
    expect(sql(out.replacedKeptAt, 'select name from accounts order by name').map((a) => a.name)).toEqual(['Alpha Trading', 'Beta Later']);
    // the backup file itself is untouched and can be restored again
    expect(sb.crm(['restore', file]).code).toBe(0);
    expect(sb.crm(['doctor']).code).toBe(0);
  });

  itSqlite('restores while another process has the database open, which then sees the restored data', () => {
    const file = join(sb.dir, 'before.db');
    sb.crm(['backup', file]);
    sb.crm(['account', 'add', '--name', 'Beta Later']);
    const other = new Database(sb.db);
    try {
      other.exec('BEGIN');
      expect(other.prepare('select count(*) n from accounts').get()).toEqual({ n: 2 });
      const r = sb.crm(['restore', file]);
      expect(r.code, r.stderr).toBe(0);
      // its open read transaction keeps its snapshot; the next one sees the restored file
      expect(other.prepare('select count(*) n from accounts').get()).toEqual({ n: 2 });
      other.exec('COMMIT');
      expect(other.prepare('select name from accounts').all()).toEqual([{ name: 'Alpha Trading' }]);
      expect(other.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      other.close();
    }
    expect(names(sb)).toEqual(['Alpha Trading']);
  });

  it('refuses files that are not sound crm databases, and changes nothing then', () => {
    const good = join(sb.dir, 'good.db');
    sb.crm(['backup', good]);
    const bad: Record<string, () => string> = {
      missing: () => join(sb.dir, 'nope.db'),
      'random bytes': () => {
        const f = join(sb.dir, 'random.db');
        writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
        return f;
      },
      'a CSV file': () => {
        const f = join(sb.dir, 'leads.csv');
        writeFileSync(f, 'name,email\nA,a@example.com\n');
        return f;
      },
      truncated: () => {
        const f = join(sb.dir, 'truncated.db');
        writeFileSync(f, readFileSync(good).subarray(0, 3 * 4096 + 100));
        return f;
      },
      damaged: () => {
        const f = join(sb.dir, 'damaged.db');
        copyFileSync(good, f);
        damage(f);
        return f;
      },
      'another program\'s database': () => {
        const f = join(sb.dir, 'other.sqlite');
        const d = new Database(f);
        d.exec('create table bookmarks (url text)');
        d.close();
        return f;
      },
      'a newer crm': () => {
        const f = join(sb.dir, 'newer.db');
        copyFileSync(good, f);
        const d = new Database(f);
        d.pragma(`user_version = ${latest + 1}`);
        d.close();
        return f;
      },
    };
    const expectMsg: Record<string, RegExp> = {
      missing: /not found/,
      'random bytes': /not a SQLite database/,
      'a CSV file': /not a SQLite database/,
      truncated: /damaged|cannot be read/,
      damaged: /damaged|cannot be read/,
      "another program's database": /not a crm database/,
      'a newer crm': new RegExp(`newer crm \\(schema version ${latest + 1}; this crm opens up to ${latest}\\)`),
    };
    const before = bookFingerprint(sb.db);
    for (const [what, make] of Object.entries(bad)) {
      const f = make();
      const r = sb.crm(['restore', f]);
      expect(r.code, what).toBe(1);
      expect(r.stderr, what).toContain(f);
      expect(r.stderr, what).toMatch(expectMsg[what]!);
      expect(r.stderr, what).not.toMatch(/\bat .*\.js:\d+/);
    }
    expect(bookFingerprint(sb.db)).toBe(before);
    expect(readdirSync(sb.dir).filter((f) => /replaced|restore/.test(f))).toEqual([]);
    expect(names(sb)).toEqual(['Alpha Trading']);
  });

  itSqlite('restores onto a new machine where the data folder does not exist yet', () => {
    const file = join(sb.dir, 'carry.db');
    sb.crm(['backup', file]);
    const home = join(sb.dir, 'newhome');
    const r = runCrm(['restore', file], { env: { CRM_DB: undefined, XDG_DATA_HOME: home, XDG_CONFIG_HOME: sb.dir } });
    expect(r.code, r.stderr).toBe(0);
    const db = join(home, 'crm', 'crm.db');
    expect(mode(db)).toBe(0o600);
    expect(statSync(join(home, 'crm')).mode & 0o777).toBe(0o700);
    expect(sql(db, 'select name from accounts')).toEqual([{ name: 'Alpha Trading' }]);
  });

  itSqlite('restores over a damaged database, keeping the damaged file aside', () => {
    const good = join(sb.dir, 'good.db');
    sb.crm(['backup', good]);
    damage(sb.db);
    const plain = sb.crm(['account', 'list']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/damaged.*crm doctor.*crm restore/);
    expect(plain.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const doc = sb.crm(['doctor', '--json']);
    expect(doc.code).toBe(1);
    expect(JSON.parse(doc.stdout).findings[0].check).toBe('integrity');
    const r = sb.crm(['restore', good, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(JSON.parse(r.stdout).replacedKeptAt)).toBe(true);
    expect(names(sb)).toEqual(['Alpha Trading']);
    expect(sb.crm(['doctor']).code).toBe(0);
  });

  itSqlite('backs up automatically before a migration, refuses a newer schema, and migrates an older backup on restore', () => {
    const old = join(sb.dir, 'old.db');
    sb.crm(['backup', old]);
    // A newer crm (one more migration) opens the database: it keeps a copy first.
    const info = sb.json(['db', 'info'], { embed: NEWER });
    expect(info.schemaVersion).toBe(latest + 1);
    const baks = readdirSync(sb.dir).filter((f) => f.startsWith(`crm.db.v${latest}-`) && f.endsWith('.bak'));
    expect(baks).toHaveLength(1);
    const bak = join(sb.dir, baks[0]!);
    expect(mode(bak)).toBe(0o600);
    expect(userVersion(bak)).toBe(latest);
    expect(integrity(bak)).toEqual(['ok']);
    expect(sql(bak, 'select name from accounts')).toEqual([{ name: 'Alpha Trading' }]);
    expect(sql(sb.db, 'select test_probe from accounts')).toEqual([{ test_probe: 'Alpha Trading' }]);
    // no second backup when nothing needs migrating
    sb.json(['db', 'info'], { embed: NEWER });
    expect(readdirSync(sb.dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1);

    // this (older) crm refuses the newer file and leaves it alone
    const before = readFileSync(sb.db);
    const r = sb.crm(['account', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`schema version ${latest + 1} is newer than this crm \\(${latest}\\)`));
    expect(readFileSync(sb.db).equals(before)).toBe(true);

    // restoring the old backup with the newer crm migrates it
    const res = sb.crm(['restore', old, '--json'], { embed: NEWER });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ schemaVersion: latest, needsMigration: true });
    expect(userVersion(sb.db)).toBe(latest + 1);
    expect(names(sb, NEWER)).toEqual(['Alpha Trading']);
  });

  itSqlite('never adds its tables to another program\'s SQLite file', () => {
    const other = join(sb.dir, 'places.sqlite');
    const d = new Database(other);
    d.exec("create table moz_places (url text); insert into moz_places values ('https://example.com')");
    d.close();
    const before = sql(other, "select name from sqlite_master where type = 'table'");
    const r = sb.crm(['--db', other, 'account', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a crm database/);
    expect(sql(other, "select name from sqlite_master where type = 'table'")).toEqual(before);
  });

  it('leaves the database as it was when a migration is killed mid-way, and completes it on the next run', async () => {
    // Enough rows that the migration does real work (SQL both engines speak).
    sb.query(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
      insert into accounts (name, name_key, created_at, updated_at) select 'Bulk ' || (i - 1), 'bulk' || (i - 1), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' from n`);
    const marker = join(sb.dir, 'paused');
    const run = spawnCrm(['--db', sb.db, 'db', 'info'], { embed: { ...NEWER, pauseInMigration: marker }, env: { XDG_CONFIG_HOME: sb.dir } });
    await waitFor(() => existsSync(marker), 30_000, 'the migration to reach its pause');
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');

    expect(openBook(sb.db).integrity()).toBe('ok');
    expect(hasColumn(sb.db, 'accounts', 'test_probe')).toBe(false);
    expect(sql(sb.db, 'select count(*) n from accounts')).toEqual([{ n: 20001 }]);
    // this crm still opens it as it was
    expect(sb.json(['db', 'info']).schemaVersion).toBe(latest);

    const done = sb.json(['db', 'info'], { embed: NEWER });
    expect(done.schemaVersion).toBe(latest + 1);
    expect(done.counts.accounts).toBe(20001);
    expect(sql(sb.db, `select count(*) n from accounts where test_probe = name`)).toEqual([{ n: 20001 }]);
    expect(openBook(sb.db).integrity()).toBe('ok');
  });

  itSqlite('survives kills at random moments of a migration: always the old or the new schema, never between', async () => {
    const base = join(sb.dir, 'base.db');
    sb.crm(['backup', base]);
    const d = new Database(base);
    const ins = d.prepare(`insert into accounts (name, name_key, created_at, updated_at) values (?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    d.transaction(() => {
      for (let i = 0; i < 20000; i++) ins.run(`Bulk ${i}`, `bulk${i}`);
    })();
    d.close();
    // Spread the kills over start-up, the backup, the migration and after the commit.
    for (const delay of [150, 300, 450, 600, 800, 1100]) {
      const db = join(sb.dir, `kill-${delay}.db`);
      copyFileSync(base, db);
      chmodSync(db, 0o600);
      const run = spawnCrm(['--db', db, 'db', 'info'], { embed: NEWER, env: { XDG_CONFIG_HOME: sb.dir } });
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill('SIGKILL');
      await run.done;
      expect(integrity(db), `killed after ${delay} ms`).toEqual(['ok']);
      const v = userVersion(db);
      const hasProbe = sql(db, `select count(*) n from pragma_table_info('accounts') where name = 'test_probe'`)[0].n === 1;
      expect([latest, latest + 1]).toContain(v);
      expect(hasProbe, `killed after ${delay} ms: version ${v}`).toBe(v === latest + 1);
      expect(sql(db, 'select count(*) n from accounts')).toEqual([{ n: 20001 }]);
      const after = sb.json(['--db', db, 'db', 'info'], { embed: NEWER });
      expect(after.schemaVersion).toBe(latest + 1);
    }
  });

  // foreign keys switched off and file modes: a server enforces the one and has no other (see team.test.ts)
  itSqlite('doctor finds orphans, index gaps and loose permissions, and --fix repairs them after a backup', () => {
    sb.crm(['account', 'add', '--name', 'Gamma Ltd', '--owner', 'bob']);
    expect(sb.crm(['doctor']).code).toBe(0);
    const d = new Database(sb.db);
    d.pragma('foreign_keys = OFF');
    const gamma = (d.prepare(`select id from accounts where name = 'Gamma Ltd'`).get() as { id: number }).id;
    d.exec(`delete from search_index where rowid = ${gamma}`);
    d.exec(`insert into search_index (rowid, body) values (9999, 'ghost account')`);
    d.exec(`insert into contact_points (account_id, contact_id, kind, value, created_at) values (777, null, 'email', 'orphan@example.com', '2026-01-01T00:00:00Z')`);
    d.exec(`update accounts set owner_id = 555 where id = ${gamma}`);
    d.close();
    chmodSync(sb.db, 0o644);

    const r = sb.crm(['doctor', '--json']);
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout);
    const byCheck = (c: string) => rep.findings.filter((f: any) => f.check === c);
    expect(byCheck('foreign-keys').map((f: any) => f.count).sort()).toEqual([1, 1]);
    expect(byCheck('search-index').map((f: any) => f.count)).toEqual([1, 1]);
    // the database, and the -wal/-shm SQLite made with the same mode while doctor had it open
    expect(byCheck('file-permissions')[0].message).toContain(sb.db);
    expect(rep.problems).toBe(rep.findings.length);
    expect(sb.json(['find', 'Gamma'])).toEqual([]);
    const table = sb.crm(['doctor']);
    expect(table.stderr).toMatch(/crm doctor --fix/);

    const fixed = sb.crm(['doctor', '--fix', '--json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    const out = JSON.parse(fixed.stdout);
    expect(out.problems).toBe(0);
    expect(out.findings.every((f: any) => f.fixed)).toBe(true);
    expect(existsSync(out.backup)).toBe(true);
    expect(mode(out.backup)).toBe(0o600);
    expect(mode(sb.db)).toBe(0o600);
    expect(sb.json(['find', 'Gamma']).map((h: any) => h.name)).toEqual(['Gamma Ltd']);
    expect(sb.json(['find', 'ghost'])).toEqual([]);
    expect(sql(sb.db, `select count(*) n from contact_points where account_id = 777`)).toEqual([{ n: 0 }]);
    // a dangling owner is cleared, never the account deleted
    expect(sql(sb.db, `select owner_id from accounts where name = 'Gamma Ltd'`)).toEqual([{ owner_id: null }]);
    expect(sb.crm(['doctor']).code).toBe(0);
  });

  it('doctor reports import batches left half-done, which it cannot repair', () => {
    const d = openBook(sb.db);
    d.exec(`insert into import_batches (kind, files, status, started_at) values ('leads', '["x.csv"]', 'running', '2026-01-01T00:00:00Z')`);
    d.exec(`insert into import_batches (kind, files, status, started_at, undone_at) values ('leads', '["y.csv"]', 'undone', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')`);
    d.exec(`update contacts set batch_id = 2`);
    d.close();
    const r = sb.crm(['doctor', '--fix', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: any) => [f.check, f.count, f.fixed])).toEqual([
      ['undone-batch-rows', 1, false],
      ['unfinished-batches', 1, false],
    ]);
    expect(sb.crm(['doctor']).stdout).toMatch(/crm import undo 1/);
  });

  it('doctor finds nothing wrong after an import and its undo', () => {
    const f = join(sb.dir, 'leads.csv');
    writeFileSync(f, 'Name,Company,Email\nAnn Lee,Lee Trading,ann@lee.example.com\nBo Wu,Wu Works,bo@wu.example.com\n');
    const imp = sb.json(['import', f]);
    expect(sb.crm(['doctor']).code).toBe(0);
    expect(sb.crm(['import', 'undo', String(imp.batchId)]).code).toBe(0);
    const r = sb.crm(['doctor']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
