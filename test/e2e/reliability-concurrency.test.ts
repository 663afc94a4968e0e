// Several crm processes writing and reading the same database at once, the way a cron job, an
// import and the user at the keyboard do: no "database is locked" may reach the user, and every
// write must land exactly once.
import { openBook } from '../helpers/book.js';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { crmAsync, sleep, spawnCrm, waitFor } from '../helpers/spawn.js';

const WRITERS = 4;
const ROUNDS = 3;

describe('reliability: concurrent crm processes', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-conc-');
    expect(sb.crm(['init']).code).toBe(0);
  });
  afterEach(() => sb.cleanup());

  it('lets writers, readers and backups run at once: no lock errors, every write exactly once', { timeout: 150_000 }, async () => {
    const run = (args: string[]) => crmAsync(['--db', sb.db, ...args], { cwd: sb.dir, env: { XDG_CONFIG_HOME: sb.dir } });
    const failures: string[] = [];
    const check = (what: string, r: { code: number; stderr: string }) => {
      if (r.code !== 0 || /locked|busy/i.test(r.stderr)) failures.push(`${what}: exit ${r.code}: ${r.stderr.trim()}`);
    };
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < ROUNDS; i++) {
        const name = `Writer ${w} Company ${i}`;
        check(`add ${name}`, await run(['account', 'add', '--name', name, '--city', `City${w}`, '--owner', `rep${w}`]));
        check(`contact ${name}`, await run(['contact', 'add', name, '--name', `Person ${w}-${i}`, '--email', `p${w}.${i}@example.com`]));
        check(`edit ${name}`, await run(['account', 'edit', name, '--notes', `edited by ${w} round ${i}`, '--tag', `w${w}`]));
      }
    };
    const reader = async (k: number) => {
      let n = 0;
      while (writing) {
        const cmds = [['find', 'Company'], ['account', 'list', '--json'], ['db', 'info', '--json'], ['contact', 'list', '--json']];
        const r = await run(cmds[(n + k) % cmds.length]!);
        check(`reader ${k}`, r);
        if (r.code === 0 && r.stdout.trim().startsWith('[')) JSON.parse(r.stdout); // a complete document, never half-written
        n++;
      }
      return n;
    };
    const backups: string[] = [];
    const backupLoop = async () => {
      let i = 0;
      while (writing) {
        const file = join(sb.dir, `during-${i++}.db`);
        const r = await run(['backup', file]);
        check('backup', r);
        if (r.code === 0) backups.push(file);
        await sleep(300);
      }
    };

    const writersDone = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).finally(() => {
      writing = false;
    });
    const [, reads] = await Promise.all([writersDone, Promise.all([reader(0), reader(1)]), backupLoop()]);
    expect(failures).toEqual([]);
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const accounts = sb.json(['account', 'list', '--limit', '1000']);
    const names: string[] = accounts.map((a: any) => a.name);
    const expected = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: ROUNDS }, (_, i) => `Writer ${w} Company ${i}`)).flat();
    expect(names.sort()).toEqual(expected.sort());
    const contacts = sb.json(['contact', 'list', '--limit', '1000']);
    expect(contacts.map((c: any) => c.emails[0]).sort()).toEqual(
      Array.from({ length: WRITERS }, (_, w) => Array.from({ length: ROUNDS }, (_, i) => `p${w}.${i}@example.com`)).flat().sort(),
    );
    const db = openBook(sb.db, { readonly: true });
    const rows = db.prepare(`select a.name, a.notes, group_concat(t.tag) tags from accounts a left join account_tags t on t.account_id = a.id group by a.id`).all() as { name: string; notes: string; tags: string }[];
    for (const a of rows) {
      const [, w, i] = /Writer (\d) Company (\d+)/.exec(a.name)!;
      expect(a.notes).toBe(`edited by ${w} round ${i}`);
      expect(a.tags).toBe(`w${w}`);
    }
    expect(db.prepare('select count(*) n from reps').get()).toEqual({ n: WRITERS });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(sb.crm(['doctor']).code).toBe(0);

    // every backup taken while the others wrote is a sound database with a consistent state
    expect(backups.length).toBeGreaterThan(0);
    for (const f of backups) {
      const b = openBook(f, { readonly: true });
      expect(b.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (b.prepare('select count(*) n from accounts').get() as { n: number }).n;
      // each account is added in its own transaction with its search entry: never one without the other
      expect(b.prepare('select count(*) n from search_index').get()).toEqual({ n });
      b.close();
      expect(existsSync(`${f}-wal`)).toBe(false);
    }
  });

  it('lets the user add and read accounts while a large import runs', { timeout: 120_000 }, async () => {
    const f = join(sb.dir, 'leads.csv');
    writeFileSync(f, 'Name,Company,Email\n' + Array.from({ length: 4000 }, (_, i) => `Lead ${i},Lead Firm ${i},lead${i}@firm${i}.example.com`).join('\n') + '\n');
    const env = { XDG_CONFIG_HOME: sb.dir };
    const importing = crmAsync(['--db', sb.db, 'import', f, '--json'], { env });
    await sleep(400);
    const mine: Promise<{ code: number; stderr: string }>[] = [];
    for (let i = 0; i < 4; i++) {
      mine.push(crmAsync(['--db', sb.db, 'account', 'add', '--name', `Typed By Hand ${i}`], { env }));
      mine.push(crmAsync(['--db', sb.db, 'account', 'list', '--limit', '5', '--json'], { env }));
    }
    for (const r of await Promise.all(mine)) {
      expect(r.stderr).not.toMatch(/locked|busy/i);
      expect(r.code, r.stderr).toBe(0);
    }
    const imp = await importing;
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout).created).toBeGreaterThanOrEqual(4000);
    const db = openBook(sb.db, { readonly: true });
    expect(db.prepare(`select count(*) n from accounts where name like 'Typed By Hand %'`).get()).toEqual({ n: 4 });
    expect(db.prepare(`select count(*) n from accounts where name like 'Lead Firm %'`).get()).toEqual({ n: 4000 });
    db.close();
  });

  it('waits for another process holding the write lock instead of failing', async () => {
    // A long write (an import, a migration) holds the lock for two seconds.
    const holder = openBook(sb.db);
    holder.pragma('busy_timeout = 5000');
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare(`insert into reps (name, created_at) values ('holder', '2026-01-01T00:00:00Z')`).run();
    const started = Date.now();
    const pending = crmAsync(['--db', sb.db, 'account', 'add', '--name', 'Waited Co', '--owner', 'alice'], { env: { XDG_CONFIG_HOME: sb.dir } });
    await sleep(2000);
    holder.exec('COMMIT');
    holder.close();
    const r = await pending;
    expect(r.stderr).not.toMatch(/locked|busy/i);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(sb.json(['account', 'list']).map((a: any) => a.name)).toEqual(['Waited Co']);
  });

  it('creates and migrates the database once when several processes start on a missing file', async () => {
    const fresh = join(sb.dir, 'fresh', 'crm.db');
    const rs = await Promise.all(
      Array.from({ length: 4 }, (_, i) => crmAsync(['--db', fresh, 'account', 'add', '--name', `First ${i}`], { env: { XDG_CONFIG_HOME: sb.dir } })),
    );
    for (const r of rs) expect(r.code, r.stderr).toBe(0);
    const db = openBook(fresh, { readonly: true });
    expect((db.prepare('select count(*) n from accounts').get() as { n: number }).n).toBe(4);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // no stray backups of the empty file that was being created
    expect(readdirSync(join(sb.dir, 'fresh')).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});
