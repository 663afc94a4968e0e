// Issue 14, points 3, 4 and 8: a full disk is reported truthfully, backups are checked, an empty
// file is never taken for a new database, leftovers of killed runs are found, and a writer that
// must wait for another says so and waits.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';
import { describeSqlite, itSqlite } from '../helpers/engines.js';
import { runInPty } from '../helpers/pty.js';

const count = (db: string, table: string): number => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

/** A private mount namespace with a tmpfs can be made here (root, or unprivileged user namespaces). */
const canMountTmpfs = spawnSync('unshare', ['-Urm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d" && rmdir "$d"']).status === 0;

// A full disk, damaged pages, files left beside the book and the DB-writer sidecar are a database
// file's: on a server the server has them (its writers are tested in reliability-concurrency).
describeSqlite('a full disk is reported truthfully', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-full-');
  });
  afterEach(() => sb.cleanup());

  // The database sits on a small tmpfs filled to the last few KB: every write command meets ENOSPC.
  it.runIf(canMountTmpfs)('log and account add on a full disk: "the disk is full", exit 1, the database as it was', () => {
    expect(sb.crm(['init']).code).toBe(0);
    for (let i = 1; i <= 40; i++) expect(sb.crm(['account', 'add', '--name', `Acme ${i}`, '--city', 'Shenzhen']).code).toBe(0);
    const before = { accounts: count(sb.db, 'accounts'), interactions: count(sb.db, 'interactions') };
    // Two ways a disk is full: no room even for the shared-memory file a connection needs (3 pages
    // free), and room to open but not for the transaction's log (12 pages free).
    const script = `
      set -u
      for free in 3 12; do
        mount -t tmpfs -o size=2m tmpfs "$DIR/full"
        cp "$DIR/crm.db" "$DIR/full/crm.db"
        dd if=/dev/zero of="$DIR/full/filler" bs=4k 2>/dev/null || true
        dd if=/dev/zero of="$DIR/full/filler" bs=4k count=$(( $(stat -c %s "$DIR/full/filler") / 4096 - free )) 2>/dev/null
        for cmd in log add; do
          if [ $cmd = log ]; then set -- log "Acme 3" --kind call --summary hello --next "send samples" --due 2026-12-20
          else set -- account add --name "Newco Trading" --city Shenzhen; fi
          "$NODE" "$BIN" --db "$DIR/full/crm.db" "$@" >"$DIR/$cmd-$free.out" 2>"$DIR/$cmd-$free.err"
          echo $? >"$DIR/$cmd-$free.code"
        done
        rm -f "$DIR/full/filler"
        "$NODE" -e 'const D = require(process.argv[1]); const d = new D(process.argv[2]); const n = (t) => d.prepare("select count(*) as n from " + t).get().n; console.log(JSON.stringify({ accounts: n("accounts"), interactions: n("interactions") }))' "$SQLITE" "$DIR/full/crm.db" >"$DIR/after-$free.json"
        umount "$DIR/full"
      done
    `;
    spawnSync('mkdir', ['-p', join(sb.dir, 'full')]);
    const r = spawnSync('unshare', ['-Urm', 'bash', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, DIR: sb.dir, NODE: process.execPath, BIN, SQLITE: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    expect(r.status, r.stderr).toBe(0);
    for (const free of [3, 12]) {
      for (const cmd of ['log', 'add']) {
        const err = readFileSync(join(sb.dir, `${cmd}-${free}.err`), 'utf8');
        expect(readFileSync(join(sb.dir, `${cmd}-${free}.code`), 'utf8').trim(), err).toBe('1');
        expect(err, `${cmd} with ${free} pages free`).toMatch(/^crm: the disk is full/);
        expect(err).not.toMatch(/cannot rollback|no transaction/i);
      }
      expect(JSON.parse(readFileSync(join(sb.dir, `after-${free}.json`), 'utf8'))).toEqual(before);
    }
  });
});

