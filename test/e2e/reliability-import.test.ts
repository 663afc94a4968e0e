// Hostile and broken files fed to `crm import`, a bounded fuzz run, and SIGKILL at random points
// of a large import. Files are generated here, never stored in git.
import { bookFingerprint, openBook } from '../helpers/book.js';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, sandbox, type Sandbox } from '../helpers/cli.js';
import { sleep, spawnCrm } from '../helpers/spawn.js';

const STACK = /\bat .*\.(js|ts):\d+|node:internal|Unhandled|TypeError|RangeError|ReferenceError/;

/** Everything a failed import must leave as it was: every table's rows. */
function snapshot(db: string): string {
  return bookFingerprint(db);
}

function integrity(db: string): string {
  const d = openBook(db, { readonly: true });
  try {
    return d.integrity();
  } finally {
    d.close();
  }
}

/** A small seeded PRNG (mulberry32): the fuzz run is random but reproducible from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = 'Name,Company,Title,Email,Mobile,City\n';
const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = k + from;
    return `Person ${i},Firm ${i} Ltd,Buyer,person${i}@firm${i}.example.cn,139${String(i).padStart(8, '0')},City${i % 7}\n`;
  }).join('');

describe('reliability: hostile and broken import files', () => {
  let sb: Sandbox;
  let before: string;
  beforeEach(() => {
    sb = sandbox('crm-hostile-');
    // a database with something in it, so "unchanged" means something
    sb.crm(['account', 'add', '--name', 'Existing Co', '--city', 'Ningbo']);
    const f = join(sb.dir, 'first.csv');
    writeFileSync(f, HEADER + rows(3, 1000));
    expect(sb.crm(['import', f]).code).toBe(0);
    before = snapshot(sb.db);
  });
  afterEach(() => sb.cleanup());

  const file = (name: string, content: string | Buffer) => {
    const f = join(sb.dir, name);
    writeFileSync(f, content);
    return f;
  };
  /** Runs the import, expects a clean one-line error naming the file and line, and no change. */
  const expectRefused = (f: string, name: string, line: number | RegExp, what: RegExp, extra: string[] = []) => {
    const r = sb.crm(['import', f, ...extra]);
    expect(r.code, r.stderr).toBe(1);
    const lineRe = typeof line === 'number' ? String(line) : line.source;
    expect(r.stderr).toMatch(new RegExp(`^crm: (?:.*/)?${name.replace('.', '\\.')}, line ${lineRe}: `));
    expect(r.stderr).toMatch(what);
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(sb.db)).toBe(before);
    return r;
  };

  it('a file cut in the middle of a quoted field', () => {
    expectRefused(file('cut.csv', HEADER + rows(50) + '"Half quoted name, Comp'), 'cut.csv', 52, /never closed/);
  });

  it('a file cut in the middle of a UTF-8 character', () => {
    const b = Buffer.concat([Buffer.from(HEADER + rows(50)), Buffer.from('张伟,华南电子有限公司', 'utf8').subarray(0, -1)]);
    expectRefused(file('cut-utf8.csv', b), 'cut-utf8.csv', 52, /not valid UTF-8/);
  });

  it('invalid UTF-8 in the middle of a UTF-8 file', () => {
    const b = Buffer.concat([
      Buffer.from(HEADER + '张伟,华南电子,经理,zw@huanan.example.cn,13800000001,深圳\n' + rows(20)),
      Buffer.from([0x42, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x2c, 0xc3, 0x28, 0x0a]),
      Buffer.from(rows(5, 100)),
    ]);
    expectRefused(file('bad-utf8.csv', b), 'bad-utf8.csv', 23, /not valid UTF-8/);
  });

  it('NUL bytes', () => {
    const b = Buffer.concat([Buffer.from(HEADER + rows(3)), Buffer.from('Nul\u0000Name,Co\u0000,n@example.com,1,C\n'), Buffer.from(rows(3, 10))]);
    expectRefused(file('nul.csv', b), 'nul.csv', 5, /NUL bytes/);
  });

  it('a single 50 MB line', () => {
    expectRefused(file('huge-line.csv', HEADER + 'Big,' + 'x'.repeat(50 * 1024 * 1024) + ',b@example.com,1,C\n' + rows(2)), 'huge-line.csv', 2, /longer than 1 MB/);
  });

  it('a 50 MB file with no line break at all', () => {
    const r = sb.crm(['import', file('one-line.csv', 'a,'.repeat(25 * 1024 * 1024))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crm: (?:.*\/)?one-line\.csv, line 1: /);
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(sb.db)).toBe(before);
  });

  it('100,000 columns', () => {
    const f = file('wide.csv', Array.from({ length: 100_000 }, (_, i) => `column_${i}`).join(',') + '\n' + Array.from({ length: 100_000 }, () => 'v').join(',') + '\n');
    expectRefused(f, 'wide.csv', /\d+/, /nothing to import|longer than/, ['--strict']);
    // without --strict the row is reported as rejected, with its line, and nothing else changes
    const r = sb.crm(['import', f, '--json']);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(STACK);
    if (r.code === 0) {
      const out = JSON.parse(r.stdout);
      expect(out.created).toBe(0);
      expect(out.rejected[0]).toMatchObject({ file: 'wide.csv', line: 2 });
    }
  });

  it('an unbalanced quote in the middle of the file', () => {
    const lines = rows(40).split('\n');
    lines.splice(10, 0, '"Unclosed,Co,Buyer,u@example.com,1,C');
    expectRefused(file('unbalanced.csv', HEADER + lines.join('\n')), 'unbalanced.csv', 12, /never closed/);
  });

  it('binary files named .csv: random bytes, a zip, a gzip', () => {
    const r = rng(7);
    const random = Buffer.from(Array.from({ length: 30_000 }, () => Math.floor(r() * 256)));
    expectRefused(file('random.csv', random), 'random.csv', /\d+/, /not a text file/);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), random.subarray(0, 2000)]);
    expectRefused(file('sheet.csv', zip), 'sheet.csv', 1, /not a text file/);
    const gz = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]), random.subarray(0, 2000)]);
    expectRefused(file('export.csv', gz), 'export.csv', 1, /not a text file/);
  });

  it('vCards with absurd folding', () => {
    // 200,000 folds of one property: read in linear time; a name that long is rejected with its
    // line, as a typed one is (at most 200 characters), and the rest of the file lands
    const many = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fold' + '\r\n x'.repeat(200_000) + '\r\nEMAIL:fold@example.com\r\nEND:VCARD\r\n' + 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Short Name\r\nEMAIL:short@example.com\r\nEND:VCARD\r\n';
    const r1 = sb.crm(['import', file('folded.vcf', many), '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const out1 = JSON.parse(r1.stdout) as { created: number; rejected: { line: number; reason: string }[] };
    expect(out1.created).toBe(1);
    expect(out1.rejected.map((x) => `${x.line}: ${x.reason}`)).toEqual(['1: the name is 200,004 characters long; at most 200 are allowed']);
    // quoted-printable soft line breaks, 200,000 of them
    const qp = 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:' + Array.from({ length: 200_000 }, () => 'ab').join('=\r\n') + '\r\nEMAIL:qp@example.com\r\nEND:VCARD\r\n';
    const r2 = sb.crm(['import', file('qp.vcf', qp), '--json']);
    expect(r2.code, r2.stderr).toBe(0);
    const afterOk = snapshot(sb.db);
    // folded beyond any contact field: refused with its line
    const huge = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge' + '\r\n xy'.repeat(600_000) + '\r\nEND:VCARD\r\n';
    const r3 = sb.crm(['import', file('huge.vcf', huge)]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/^crm: huge\.vcf, line 3: a vCard value longer than 1 MB/);
    expect(snapshot(sb.db)).toBe(afterOk);
    // one 50 MB line
    const r4 = sb.crm(['import', file('line.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:' + 'y'.repeat(50 * 1024 * 1024) + '\r\nEND:VCARD\r\n')]);
    expect(r4.code).toBe(1);
    expect(r4.stderr).toMatch(/^crm: line\.vcf, line 3: /);
    expect(snapshot(sb.db)).toBe(afterOk);
  });

  it('impossible dates: 0000-00-00 and 2026-02-30', () => {
    const orders = file('orders.csv', 'Company,Date,Amount\nFirm 1000 Ltd,0000-00-00,100\nFirm 1001 Ltd,2026-02-30,200\nFirm 1002 Ltd,2026-02-28,300\n');
    expectRefused(orders, 'orders.csv', 2, /0000-00-00/, ['--kind', 'orders', '--strict']);
    // without --strict: the two rows are rejected with their lines, the good one lands
    const r = sb.crm(['import', orders, '--kind', 'orders', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rejected.map((x: any) => [x.file, x.line])).toEqual([['orders.csv', 2], ['orders.csv', 3]]);
    const d = openBook(sb.db, { readonly: true });
    expect(d.prepare('select ordered_on, amount from orders').all()).toEqual([{ ordered_on: '2026-02-28', amount: 300 }]);
    d.close();
    // a lead's impossible birthday is flagged with its line and never stored as a date
    const leads = file('leads.csv', 'Name,Company,Email,Birthday\nAnn,Co A,ann@a.example.com,0000-00-00\nBen,Co B,ben@b.example.com,2026-02-30\n');
    const l = sb.crm(['import', leads, '--json']);
    expect(l.code, l.stderr).toBe(0);
    const lo = JSON.parse(l.stdout);
    expect(lo.flagged.map((x: any) => x.line).sort()).toEqual([2, 3]);
    const d2 = openBook(sb.db, { readonly: true });
    expect(d2.prepare(`select birthday from contacts where name in ('Ann', 'Ben')`).all()).toEqual([{ birthday: null }, { birthday: null }]);
    d2.close();
  });

  it('stores SQL-looking names from a file as text', () => {
    const f = file('sql.csv', `Name,Company,Email\n"Robert'); DROP TABLE accounts;--","x' OR '1'='1 Ltd",bobby@tables.example.com\n`);
    const r = sb.crm(['import', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(sb.json(['find', "DROP TABLE"]).map((h: any) => h.name)).toEqual(["x' OR '1'='1 Ltd"]);
    expect(sb.json(['contact', 'list']).map((c: any) => c.name)).toContain("Robert'); DROP TABLE accounts;--");
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});

describe('reliability: import fuzzing and crashes', () => {
  let sb: Sandbox;
  beforeEach(() => {
    sb = sandbox('crm-fuzz-');
  });
  afterEach(() => sb.cleanup());

  /**
   * The fuzz inputs: valid CSV and vCard files mutated at random (tokens that matter to the
   * parsers, random bytes, deletions, repeats, truncation) and plain random bytes. Seeded, so a
   * failure is reproduced with CRM_FUZZ_SEED=<seed>.
   */
  function fuzzInputs(seed: number, n: number): { name: string; content: Buffer; strict: boolean }[] {
    const r = rng(seed);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const validCsv = () => HEADER + rows(5 + Math.floor(r() * 20), Math.floor(r() * 1000)) + '张伟,华南电子有限公司,采购经理,zw@huanan.example.cn,+86 138 1234 5678,深圳\n"Smith, John","Acme ""Intl""",Buyer,js@acme.example.com,+1 415 555 0100,SF\n';
    const validVcf = () =>
      Array.from({ length: 3 + Math.floor(r() * 5) }, (_, i) =>
        `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Wang;Fang${i};;;\r\nFN:Wang Fang${i}\r\nORG:Firm${i}\r\nEMAIL;TYPE=work:f${i}@firm.example.com\r\nTEL;TYPE=cell:+86 139 0000 ${String(1000 + i)}\r\nNOTE:line one\\nline two\r\n  folded\r\nEND:VCARD\r\n`,
      ).join('');
    const TOKENS = ['"', ',', '\n', '\r\n', '\u0000', ';', '\t', 'BEGIN:VCARD\r\n', 'END:VCARD\r\n', '=\r\n', '\r\n ', '\\', '\uFEFF', '\u202E', '\u001b[31m', "'); DROP TABLE accounts;--", '0000-00-00', '2026-02-30', ',,,,,,\n', 'ENCODING=QUOTED-PRINTABLE:', 'sep=;\n'];
    const mutate = (s: Buffer): Buffer => {
      const out: Buffer[] = [];
      let pos = 0;
      const edits = 1 + Math.floor(r() * 8);
      const cuts = Array.from({ length: edits }, () => Math.floor(r() * s.length)).sort((x, y) => x - y);
      for (const c of cuts) {
        out.push(s.subarray(pos, c));
        const kind = Math.floor(r() * 5);
        if (kind === 0) out.push(Buffer.from(pick(TOKENS)));
        else if (kind === 1) out.push(Buffer.from([Math.floor(r() * 256)]));
        else if (kind === 2) pos = Math.min(s.length, c + Math.floor(r() * 20)); // delete
        else if (kind === 3) out.push(s.subarray(c, Math.min(s.length, c + Math.floor(r() * 200)))); // repeat
        else out.push(Buffer.from(pick(TOKENS).repeat(1 + Math.floor(r() * 50))));
        if (kind !== 2) pos = c;
      }
      out.push(s.subarray(pos));
      const res = Buffer.concat(out);
      return r() < 0.15 ? res.subarray(0, Math.floor(r() * res.length)) : res; // truncated
    };
    const randomBytes = () => Buffer.from(Array.from({ length: Math.floor(r() * 5000) }, () => (r() < 0.7 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256))));
    return Array.from({ length: n }, (_, i) => {
      const kind = r();
      const vcf = kind >= 0.5 && kind < 0.85;
      const content = kind < 0.5 ? mutate(Buffer.from(validCsv())) : vcf ? mutate(Buffer.from(validVcf())) : randomBytes();
      return { name: `fuzz-${i}.${vcf ? 'vcf' : 'csv'}`, content, strict: r() < 0.3 };
    });
  }
  const FUZZ_SEED = Number(process.env.CRM_FUZZ_SEED ?? 20261206);

  it('readers and writer survive 300 fuzzed files in-process: a clean error (exit 1 or 2) or a consistent import', { timeout: 240_000 }, async () => {
    const { openEngine } = await import('../../src/db/open.js');
    const { migrateToLatest } = await import('../../src/db/migrate.js');
    const { DEFAULT_CONFIG } = await import('../../src/domain/config.js');
    const { fixedClock } = await import('../../src/domain/dates.js');
    const { CrmError } = await import('../../src/domain/errors.js');
    const { runImport } = await import('../../src/services/import.js');
    const outcomes = { imported: 0, refused: 0 };
    const inputs = fuzzInputs(FUZZ_SEED, 300);
    // a fresh database every 50 inputs keeps the before/after snapshots small
    for (let from = 0; from < inputs.length; from += 50) {
      const db = join(sb.dir, `fuzz-${from}.db`);
      const engine = await openEngine(db);
      await migrateToLatest(engine);
      const ctx = { engine, db: engine.db, clock: fixedClock('2026-06-01'), config: DEFAULT_CONFIG };
      try {
        for (const [k, input] of inputs.slice(from, from + 50).entries()) {
          const i = from + k;
          const f = join(sb.dir, input.name);
          writeFileSync(f, input.content);
          const before = snapshot(db);
          const what = `seed ${FUZZ_SEED}, input ${i} (${input.name})`;
          try {
            const s = await runImport(ctx, { files: [f], kind: 'leads', strict: input.strict });
            expect(s.rows, what).toBe(s.created + s.merged + s.unchanged + s.rejectedCount);
            outcomes.imported++;
          } catch (e) {
            // a crash is any error crm did not mean to raise: those would print a stack trace
            expect(e, `${what}: ${(e as Error).stack}`).toBeInstanceOf(CrmError);
            expect([1, 2], what).toContain((e as InstanceType<typeof CrmError>).exitCode);
            expect(snapshot(db), what).toBe(before);
            outcomes.refused++;
          }
          expect(await engine.integrity(), what).toEqual([]);
        }
      } finally {
        await engine.close();
      }
      expect(integrity(db)).toBe('ok');
    }
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    const doc = spawnSync(process.execPath, [BIN, '--db', join(sb.dir, 'fuzz-250.db'), 'doctor', '--json'], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: sb.dir } });
    expect(doc.status, doc.stdout).toBe(0);
  });

  it('the built crm exits 0, 1 or 2 on 20 more such files, with no stack trace, no hang and the database intact', { timeout: 240_000 }, () => {
    expect(sb.crm(['init']).code).toBe(0);
    const inputs = fuzzInputs(FUZZ_SEED + 1, 20);
    for (const [i, input] of inputs.entries()) {
      const f = join(sb.dir, input.name);
      writeFileSync(f, input.content);
      const before = snapshot(sb.db);
      const res = spawnSync(process.execPath, [BIN, '--db', sb.db, 'import', f, '--json', ...(input.strict ? ['--strict'] : [])], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: sb.dir },
      });
      const what = `seed ${FUZZ_SEED + 1}, input ${i} (${f}): exit ${res.status} signal ${res.signal}: ${String(res.stderr).slice(0, 300)}`;
      expect(res.signal, what).toBeNull(); // no hang (killed by the timeout), no crash
      expect([0, 1, 2], what).toContain(res.status);
      expect(res.stderr, what).not.toMatch(STACK);
      if (res.status === 0) expect(() => JSON.parse(res.stdout), what).not.toThrow();
      else {
        expect(res.stderr, what).toMatch(/^crm: /);
        expect(snapshot(sb.db), what).toBe(before);
      }
      expect(integrity(sb.db), what).toBe('ok');
    }
  });

  it('is all or nothing when killed at random points of a large import, and a re-run completes it', { timeout: 150_000 }, async () => {
    sb.crm(['account', 'add', '--name', 'Existing Co']);
    const n = 8000;
    const f = join(sb.dir, 'big.csv');
    writeFileSync(f, HEADER + rows(n));
    const r = rng(42);
    const count = (t: string) => {
      const d = openBook(sb.db, { readonly: true });
      try {
        return (d.prepare(`select count(*) n from ${t}`).get() as { n: number }).n;
      } finally {
        d.close();
      }
    };
    let completed = false;
    for (let k = 0; k < 4 && !completed; k++) {
      const run = spawnCrm(['--db', sb.db, 'import', f, '-q'], { env: { XDG_CONFIG_HOME: sb.dir } });
      await sleep(300 + Math.floor(r() * 2500));
      run.child.kill('SIGKILL');
      const res = await run.done;
      completed = res.signal === null && res.code === 0;
      expect(integrity(sb.db), `kill ${k}`).toBe('ok');
      const accounts = count('accounts');
      // all or nothing: never part of a batch
      expect([1, 1 + n], `kill ${k}`).toContain(accounts);
      const d = openBook(sb.db, { readonly: true });
      expect(d.prepare(`select count(*) n from import_batches where status = 'running'`).get(), `kill ${k}`).toEqual({ n: 0 });
      expect(d.prepare(`select count(*) n from import_rows where batch_id not in (select id from import_batches)`).get()).toEqual({ n: 0 });
      d.close();
      if (accounts === 1 + n) completed = true;
    }
    if (!completed) {
      const again = sb.crm(['import', f, '-q']);
      expect(again.code, again.stderr).toBe(0);
    }
    expect(count('accounts')).toBe(1 + n);
    expect(count('contacts')).toBe(n);
    expect(count('import_batches')).toBe(1);
    expect(sb.json(['find', 'person7999@firm7999.example.cn']).map((h: any) => h.name)).toEqual(['Firm 7999 Ltd']);
    expect(sb.crm(['doctor']).code).toBe(0);
  });
});
