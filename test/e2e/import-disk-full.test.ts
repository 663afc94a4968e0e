// An import on a disk that fills up: before its commit it is "the disk is full; nothing was
// written" and the database as it was; after its commit (in the due-list or score refresh) the
// error says what was kept and how to finish, the rows stay, and `crm doctor --fix` finishes the
// follow-up once there is room again. The free space that makes the follow-up fail and not the
// commit is found by bisection, so the test does not depend on page counts of this version.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';
import { describeSqlite } from '../helpers/engines.js';

const canMountTmpfs = spawnSync('unshare', ['-Urm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d" && rmdir "$d"']).status === 0;

const N = 3000;
const HEADER = 'Name,Company,Title,Email,Mobile,City\n';
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => `Person ${i},Firm ${i} Ltd,Buyer,person${i}@firm${i}.example.cn,139${String(i).padStart(8, '0')},City${i % 7}\n`).join('');

// Runs the import with FREE pages left on the tmpfs and prints "<code> <accounts> <pending markers>".
const TRY = `
try_free() {
  rm -f "$DIR/full/"*
  cp "$DIR/crm.db" "$DIR/full/crm.db"
  dd if=/dev/zero of="$DIR/full/filler" bs=4k 2>/dev/null || true
  dd if=/dev/zero of="$DIR/full/filler" bs=4k count=$(( $(stat -c %s "$DIR/full/filler") / 4096 - $1 )) 2>/dev/null
  "$NODE" "$BIN" --db "$DIR/full/crm.db" import "$DIR/leads.csv" -q >"$DIR/out-$1" 2>"$DIR/err-$1"
  code=$?
  rm -f "$DIR/full/filler"
  echo "$1 $code $("$NODE" -e "$COUNT" "$SQLITE" "$DIR/full/crm.db")" >>"$DIR/tries"
  echo $code
}`;

// accounts, and follow-up markers left (db/repositories/follow-up.ts)
const COUNT = `const D = require(process.argv[1]); const d = new D(process.argv[2], { readonly: true });
const n = (q) => d.prepare(q).get().n;
console.log(n("select count(*) n from accounts") + " " + n("select count(*) n from meta where key like 'derived.pending.%'"))`;

// a disk of its own (a small tmpfs) under a database file: a server's disk is the server's
describeSqlite('an import on a disk that fills up', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-import-full-');
  });
  afterEach(() => sb.cleanup());

  it.runIf(canMountTmpfs)('tells what its commit kept when the follow-up meets a full disk, and doctor --fix finishes it', { timeout: 240_000 }, async () => {
    expect(sb.crm(['init']).code).toBe(0);
    writeFileSync(join(sb.dir, 'leads.csv'), HEADER + rows(N));
    mkdirSync(join(sb.dir, 'full'));
    // bisection on the free pages: "1" with nothing imported below, 0 above; stops at an
    // error after the commit (accounts there), then frees the space and runs doctor --fix
    const script = `
      set -u
      mount -t tmpfs -o size=48m tmpfs "$DIR/full"
      ${TRY}
      lo=3; hi=4000; found=
      [ "$(try_free $hi)" = 0 ] || { echo "the import fails with $hi pages free" >&2; exit 3; }
      while [ $((hi - lo)) -gt 1 ]; do
        mid=$(( (lo + hi) / 2 ))
        code=$(try_free $mid)
        if [ "$code" = 0 ]; then hi=$mid
        elif [ "$(cut -d' ' -f4 <<<"$(tail -1 "$DIR/tries")")" -gt 0 ]; then found=$mid; break
        else lo=$mid; fi
      done
      [ -n "$found" ] || { echo "no free space between $lo and $hi pages fails after the commit" >&2; exit 4; }
      echo $found >"$DIR/found"
      rm -f "$DIR/full/filler"
      "$NODE" "$BIN" --db "$DIR/full/crm.db" doctor >"$DIR/doctor.out" 2>&1; echo $? >"$DIR/doctor.code"
      "$NODE" "$BIN" --db "$DIR/full/crm.db" doctor --fix >"$DIR/fix.out" 2>&1; echo $? >"$DIR/fix.code"
      mkdir -p "$DIR/after" && cp "$DIR/full/"crm.db* "$DIR/after/"
      umount "$DIR/full"
    `;
    // asynchronous: the bisection runs a dozen imports, and a test worker blocked that long trips
    // vitest's RPC timeout on a loaded machine
    const child = spawn('unshare', ['-Urm', 'bash', '-c', script], {
      env: { ...process.env, DIR: sb.dir, NODE: process.execPath, BIN, COUNT, SQLITE: createRequire(import.meta.url).resolve('better-sqlite3'), XDG_CONFIG_HOME: sb.dir },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const r = { status: await new Promise<number | null>((res) => child.on('close', res)), stderr };
    const tries = readFileSync(join(sb.dir, 'tries'), 'utf8').trim().split('\n');
    expect(r.status, `${r.stderr}\n${tries.join('\n')}`).toBe(0);
    // every run on the way was one of three honest outcomes
    for (const t of tries) {
      const [free, code, accounts, pending] = t.split(' ');
      const err = readFileSync(join(sb.dir, `err-${free}`), 'utf8');
      if (code === '0') {
        expect([accounts, pending], t).toEqual([String(N), '0']);
      } else if (pending === '0') {
        expect(err, t).toMatch(/^crm: the disk is full; nothing was written/);
        expect(accounts, t).toBe('0');
      } else {
        expect(code, t).toBe('1');
        expect(accounts, t).toBe(String(N));
        expect(err, t).toMatch(/^crm: imported 3,000 leads \(batch 1\); then the (due-list|score and due-list) refresh failed: the disk is full\n/);
        expect(err).toMatch(/\n {2}free some space, then run crm doctor --fix/);
        expect(err).not.toMatch(/nothing was written|at .*\.js/);
      }
    }
    // doctor saw the unfinished follow-up; --fix finished it with room on the disk
    expect(readFileSync(join(sb.dir, 'doctor.out'), 'utf8')).toMatch(/import-follow-up.*batch 1/);
    expect(readFileSync(join(sb.dir, 'fix.code'), 'utf8').trim(), readFileSync(join(sb.dir, 'fix.out'), 'utf8')).toBe('0');
    const d = new Database(join(sb.dir, 'after', 'crm.db'), { readonly: true });
    try {
      const one = (q: string) => (d.prepare(q).get() as { n: number }).n;
      expect(one('select count(*) n from accounts')).toBe(N);
      expect(one(`select count(*) n from import_batches where status = 'done'`)).toBe(1);
      expect(one('select count(distinct account_id) n from due_items')).toBe(N);
    } finally {
      d.close();
    }
  });
});