describe('backups and database files you can rely on', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-backup2-');
  });
  afterEach(() => sb.cleanup());

  itSqlite('refuses to back up a database with garbage in its middle, and leaves no backup behind', () => {
    expect(sb.crm(['init']).code).toBe(0);
    for (let i = 1; i <= 60; i++) expect(sb.crm(['account', 'add', '--name', `Garbage Test ${i}`, '--notes', `${i} `.repeat(1500)]).code).toBe(0);
    const size = statSync(sb.db).size;
    expect(size).toBeGreaterThan(200_000);
    // overwrite pages in the middle (past the schema pages) with garbage
    const fd = openSync(sb.db, 'r+');
    const junk = Buffer.alloc(4096 * 3);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) & 0xff;
    writeSync(fd, junk, 0, junk.length, Math.floor(size / 4096 / 2) * 4096);
    closeSync(fd);
    const target = join(sb.dir, 'copy.db');
    const r = sb.crm(['backup', target]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/damaged/);
    expect(r.stderr).not.toMatch(/backed up/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(sb.dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('never takes a 0-byte file for a new database: every command refuses it and leaves it as it was', () => {
    const empty = join(sb.dir, 'empty.db');
    writeFileSync(empty, '');
    for (const args of [['init'], ['account', 'list'], ['account', 'add', '--name', 'Acme'], ['due']]) {
      const r = sb.crm(['--db', empty, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/empty \(0 bytes\)/);
      expect(statSync(empty).size).toBe(0);
    }
  });

  itSqlite('doctor reports the leftovers of killed backups and restores, and --fix removes them', () => {
    expect(sb.crm(['init']).code).toBe(0);
    // pids that cannot be running: above the kernel's pid_max
    const dead = 4_194_400;
    const partial = join(sb.dir, `crm-backup-20261201-070000.db.partial-${dead}`);
    const restoreTmp = join(sb.dir, `.crm.db.restore-${dead}.tmp`);
    writeFileSync(partial, 'half a backup');
    writeFileSync(restoreTmp, 'half a restore');
    const run = sb.crm(['doctor', '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    const f = doc.findings.find((x: any) => x.check === 'leftover-files');
    expect(f, JSON.stringify(doc.findings)).toBeTruthy();
    expect(f.count).toBe(2);
    expect(f.fixable).toBe(true);
    expect(sb.crm(['doctor', '--fix']).code).toBe(0);
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(restoreTmp)).toBe(false);
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});

describeSqlite('a writer that must wait says so and waits', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-wait-');
  });
  afterEach(() => sb.cleanup());

  it('on a terminal: "waiting for the import in progress, pid N", then it writes, even past the lock wait', async () => {
    expect(sb.crm(['init']).code).toBe(0);
    expect(sb.crm(['account', 'add', '--name', 'Acme Trading']).code).toBe(0);
    // A stand-in for a long import: a crm import holds the write lock for several seconds.
    const rows = ['name,company,email'];
    for (let i = 0; i < 60_000; i++) rows.push(`Person ${i},Company ${i % 9000},p${i}@example${i % 9000}.com`);
    const big = join(sb.dir, 'big.csv');
    writeFileSync(big, rows.join('\n') + '\n');
    // a lock wait of one second: the writer must keep waiting while the import is alive
    mkdirSync(join(sb.dir, 'crm'), { recursive: true });
    writeFileSync(join(sb.dir, 'crm', 'config.json'), JSON.stringify({ database: { lockWaitSeconds: 1 } }));
    const holder = spawn(process.execPath, [BIN, '--db', sb.db, 'import', big, '-q'], { env: { ...process.env, XDG_CONFIG_HOME: sb.dir }, stdio: 'ignore' });
    const done = new Promise<number>((res) => holder.on('close', (c) => res(c ?? -1)));
    // wait until the import holds the write lock
    const probe = new Database(sb.db, { timeout: 0 });
    const held = () => {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        return false;
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 60_000;
    while (!held() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    probe.close();
    const r = await runInPty(['--db', sb.db, 'log', 'Acme Trading', '--kind', 'call', '--summary', 'waited'], [], { env: { XDG_CONFIG_HOME: sb.dir } });
    expect(await done).toBe(0);
    expect(r.output).toMatch(new RegExp(`waiting for the import in progress, pid ${holder.pid}`));
    expect(r.code, r.output).toBe(0);
    expect(count(sb.db, 'interactions')).toBe(1);
    expect(existsSync(`${sb.db}-writer`)).toBe(false);
  }, 180_000);
});
